/**
 * The wasm-versus-reference comparison the activation tests share: one LSTM, GRU or SimpleRNN
 * case of shape [B, T, I, U] = [3, 5, 4, 17] (four-lane vectors and a scalar tail in every
 * kernel), option k choosing a 'post' mask, recurrent dropout, goBackwards, zeroOutputForMask,
 * an initial state and a missing bias, so that every branch meets every activation somewhere;
 * forward and backward through the wasm drivers, checked against the float64 reference
 * kernels to float32 tolerance. Also the pass-count check that the ops take the wasm path.
 */
import assert from 'node:assert/strict';
import { lstmForwardReference, lstmBackwardReference } from '../../src/kernels/reference/lstm.js';
import { gruForwardReference, gruBackwardReference } from '../../src/kernels/reference/gru.js';
import { simpleRnnForwardReference, simpleRnnBackwardReference } from '../../src/kernels/reference/simpleRnn.js';
import { simpleRnnForwardWasm, simpleRnnBackwardWasm } from '../../src/kernels/wasm/simpleRnn.js';
import { lstmForwardWasm, lstmBackwardWasm } from '../../src/kernels/wasm/lstm.js';
import { gruForwardWasm, gruBackwardWasm } from '../../src/kernels/wasm/gru.js';
import { wasmRuntime } from '../../src/kernels/wasm/runtime.js';
import { wasmPassCounts } from '../../src/kernels/wasm/callCounts.js';
import { getBackend } from '../../src/kernels/backend.js';
import { gruBiasSize, type GruForwardArgs } from '../../src/kernels/gruTypes.js';
import type { LstmForwardArgs } from '../../src/kernels/lstmTypes.js';
import type { SimpleRnnForwardArgs } from '../../src/kernels/simpleRnnTypes.js';
import type { ScalarActivation } from '../../src/ops/activations.js';
import { lstmSequence } from '../../src/ops/lstm.js';
import { gruSequence } from '../../src/ops/gru.js';
import { simpleRnnSequence } from '../../src/ops/simpleRnn.js';
import { record, backward } from '../../src/autograd/tape.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { setSeed } from '../../src/tensor/random.js';
import { assertClose } from './fixtures.js';
import { dropoutMask, randArray, sequenceMask } from './kernelCases.js';

const rt = wasmRuntime()!;
const rand = (n: number, lo = -1, hi = 1): Float32Array => randArray(n, false, lo, hi) as Float32Array;

export const [B, T, I, U] = [3, 5, 4, 17];
const FWD_TOL = [2e-4, 2e-5] as const;
const GRAD_TOL = [2e-3, 2e-4] as const;

/**
 * assertClose with the absolute tolerance scaled by the largest expected magnitude: unbounded
 * pairs (a linear GRU update gate) grow values to 1e7 within five steps, and float32 rounding
 * errors grow with them, so an element that cancels to a small value is off by as much as the
 * large ones are.
 */
function close(got: ArrayLike<number>, want: ArrayLike<number>, label: string, [rtol, atol]: readonly [number, number]): void {
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  assertClose(got, want, label, rtol, atol * scale);
}

function common(k: number) {
  return {
    x: rand(B * T * I, -2, 2), batch: B, timesteps: T, inputDim: I, units: U,
    mask: k % 3 === 1 ? sequenceMask('post', B, T, false) : null, goBackwards: k % 4 === 2,
    recurrentDropoutMask: k % 3 === 2 ? dropoutMask(B * U, false) : null, zeroOutputForMask: k % 2 === 1,
    needsBackward: true,
  };
}

/** LSTM arguments for option k; `scale` multiplies the weights (1 by default). */
export function lstmArgs(k: number, act: ScalarActivation, rec: ScalarActivation, scale = 1): LstmForwardArgs {
  const s = scale / Math.sqrt(U);
  return {
    ...common(k),
    kernel: rand(I * 4 * U, -2 * s, 2 * s), recurrentKernel: rand(U * 4 * U, -s, s), bias: rand(4 * U, -scale, scale),
    h0: k % 2 === 0 ? rand(B * U, -0.5, 0.5) : null, c0: k % 2 === 0 ? rand(B * U, -0.5, 0.5) : null,
    activation: act, recurrentActivation: rec,
  };
}

/** GRU arguments for option k. */
export function gruArgs(k: number, act: ScalarActivation, rec: ScalarActivation, resetAfter: boolean, scale = 1): GruForwardArgs {
  const s = scale / Math.sqrt(U);
  return {
    ...common(k),
    kernel: rand(I * 3 * U, -2 * s, 2 * s), recurrentKernel: rand(U * 3 * U, -s, s),
    bias: k % 5 === 3 ? null : rand(gruBiasSize(U, resetAfter), -scale, scale), resetAfter,
    h0: k % 2 === 0 ? rand(B * U, -0.5, 0.5) : null,
    activation: act, recurrentActivation: rec,
  };
}

/** SimpleRNN arguments for option k. */
export function simpleRnnArgs(k: number, act: ScalarActivation, scale = 1): SimpleRnnForwardArgs {
  const s = scale / Math.sqrt(U);
  return {
    ...common(k),
    kernel: rand(I * U, -2 * s, 2 * s), recurrentKernel: rand(U * U, -s, s), bias: k % 5 === 3 ? null : rand(U, -scale, scale),
    h0: k % 2 === 0 ? rand(B * U, -0.5, 0.5) : null, activation: act,
  };
}

