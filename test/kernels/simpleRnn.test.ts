/**
 * SimpleRNN kernels: the fast kernel against the readable reference kernel over every option,
 * the reference backward against finite differences of the reference forward, the mask and
 * goBackwards rules, and one step against the equation written out in the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simpleRnnForwardReference, simpleRnnBackwardReference } from '../../src/kernels/reference/simpleRnn.js';
import { simpleRnnForwardFast, simpleRnnBackwardFast } from '../../src/kernels/fast/simpleRnn.js';
import type { SimpleRnnForwardArgs } from '../../src/kernels/simpleRnnTypes.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setSeed, uniform, random } from '../../src/tensor/random.js';
import { optionGrid } from '../helpers/kernelCases.js';
import type { FloatArray } from '../../src/tensor/tensor.js';
import { assertClose } from '../helpers/fixtures.js';

function rand(n: number, f64: boolean, lo = -1, hi = 1): FloatArray {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = uniform(lo, hi);
  return a;
}

interface Case {
  B: number; T: number; I: number; U: number;
  mask: 'none' | 'post' | 'pre' | 'allMaskedRow';
  goBackwards: boolean; state: boolean; dropout: boolean; zeroOutputForMask: boolean; useBias: boolean;
  act: string;
}

function makeArgs(c: Case, f64: boolean): SimpleRnnForwardArgs {
  const { B, T, I, U } = c;
  let mask: FloatArray | null = null;
  if (c.mask !== 'none') {
    mask = f64 ? new Float64Array(B * T) : new Float32Array(B * T);
    for (let b = 0; b < B; b++) {
      const len = c.mask === 'allMaskedRow' && b === 0 ? 0 : 1 + Math.floor(random() * T);
      for (let t = 0; t < T; t++) mask[b * T + t] = (c.mask === 'pre' ? t >= T - len : t < len) ? 1 : 0;
    }
  }
  let rdm: FloatArray | null = null;
  if (c.dropout) {
    rdm = f64 ? new Float64Array(B * U) : new Float32Array(B * U);
    for (let i = 0; i < rdm.length; i++) rdm[i] = random() < 0.3 ? 0 : 1 / 0.7;
  }
  return {
    x: rand(B * T * I, f64), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: rand(I * U, f64, -0.7, 0.7), recurrentKernel: rand(U * U, f64, -0.7, 0.7), bias: c.useBias ? rand(U, f64) : null,
    h0: c.state ? rand(B * U, f64, -0.5, 0.5) : null,
    mask, goBackwards: c.goBackwards, recurrentDropoutMask: rdm, zeroOutputForMask: c.zeroOutputForMask,
    activation: getRecurrentActivation(c.act, 'test', 'activation'),
    needsBackward: true,
  };
}

const acts = ['tanh', 'relu', 'hardSigmoid', 'linear', 'sigmoid'];
const cases: Case[] = optionGrid([[1, 1, 1, 1], [2, 3, 2, 3], [3, 7, 5, 9], [2, 5, 3, 1], [3, 4, 1, 7], [1, 6, 4, 5]], ({ k, ...p }) => ({
  ...p, state: k % 2 === 0, dropout: k % 3 === 0, zeroOutputForMask: k % 4 === 1, useBias: k % 5 !== 2,
  act: acts[k % acts.length]!,
}));

const gradKeys = ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const;

for (const f64 of [true, false]) {
  test(`fast SimpleRNN kernel equals the reference kernel, forward and backward (${f64 ? 'float64' : 'float32'})`, () => {
    setSeed(31);
    const tol = f64 ? { r: 1e-11, a: 1e-12 } : { r: 2e-4, a: 2e-5 };
    for (const c of cases) {
      const label = JSON.stringify(c);
      const args = makeArgs(c, f64);
      const ref = simpleRnnForwardReference(args);
      const fast = simpleRnnForwardFast(args);
      assert.equal(fast.sequence instanceof Float64Array, f64, 'fast kernel keeps the dtype');
      assertClose(fast.sequence, ref.sequence, `${label} sequence`, tol.r, tol.a);
      assertClose(fast.lastOutput, ref.lastOutput, `${label} lastOutput`, tol.r, tol.a);
      assertClose(fast.hT, ref.hT, `${label} hT`, tol.r, tol.a);
      const { B, T, U } = c;
      const gradArgs = { forward: args, dSequence: rand(B * T * U, f64), dLastOutput: rand(B * U, f64), dhT: rand(B * U, f64) };
      const gr = simpleRnnBackwardReference({ ...gradArgs, cache: ref.cache });
      const gf = simpleRnnBackwardFast({ ...gradArgs, cache: fast.cache });
      for (const key of gradKeys) assertClose(gf[key], gr[key], `${label} ${key}`, tol.r * 10, tol.a * 10);
      const onlyLast = { forward: args, dSequence: null, dLastOutput: gradArgs.dLastOutput, dhT: null };
      const gr2 = simpleRnnBackwardReference({ ...onlyLast, cache: ref.cache });
      const gf2 = simpleRnnBackwardFast({ ...onlyLast, cache: fast.cache });
      for (const key of gradKeys) assertClose(gf2[key], gr2[key], `${label} ${key} (lastOutput only)`, tol.r * 10, tol.a * 10);
    }
  });
}

function lossOf(args: SimpleRnnForwardArgs, w: { seq: FloatArray; last: FloatArray; h: FloatArray }): number {
  const out = simpleRnnForwardReference({ ...args, needsBackward: false });
  let sum = 0;
  for (let i = 0; i < out.sequence!.length; i++) sum += w.seq[i]! * out.sequence![i]!;
  for (let i = 0; i < out.lastOutput.length; i++) sum += w.last[i]! * out.lastOutput[i]! + w.h[i]! * out.hT[i]!;
  return sum;
}

test('reference SimpleRNN backward equals finite differences of the reference forward, every option', () => {
  setSeed(32);
  const eps = 1e-6;
  for (const c of cases) {
    const args = makeArgs(c, true);
    if (!args.h0) args.h0 = new Float64Array(c.B * c.U);
    if (!args.bias) args.bias = new Float64Array(c.U);
    const { B, T, U } = c;
    const w = { seq: rand(B * T * U, true), last: rand(B * U, true), h: rand(B * U, true) };
    const fwd = simpleRnnForwardReference(args);
    const g = simpleRnnBackwardReference({ forward: args, cache: fwd.cache, dSequence: w.seq, dLastOutput: w.last, dhT: w.h });
    const wrt: [string, FloatArray, FloatArray][] = [
      ['x', args.x, g.dx], ['kernel', args.kernel, g.dKernel], ['recurrentKernel', args.recurrentKernel, g.dRecurrentKernel],
      ['bias', args.bias, g.dBias], ['h0', args.h0, g.dh0],
    ];
    for (const [name, arr, grad] of wrt) {
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

test('SimpleRNN kernels: one step is tanh(x·W + (h0 ⊙ dropout)·U + b), written out', () => {
  // B=1, I=2, U=2 with explicit numbers.
  const x = new Float64Array([0.5, -1]);
  const W = new Float64Array([0.1, 0.2, 0.3, 0.4]); // [I=2][U=2]
  const R = new Float64Array([0.5, -0.5, 0.25, 1]); // [U][U]
  const b = new Float64Array([0.05, -0.1]);
  const h0 = new Float64Array([0.6, -0.2]);
  const drop = new Float64Array([2, 0]);
  // pre[u] = x0*W[0][u] + x1*W[1][u] + (h0[0]*2)*R[0][u] + (h0[1]*0)*R[1][u] + b[u]
  const expected = [
    Math.tanh(0.5 * 0.1 - 1 * 0.3 + 1.2 * 0.5 + 0.05),
    Math.tanh(0.5 * 0.2 - 1 * 0.4 + 1.2 * -0.5 - 0.1),
  ];
  for (const run of [simpleRnnForwardReference, simpleRnnForwardFast]) {
    const out = run({
      x, batch: 1, timesteps: 1, inputDim: 2, units: 2, kernel: W, recurrentKernel: R, bias: b, h0, mask: null,
      goBackwards: false, recurrentDropoutMask: drop, zeroOutputForMask: false,
      activation: getRecurrentActivation('tanh', 'test', 'activation'), needsBackward: false,
    });
    assertClose(out.hT, expected, 'h1', 1e-15, 1e-16);
    assertClose(out.sequence, expected, 'sequence', 1e-15, 1e-16);
  }
});

test('SimpleRNN kernels follow the Keras mask rules and goBackwards reverses time', () => {
  setSeed(33);
  for (const run of [simpleRnnForwardReference, simpleRnnForwardFast]) {
    for (const c of cases) {
      const args = makeArgs(c, true);
      const out = run(args);
      const { B, T, U, I } = c;
      if (args.mask) {
        for (let b = 0; b < B; b++) {
          let prev = new Array<number>(U).fill(0);
          let lastReal: number[] | null = null;
          for (let s = 0; s < T; s++) {
            const t = c.goBackwards ? T - 1 - s : s;
            const y = Array.from(out.sequence!.subarray((b * T + s) * U, (b * T + s + 1) * U));
            if (args.mask[b * T + t] === 0) {
              assert.deepEqual(y, c.zeroOutputForMask ? new Array(U).fill(0) : prev);
            } else {
              prev = y;
              lastReal = y;
            }
          }
          const h0 = args.h0 ? Array.from(args.h0.subarray(b * U, (b + 1) * U)) : new Array(U).fill(0);
          assert.deepEqual(Array.from(out.hT.subarray(b * U, (b + 1) * U)), lastReal ?? h0);
          assert.deepEqual(Array.from(out.lastOutput.subarray(b * U, (b + 1) * U)), lastReal ?? new Array(U).fill(0));
        }
      }
      if (c.goBackwards) {
        const xr = new Float64Array(args.x.length);
        const mr = args.mask ? new Float64Array(B * T) : null;
        for (let b = 0; b < B; b++) {
          for (let t = 0; t < T; t++) {
            for (let f = 0; f < I; f++) xr[(b * T + t) * I + f] = args.x[(b * T + T - 1 - t) * I + f]!;
            if (mr) mr[b * T + t] = args.mask![b * T + T - 1 - t]!;
          }
        }
        const e = run({ ...args, x: xr, mask: mr, goBackwards: false });
        assert.deepEqual(Array.from(out.sequence!), Array.from(e.sequence!));
      }
    }
  }
});
