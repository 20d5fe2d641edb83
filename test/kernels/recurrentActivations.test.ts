/**
 * The recurrent activations beyond the bounded and piecewise-linear six (elu, selu, softsign,
 * softplus, relu6, exponential, gelu, swish) in the TypeScript kernels, as `activation` (with
 * the default sigmoid gates) and as `recurrentActivation` (with the default tanh): the
 * reference backward against float64 central differences of the reference forward, and the
 * fast kernel against the reference, for LSTM, GRU (both resetAfter forms) and SimpleRNN, with
 * masks, goBackwards, recurrent dropout and initial states spread over the cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstmForwardReference, lstmBackwardReference } from '../../src/kernels/reference/lstm.js';
import { gruForwardReference, gruBackwardReference } from '../../src/kernels/reference/gru.js';
import { simpleRnnForwardReference, simpleRnnBackwardReference } from '../../src/kernels/reference/simpleRnn.js';
import { lstmForwardFast, lstmBackwardFast } from '../../src/kernels/fast/lstm.js';
import { gruForwardFast, gruBackwardFast } from '../../src/kernels/fast/gru.js';
import { simpleRnnForwardFast, simpleRnnBackwardFast } from '../../src/kernels/fast/simpleRnn.js';
import { gruBiasSize } from '../../src/kernels/gruTypes.js';
import type { RecurrentForwardArgs, RecurrentForwardResult } from '../../src/kernels/recurrentTypes.js';
import { getRecurrentActivation, type ScalarActivation } from '../../src/ops/activations.js';
import { setSeed } from '../../src/tensor/random.js';
import type { FloatArray } from '../../src/tensor/tensor.js';
import { assertClose } from '../helpers/fixtures.js';
import { MORE_ACTIVATIONS, dropoutMask, randArray, sequenceMask } from '../helpers/kernelCases.js';

const act = (name: string): ScalarActivation => getRecurrentActivation(name, 'test', 'activation');

/** Arguments with their differentiable arrays by gradient name, and the gradient's key. */
interface Family {
  name: string;
  gates: number;
  /** `s` bounds the weights: e^x as LSTM activation feeds h = o e^{c} back and needs small ones. */
  make(f64: boolean, k: number, a: ScalarActivation, r: ScalarActivation, s: number): RecurrentForwardArgs;
  forward(args: RecurrentForwardArgs, kind: 'reference' | 'fast'): RecurrentForwardResult & { cT?: FloatArray };
  backward(args: RecurrentForwardArgs, fwd: unknown, kind: 'reference' | 'fast', w: Weights): Record<string, FloatArray>;
  /** [gradient key, array of the forward arguments] pairs. */
  wrt(args: RecurrentForwardArgs): [string, FloatArray][];
}

interface Weights { seq: FloatArray; last: FloatArray; h: FloatArray; c: FloatArray }

const [B, T, I, U] = [2, 4, 3, 3];

function common(f64: boolean, k: number) {
  return {
    x: randArray(B * T * I, f64, -1.5, 1.5), batch: B, timesteps: T, inputDim: I, units: U,
    mask: k % 3 === 1 ? sequenceMask('post', B, T, f64) : null, goBackwards: k % 4 === 2,
    recurrentDropoutMask: k % 3 === 2 ? dropoutMask(B * U, f64) : null, zeroOutputForMask: k % 2 === 1,
    needsBackward: true,
    // Always an initial state, so dh0 (and dc0) are checked.
    h0: randArray(B * U, f64, -0.5, 0.5),
  };
}

const lstm: Family = {
  name: 'LSTM', gates: 4,
  make: (f64, k, a, r, s) => ({
    ...common(f64, k),
    kernel: randArray(I * 4 * U, f64, -s, s), recurrentKernel: randArray(U * 4 * U, f64, -s, s), bias: randArray(4 * U, f64, -0.3, 0.3),
    c0: randArray(B * U, f64, -0.5, 0.5), activation: a, recurrentActivation: r,
  } as RecurrentForwardArgs),
  forward: (args, kind) => (kind === 'reference' ? lstmForwardReference : lstmForwardFast)(args as never),
  backward: (args, fwd, kind, w) => {
    const f = fwd as { cache: unknown };
    const g = { forward: args as never, cache: f.cache, dSequence: w.seq, dLastOutput: w.last, dhT: w.h, dcT: w.c };
    return { ...(kind === 'reference' ? lstmBackwardReference(g) : lstmBackwardFast(g)) };
  },
  wrt: (args) => {
    const a = args as RecurrentForwardArgs & { c0: FloatArray };
    return [['dx', a.x], ['dKernel', a.kernel], ['dRecurrentKernel', a.recurrentKernel], ['dBias', a.bias!], ['dh0', a.h0!], ['dc0', a.c0]];
  },
};

function gruFamily(resetAfter: boolean): Family {
  return {
    name: `GRU resetAfter=${resetAfter}`, gates: 3,
    make: (f64, k, a, r, s) => ({
      ...common(f64, k),
      kernel: randArray(I * 3 * U, f64, -s, s), recurrentKernel: randArray(U * 3 * U, f64, -s, s),
      bias: randArray(gruBiasSize(U, resetAfter), f64, -0.3, 0.3), resetAfter, activation: a, recurrentActivation: r,
    } as RecurrentForwardArgs),
    forward: (args, kind) => (kind === 'reference' ? gruForwardReference : gruForwardFast)(args as never),
    backward: (args, fwd, kind, w) => {
      const g = { forward: args as never, cache: (fwd as { cache: unknown }).cache, dSequence: w.seq, dLastOutput: w.last, dhT: w.h };
      return { ...(kind === 'reference' ? gruBackwardReference(g) : gruBackwardFast(g)) };
    },
    wrt: (a) => [['dx', a.x], ['dKernel', a.kernel], ['dRecurrentKernel', a.recurrentKernel], ['dBias', a.bias!], ['dh0', a.h0!]],
  };
}

