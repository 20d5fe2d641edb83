/**
 * GRU kernels: the fast kernel against the readable reference kernel over every option, the
 * reference backward against finite differences of the reference forward, and the masking /
 * goBackwards rules checked directly on the outputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gruForwardReference, gruBackwardReference } from '../../src/kernels/reference/gru.js';
import { gruForwardFast, gruBackwardFast } from '../../src/kernels/fast/gru.js';
import { gruBiasSize, type GruForwardArgs, type GruGradients } from '../../src/kernels/gruTypes.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setSeed } from '../../src/tensor/random.js';
import type { FloatArray } from '../../src/tensor/tensor.js';
import { assertClose } from '../helpers/fixtures.js';
import { dropoutMask, randArray, sequenceMask, type MaskKind } from '../helpers/kernelCases.js';

const rand = randArray;

interface Case {
  B: number; T: number; I: number; U: number;
  mask: MaskKind;
  goBackwards: boolean; state: boolean; dropout: boolean; zeroOutputForMask: boolean;
  resetAfter: boolean; useBias: boolean;
  act: string; rec: string;
}

function makeArgs(c: Case, f64: boolean): GruForwardArgs {
  const { B, T, I, U } = c;
  const rdm = c.dropout ? dropoutMask(B * U, f64) : null;
  return {
    x: rand(B * T * I, f64), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: rand(I * 3 * U, f64, -0.7, 0.7), recurrentKernel: rand(U * 3 * U, f64, -0.7, 0.7),
    bias: c.useBias ? rand(gruBiasSize(U, c.resetAfter), f64) : null,
    resetAfter: c.resetAfter,
    h0: c.state ? rand(B * U, f64, -0.5, 0.5) : null,
    mask: sequenceMask(c.mask, B, T, f64), goBackwards: c.goBackwards, recurrentDropoutMask: rdm, zeroOutputForMask: c.zeroOutputForMask,
    activation: getRecurrentActivation(c.act, 'test', 'activation'),
    recurrentActivation: getRecurrentActivation(c.rec, 'test', 'recurrentActivation'),
    needsBackward: true,
  };
}

const cases: Case[] = [];
// B 1-3, T 1-7, I 1-5, U 1-9 with odd sizes (the fast GEMM tiles by 4).
const shapes = [[1, 1, 1, 1], [2, 3, 2, 3], [3, 7, 5, 9], [2, 5, 3, 1], [3, 4, 1, 7], [1, 6, 4, 5]];
const masks: Case['mask'][] = ['none', 'post', 'pre', 'allMaskedRow'];
const activations = [['tanh', 'sigmoid'], ['relu', 'sigmoid'], ['tanh', 'hardSigmoid'], ['linear', 'sigmoid'], ['tanh', 'sigmoid']];
let k = 0;
for (const [B, T, I, U] of shapes) {
  for (const mask of masks) {
    for (const goBackwards of [false, true]) {
      for (const resetAfter of [true, false]) {
        k++;
        const [act, rec] = activations[k % activations.length]!;
        cases.push({
          B: B!, T: T!, I: I!, U: U!, mask, goBackwards, resetAfter,
          state: k % 2 === 0, dropout: k % 3 === 0, zeroOutputForMask: k % 4 === 1, useBias: k % 7 !== 3,
          act: act!, rec: rec!,
        });
      }
    }
  }
}

const gradKeys = ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const;

for (const f64 of [true, false]) {
  test(`fast GRU kernel equals the reference kernel, forward and backward (${f64 ? 'float64' : 'float32'})`, () => {
    setSeed(21);
    const tol = f64 ? { r: 1e-11, a: 1e-12 } : { r: 2e-4, a: 2e-5 };
    for (const c of cases) {
      const label = JSON.stringify(c);
      const args = makeArgs(c, f64);
      const ref = gruForwardReference(args);
      const fast = gruForwardFast(args);
      assert.equal(fast.sequence instanceof Float64Array, f64, 'fast kernel keeps the dtype');
      assertClose(fast.sequence, ref.sequence, `${label} sequence`, tol.r, tol.a);
      assertClose(fast.lastOutput, ref.lastOutput, `${label} lastOutput`, tol.r, tol.a);
      assertClose(fast.hT, ref.hT, `${label} hT`, tol.r, tol.a);
      const { B, T, U } = c;
      const gradArgs = { forward: args, dSequence: rand(B * T * U, f64), dLastOutput: rand(B * U, f64), dhT: rand(B * U, f64) };
      const gr = gruBackwardReference({ ...gradArgs, cache: ref.cache });
      const gf = gruBackwardFast({ ...gradArgs, cache: fast.cache });
      for (const key of gradKeys) assertClose(gf[key], gr[key], `${label} ${key}`, tol.r * 10, tol.a * 10);
      // Null upstream gradients are zeros.
      const onlySeq = { forward: args, dSequence: gradArgs.dSequence, dLastOutput: null, dhT: null };
      const gr2 = gruBackwardReference({ ...onlySeq, cache: ref.cache });
      const gf2 = gruBackwardFast({ ...onlySeq, cache: fast.cache });
      for (const key of gradKeys) assertClose(gf2[key], gr2[key], `${label} ${key} (sequence only)`, tol.r * 10, tol.a * 10);
    }
  });
}

test('fast GRU kernel without needsBackward gives the same forward', () => {
  setSeed(22);
  for (const c of cases.slice(0, 40)) {
    const args = makeArgs(c, true);
    const a = gruForwardFast(args);
    const b = gruForwardFast({ ...args, needsBackward: false });
    assert.equal(b.cache, null);
    assert.deepEqual(Array.from(b.sequence!), Array.from(a.sequence!));
    assert.deepEqual(Array.from(b.hT), Array.from(a.hT));
  }
});

/** L = Σ wSeq·sequence + Σ wLast·lastOutput + Σ wH·hT with fixed weights. */
function lossOf(args: GruForwardArgs, w: { seq: FloatArray; last: FloatArray; h: FloatArray }): number {
  const out = gruForwardReference({ ...args, needsBackward: false });
  let sum = 0;
  for (let i = 0; i < out.sequence!.length; i++) sum += w.seq[i]! * out.sequence![i]!;
  for (let i = 0; i < out.lastOutput.length; i++) sum += w.last[i]! * out.lastOutput[i]! + w.h[i]! * out.hT[i]!;
  return sum;
}

