import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemm } from '../../src/kernels/fast/gemm.js';
import { matmulReference } from '../../src/kernels/reference/matmul.js';
import { setSeed, uniform } from '../../src/tensor/random.js';
import type { FloatArray } from '../../src/tensor/tensor.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

function randomArray(ctor: Ctor, n: number): FloatArray {
  const a = new ctor(n);
  for (let i = 0; i < n; i++) a[i] = uniform(-1, 1);
  return a;
}

test('matmulReference matches a hand-worked product, transposes and accumulate', () => {
  // A = [[1, 2, 3], [4, 5, 6]], B = [[7, 8], [9, 10], [11, 12]] -> AB = [[58, 64], [139, 154]]
  const A = new Float64Array([1, 2, 3, 4, 5, 6]);
  const B = new Float64Array([7, 8, 9, 10, 11, 12]);
  const C = new Float64Array(4);
  matmulReference(false, false, 2, 2, 3, A, 0, B, 0, C, 0, false);
  assert.deepEqual([...C], [58, 64, 139, 154]);
  const At = new Float64Array([1, 4, 2, 5, 3, 6]); // A stored [3, 2]
  const Bt = new Float64Array([7, 9, 11, 8, 10, 12]); // B stored [2, 3]
  for (const [ta, tb] of [[true, false], [false, true], [true, true]] as const) {
    const D = new Float64Array([1, 1, 1, 1]);
    matmulReference(ta, tb, 2, 2, 3, ta ? At : A, 0, tb ? Bt : B, 0, D, 0, true);
    assert.deepEqual([...D], [59, 65, 140, 155], `transA=${ta} transB=${tb}`);
  }
});

test('gemm equals the reference on random shapes, all transposes, offsets, accumulate, both dtypes', () => {
  setSeed(1);
  const sizes = [1, 3, 4, 17, 65];
  const extraShapes: [number, number, number][] = [[130, 9, 300], [5, 260, 513], [64, 64, 64], [2, 1030, 7]];
  const shapes: [number, number, number][] = [...extraShapes];
  for (const m of sizes) for (const n of sizes) for (const k of sizes) if ((m * 7 + n * 3 + k) % 3 === 0 || m === n) shapes.push([m, n, k]);
  let checked = 0;
  for (const ctor of [Float32Array, Float64Array] as Ctor[]) {
    const tol = ctor === Float32Array ? 2e-5 : 1e-12;
    for (const [M, N, K] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) {
            const aOff = 3, bOff = 5, cOff = 2;
            const A = randomArray(ctor, aOff + M * K + 4);
            const B = randomArray(ctor, bOff + K * N + 1);
            const C1 = randomArray(ctor, cOff + M * N + 3);
            const C2 = C1.slice();
            gemm(transA, transB, M, N, K, A, aOff, B, bOff, C1, cOff, accumulate);
            matmulReference(transA, transB, M, N, K, A, aOff, B, bOff, C2, cOff, accumulate);
            for (let i = 0; i < C1.length; i++) {
              const inside = i >= cOff && i < cOff + M * N;
              if (!inside) {
                assert.equal(C1[i], C2[i], 'gemm wrote outside its block');
                continue;
              }
              const diff = Math.abs(C1[i]! - C2[i]!);
              if (diff > tol * Math.max(1, Math.sqrt(K))) {
                assert.fail(`M=${M} N=${N} K=${K} transA=${transA} transB=${transB} acc=${accumulate} ${ctor.name} entry ${i}: ${C1[i]} vs ${C2[i]}`);
              }
            }
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 300);
});

test('gemm with K = 0 zeroes C unless accumulating', () => {
  const C = new Float32Array([5, 6]);
  gemm(false, false, 1, 2, 0, new Float32Array(0), 0, new Float32Array(0), 0, C, 0, true);
  assert.deepEqual([...C], [5, 6]);
  gemm(false, false, 1, 2, 0, new Float32Array(0), 0, new Float32Array(0), 0, C, 0, false);
  assert.deepEqual([...C], [0, 0]);
});

test('gemm rejects buffers too small for the block', () => {
  assert.throws(
    () => gemm(false, false, 2, 2, 2, new Float32Array(4), 1, new Float32Array(4), 0, new Float32Array(4), 0, false),
    /gemm: argument 'A' needs 4 values from offset 1, but its buffer has 4/,
  );
});