/** Wasm LSTM forward and backward against the reference, case k (seeded by `seed`). */
export function compareLstm(seed: number, k: number, act: ScalarActivation, rec: ScalarActivation, scale = 1): void {
  setSeed(seed);
  const args = lstmArgs(k, act, rec, scale);
  const label = `LSTM ${act.name}/${rec.name} k=${k}`;
  const fwd = lstmForwardWasm(rt, 1, args);
  const ref = lstmForwardReference(args);
  for (const key of ['sequence', 'lastOutput', 'hT', 'cT'] as const) close(fwd[key]!, ref[key]!, `${label} ${key}`, FWD_TOL);
  const g = { forward: args, dSequence: rand(B * T * U), dLastOutput: rand(B * U), dhT: rand(B * U), dcT: rand(B * U) };
  const got = lstmBackwardWasm(rt, 1, { ...g, cache: fwd.cache });
  const want = lstmBackwardReference({ ...g, cache: ref.cache });
  for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0', 'dc0'] as const) close(got[key], want[key], `${label} ${key}`, GRAD_TOL);
}

/** Wasm GRU forward and backward against the reference, case k. */
export function compareGru(seed: number, k: number, act: ScalarActivation, rec: ScalarActivation, resetAfter: boolean, scale = 1): void {
  setSeed(seed);
  const args = gruArgs(k, act, rec, resetAfter, scale);
  const label = `GRU resetAfter=${resetAfter} ${act.name}/${rec.name} k=${k}`;
  const fwd = gruForwardWasm(rt, 1, args);
  const ref = gruForwardReference(args);
  for (const key of ['sequence', 'lastOutput', 'hT'] as const) close(fwd[key]!, ref[key]!, `${label} ${key}`, FWD_TOL);
  const g = { forward: args, dSequence: rand(B * T * U), dLastOutput: rand(B * U), dhT: rand(B * U) };
  const got = gruBackwardWasm(rt, 1, { ...g, cache: fwd.cache });
  const want = gruBackwardReference({ ...g, cache: ref.cache });
  for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const) close(got[key], want[key], `${label} ${key}`, GRAD_TOL);
}

/** Wasm SimpleRNN forward and backward against the reference, case k. */
export function compareSimpleRnn(seed: number, k: number, act: ScalarActivation, scale = 1): void {
  setSeed(seed);
  const args = simpleRnnArgs(k, act, scale);
  const label = `SimpleRNN ${act.name} k=${k}`;
  const fwd = simpleRnnForwardWasm(rt, 1, args);
  const ref = simpleRnnForwardReference(args);
  for (const key of ['sequence', 'lastOutput', 'hT'] as const) close(fwd[key]!, ref[key]!, `${label} ${key}`, FWD_TOL);
  const g = { forward: args, dSequence: rand(B * T * U), dLastOutput: rand(B * U), dhT: rand(B * U) };
  const got = simpleRnnBackwardWasm(rt, 1, { ...g, cache: fwd.cache });
  const want = simpleRnnBackwardReference({ ...g, cache: ref.cache });
  for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const) close(got[key], want[key], `${label} ${key}`, GRAD_TOL);
}

/** A float32 tensor that wants a gradient. */
function param(data: Float32Array, shape: number[]): Tensor {
  const t = new Tensor(data, shape);
  t.requiresGrad = true;
  return t;
}

/**
 * Runs the LSTM, GRU (both forms) and SimpleRNN ops with `act`/`rec` forward and backward and
 * asserts, by the wasm drivers' pass counts, that each ran on the wasm kernels (once per
 * family and form), or on none of them when the suite runs under LSTM_TS_BACKEND=js.
 */
export function assertOpsRunOnWasm(act: ScalarActivation, rec: ScalarActivation): void {
  setSeed(3);
  const x = param(rand(B * T * I), [B, T, I]);
  const opts = { h0: null, mask: null, goBackwards: false, recurrentDropoutMask: null, zeroOutputForMask: false, activation: act, recurrentActivation: rec };
  const before = wasmPassCounts();
  const lstm = record(() => lstmSequence(x, param(rand(I * 4 * U), [I, 4 * U]), param(rand(U * 4 * U), [U, 4 * U]), null, { ...opts, c0: null }));
  backward(lstm.lastOutput, new Float32Array(B * U).fill(1));
  for (const resetAfter of [true, false]) {
    const gru = record(() => gruSequence(x, param(rand(I * 3 * U), [I, 3 * U]), param(rand(U * 3 * U), [U, 3 * U]), null, { ...opts, resetAfter }));
    backward(gru.lastOutput, new Float32Array(B * U).fill(1));
  }
  const rnn = record(() => simpleRnnSequence(x, param(rand(I * U), [I, U]), param(rand(U * U), [U, U]), null, opts));
  backward(rnn.lastOutput, new Float32Array(B * U).fill(1));
  const after = wasmPassCounts();
  const onWasm = getBackend() === 'wasm' ? 1 : 0;
  assert.deepEqual(
    { lstm: after.lstm.forward - before.lstm.forward, lstmBack: after.lstm.backward - before.lstm.backward,
      gru: after.gru.forward - before.gru.forward, gruBack: after.gru.backward - before.gru.backward,
      rnn: after.simpleRnn.forward - before.simpleRnn.forward, rnnBack: after.simpleRnn.backward - before.simpleRnn.backward },
    { lstm: onWasm, lstmBack: onWasm, gru: 2 * onWasm, gruBack: 2 * onWasm, rnn: onWasm, rnnBack: onWasm },
    `${act.name}/${rec.name}`,
  );
}
