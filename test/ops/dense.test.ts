import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { add } from '../../src/ops/public/arithmetic.js';
import { gemm } from '../../src/kernels/gemm.js';
import { assertClose } from '../helpers/fixtures.js';
import { dense } from '../../src/ops/dense.js';
import { backward, record } from '../../src/autograd/tape.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

test('dense computes x @ kernel + bias by hand', () => {
  // [1, 2] @ [[1, 2, 3], [4, 5, 6]] = [9, 12, 15]; + [0.5, -1, 0] = [9.5, 11, 15]
  const y = dense(tensor([[1, 2], [0, -1]]), tensor([[1, 2, 3], [4, 5, 6]]), tensor([0.5, -1, 0]));
  assert.deepEqual(y.shape, [2, 3]);
  assert.deepEqual(y.toArray(), [[9.5, 11, 15], [-3.5, -6, -6]]);
  const noBias = dense(tensor([[1, 2]]), tensor([[1, 2, 3], [4, 5, 6]]), null);
  assert.deepEqual(noBias.toArray(), [[9, 12, 15]]);
});

test('dense on [B, T, F] equals dense on [B*T, F]', () => {
  setSeed(3);
  const x = randomTensor([2, 3, 4], -1, 1, false);
  const k = randomTensor([4, 5], -1, 1, false);
  const b = randomTensor([5], -1, 1, false);
  const y3 = dense(x, k, b);
  assert.deepEqual(y3.shape, [2, 3, 5]);
  for (let r = 0; r < 6; r++) {
    for (let u = 0; u < 5; u++) {
      let s = b.data[u]!;
      for (let f = 0; f < 4; f++) s += x.data[r * 4 + f]! * k.data[f * 5 + u]!;
      assert.ok(Math.abs(y3.data[r * 5 + u]! - s) < 1e-14);
    }
  }
});

test('dense gradients match finite differences (rank 2 and 3, with and without bias)', () => {
  setSeed(4);
  for (const shape of [[5, 3], [2, 4, 3], [1, 3]]) {
    const x = randomTensor(shape);
    const k = randomTensor([3, 7]);
    const b = randomTensor([7]);
    checkGradients(() => linearLoss([dense(x, k, b)]), [x, k, b], { label: `dense ${shape}` });
    checkGradients(() => linearLoss([dense(x, k, null)]), [x, k], { label: `dense no bias ${shape}` });
  }
  // Large enough for gemm's packed path in all three products.
  const x = randomTensor([9, 33]);
  const k = randomTensor([33, 18]);
  checkGradients(() => linearLoss([dense(x, k, null)]), [x, k], { label: 'dense packed', maxEntries: 60 });
});

test('dense backward skips inputs that do not require grad', () => {
  const x = tensor([[1, 2]], undefined, 'float64');
  const k = randomTensor([2, 2]);
  const loss = record(() => linearLoss([dense(x, k, null)]));
  backward(loss);
  assert.equal(x.grad, null);
  assert.ok(k.grad);
});

test('dense rejects mismatched shapes and dtypes naming the argument', () => {
  assert.throws(() => dense(tensor([1, 2]), tensor([[1], [2]]), null), /dense: argument 'x' expected rank >= 2/);
  assert.throws(() => dense(tensor([[1, 2]]), tensor([[1, 2, 3]]), null), /dense: argument 'kernel' expected shape \[2, units\].*got \[1, 3\]/);
  assert.throws(() => dense(tensor([[1, 2]]), tensor([[1], [2]]), tensor([1, 2])), /dense: argument 'bias' expected shape \[1\], got \[2\]/);
  assert.throws(
    () => dense(tensor([[1, 2]]), tensor([[1], [2]], undefined, 'float64'), null),
    /dense: argument 'kernel' expected dtype float32 like 'x', got float64/,
  );
});

test('dense: the input gradient of the first use is written, of a second use added (float32, wasm-sized)', () => {
  // 64 x 32 x 32 is past kernels/gemm.ts's wasm threshold: the first product writes the
  // gradient without copying zeros in, and must give what adding to zeros gives; the second
  // use must add to it.
  const f32 = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 0.61 + k)));
  const x = new Tensor(f32(64 * 32, 1), [64, 32]);
  const k1 = new Tensor(f32(32 * 32, 2), [32, 32]);
  const k2 = new Tensor(f32(32 * 32, 3), [32, 32]);
  x.requiresGrad = true;
  const seed = f32(64 * 32, 4);
  const gradOnce = (kernel: Tensor): Float32Array => {
    x.grad = null;
    backward(record(() => dense(x, kernel, null)), seed);
    return x.grad!.slice() as Float32Array;
  };
  const g1 = gradOnce(k1);
  const addedToZeros = new Float32Array(64 * 32);
  gemm(false, true, 64, 32, 32, seed, 0, k1.data, 0, addedToZeros, 0, true);
  assert.deepEqual(Array.from(g1), Array.from(addedToZeros));
  const g2 = gradOnce(k2);
  x.grad = null;
  backward(record(() => add(dense(x, k1, null), dense(x, k2, null))), seed);
  assertClose(x.grad!, Array.from(g1, (v, i) => v + g2[i]!), 'sum of both uses', 1e-5, 1e-4);
});