test('reference GRU backward equals finite differences of the reference forward, every option', () => {
  setSeed(23);
  const eps = 1e-6;
  for (const c of cases) {
    const args = makeArgs(c, true);
    if (!args.h0) args.h0 = new Float64Array(c.B * c.U); // so dh0 is checked too
    if (!args.bias) args.bias = new Float64Array(gruBiasSize(c.U, c.resetAfter));
    const { B, T, U } = c;
    const w = { seq: rand(B * T * U, true), last: rand(B * U, true), h: rand(B * U, true) };
    const fwd = gruForwardReference(args);
    const g: GruGradients = gruBackwardReference({ forward: args, cache: fwd.cache, dSequence: w.seq, dLastOutput: w.last, dhT: w.h });
    const wrt: [string, FloatArray, FloatArray][] = [
      ['x', args.x, g.dx], ['kernel', args.kernel, g.dKernel], ['recurrentKernel', args.recurrentKernel, g.dRecurrentKernel],
      ['bias', args.bias, g.dBias], ['h0', args.h0, g.dh0],
    ];
    for (const [name, arr, grad] of wrt) {
      assert.equal(grad.length, arr.length, `${name} gradient length`);
      for (let i = 0; i < arr.length; i++) {
        const orig = arr[i]!;
        arr[i] = orig + eps;
        const up = lossOf(args, w);
        arr[i] = orig - eps;
        const down = lossOf(args, w);
        arr[i] = orig;
        const numeric = (up - down) / (2 * eps);
        const diff = Math.abs(grad[i]! - numeric);
        assert.ok(diff <= 1e-7 + 1e-5 * Math.abs(numeric), `${JSON.stringify(c)} d${name}[${i}]: analytic ${grad[i]} vs numeric ${numeric}`);
      }
    }
  }
});

test('GRU kernels follow the Keras mask rules: state carried, previous output repeated, zeros first', () => {
  setSeed(24);
  for (const run of [gruForwardReference, gruForwardFast]) {
    for (const c of cases.filter((cc) => cc.mask !== 'none')) {
      const args = makeArgs(c, true);
      const out = run(args);
      const { B, T, U } = c;
      for (let b = 0; b < B; b++) {
        let prev = new Array<number>(U).fill(0);
        let lastRealH: number[] | null = null;
        for (let s = 0; s < T; s++) {
          const t = c.goBackwards ? T - 1 - s : s;
          const y = Array.from(out.sequence!.subarray((b * T + s) * U, (b * T + s + 1) * U));
          if (args.mask![b * T + t] === 0) {
            assert.deepEqual(y, c.zeroOutputForMask ? new Array(U).fill(0) : prev, `${JSON.stringify(c)} row ${b} step ${s}`);
          } else {
            prev = y;
            lastRealH = y;
          }
        }
        const h0 = args.h0 ? Array.from(args.h0.subarray(b * U, (b + 1) * U)) : new Array(U).fill(0);
        assert.deepEqual(Array.from(out.hT.subarray(b * U, (b + 1) * U)), lastRealH ?? h0, 'final state = last real step (h0 if none)');
        assert.deepEqual(Array.from(out.lastOutput.subarray(b * U, (b + 1) * U)), lastRealH ?? new Array(U).fill(0), 'lastOutput');
      }
    }
  }
});

test('GRU kernels: goBackwards equals running forwards on the time-reversed input and mask', () => {
  setSeed(25);
  for (const run of [gruForwardReference, gruForwardFast]) {
    for (const c of cases.filter((cc) => cc.goBackwards)) {
      const args = makeArgs(c, true);
      const { B, T, I } = c;
      const xr = new Float64Array(args.x.length);
      const mr = args.mask ? new Float64Array(B * T) : null;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          for (let f = 0; f < I; f++) xr[(b * T + t) * I + f] = args.x[(b * T + T - 1 - t) * I + f]!;
          if (mr) mr[b * T + t] = args.mask![b * T + T - 1 - t]!;
        }
      }
      const a = run(args);
      const e = run({ ...args, x: xr, mask: mr, goBackwards: false });
      assert.deepEqual(Array.from(a.sequence!), Array.from(e.sequence!));
      assert.deepEqual(Array.from(a.hT), Array.from(e.hT));
    }
  }
});