const simpleRnn: Family = {
  name: 'SimpleRNN', gates: 1,
  make: (f64, k, a, _r, s) => ({
    ...common(f64, k),
    kernel: randArray(I * U, f64, -s, s), recurrentKernel: randArray(U * U, f64, -s, s), bias: randArray(U, f64, -0.3, 0.3), activation: a,
  }),
  forward: (args, kind) => (kind === 'reference' ? simpleRnnForwardReference : simpleRnnForwardFast)(args),
  backward: (args, fwd, kind, w) => {
    const g = { forward: args, cache: (fwd as { cache: unknown }).cache, dSequence: w.seq, dLastOutput: w.last, dhT: w.h };
    return { ...(kind === 'reference' ? simpleRnnBackwardReference(g) : simpleRnnBackwardFast(g)) };
  },
  wrt: (a) => [['dx', a.x], ['dKernel', a.kernel], ['dRecurrentKernel', a.recurrentKernel], ['dBias', a.bias!], ['dh0', a.h0!]],
};

const families = [lstm, gruFamily(true), gruFamily(false), simpleRnn];

/** Each activation as `activation` with sigmoid gates and as `recurrentActivation` with tanh; SimpleRNN has only the first. */
function cases(names: readonly string[]): Case[] {
  const out: Case[] = [];
  let k = 0;
  for (const name of names) {
    const s = name === 'exponential' ? 0.3 : 0.6;
    for (const family of families) {
      out.push({ family, a: act(name), r: act('sigmoid'), k: k++, s });
      if (family !== simpleRnn) out.push({ family, a: act('tanh'), r: act(name), k: k++, s });
    }
  }
  return out;
}

interface Case { family: Family; a: ScalarActivation; r: ScalarActivation; k: number; s: number }

function weights(f64: boolean): Weights {
  return { seq: randArray(B * T * U, f64), last: randArray(B * U, f64), h: randArray(B * U, f64), c: randArray(B * U, f64) };
}

/** L = Σ w ⊙ (sequence, lastOutput, hT, cT). */
function loss(family: Family, args: RecurrentForwardArgs, w: Weights): number {
  const out = family.forward({ ...args, needsBackward: false }, 'reference');
  let sum = 0;
  for (let i = 0; i < out.sequence!.length; i++) sum += w.seq[i]! * out.sequence![i]!;
  for (let i = 0; i < out.lastOutput.length; i++) sum += w.last[i]! * out.lastOutput[i]! + w.h[i]! * out.hT[i]!;
  if (out.cT) for (let i = 0; i < out.cT.length; i++) sum += w.c[i]! * out.cT[i]!;
  return sum;
}

test('reference kernels: backward equals float64 central differences for each activation, as activation and as recurrentActivation', () => {
  setSeed(4101);
  const eps = 1e-6;
  let checked = 0;
  for (const { family, a, r, k, s } of cases(MORE_ACTIVATIONS)) {
    const args = family.make(true, k, a, r, s);
    const w = weights(true);
    const grads = family.backward(args, family.forward(args, 'reference'), 'reference', w);
    for (const [key, arr] of family.wrt(args)) {
      const grad = grads[key]!;
      assert.equal(grad.length, arr.length, `${family.name} ${key} length`);
      for (let i = 0; i < arr.length; i++) {
        const orig = arr[i]!;
        arr[i] = orig + eps;
        const up = loss(family, args, w);
        arr[i] = orig - eps;
        const down = loss(family, args, w);
        arr[i] = orig;
        const numeric = (up - down) / (2 * eps);
        const label = `${family.name} ${a.name}/${r.name} k=${k} ${key}[${i}]`;
        assert.ok(Math.abs(grad[i]! - numeric) <= 1e-7 + 1e-6 * Math.abs(numeric), `${label}: analytic ${grad[i]} vs numeric ${numeric}`);
        checked++;
      }
    }
  }
  // Guards against a loop that checks nothing.
  assert.ok(checked > 2000, `${checked} entries checked`);
});

for (const f64 of [true, false]) {
  test(`fast kernels equal the reference kernels for each activation, forward and backward (${f64 ? 'float64' : 'float32'})`, () => {
    setSeed(f64 ? 4102 : 4103);
    const [rtol, atol] = f64 ? [1e-12, 1e-13] : [2e-5, 2e-6];
    for (const { family, a, r, k, s } of cases(MORE_ACTIVATIONS)) {
      const label = `${family.name} ${a.name}/${r.name} k=${k}`;
      const args = family.make(f64, k, a, r, s);
      const ref = family.forward(args, 'reference');
      const fast = family.forward(args, 'fast');
      for (const key of ['sequence', 'lastOutput', 'hT', 'cT'] as const) {
        if (ref[key]) assertClose(fast[key], ref[key], `${label} ${key}`, rtol, atol);
      }
      const w = weights(f64);
      const gRef = family.backward(args, ref, 'reference', w);
      const gFast = family.backward(args, fast, 'fast', w);
      for (const [key] of family.wrt(args)) assertClose(gFast[key], gRef[key], `${label} ${key}`, rtol * 10, atol * 10);
    }
  });
}
