/**
 * Every activation pair a recurrent layer accepts runs on the fused wasm kernels, forward and
 * backward, and agrees with the readable float64 reference kernels to float32 tolerance: LSTM,
 * GRU (both resetAfter forms) and SimpleRNN. The ops (lstmSequence, ...) take the wasm path
 * for them, which the drivers' pass counts show (results alone cannot tell the kernels apart).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstmForwardReference, lstmBackwardReference } from '../../src/kernels/reference/lstm.js';
import { gruForwardReference, gruBackwardReference } from '../../src/kernels/reference/gru.js';
import { simpleRnnForwardReference, simpleRnnBackwardReference } from '../../src/kernels/reference/simpleRnn.js';
import { simpleRnnForwardWasm, simpleRnnBackwardWasm, wasmSimpleRnnApplies } from '../../src/kernels/wasm/simpleRnn.js';
import { lstmForwardWasm, lstmBackwardWasm, wasmLstmApplies } from '../../src/kernels/wasm/lstm.js';
import { gruForwardWasm, gruBackwardWasm, wasmGruApplies } from '../../src/kernels/wasm/gru.js';
import { wasmRuntime } from '../../src/kernels/wasm/runtime.js';
import { wasmPassCounts } from '../../src/kernels/wasm/callCounts.js';
import { getBackend } from '../../src/kernels/backend.js';
import { gruBiasSize, type GruForwardArgs } from '../../src/kernels/gruTypes.js';
import type { LstmForwardArgs } from '../../src/kernels/lstmTypes.js';
import type { SimpleRnnForwardArgs } from '../../src/kernels/simpleRnnTypes.js';
import { getRecurrentActivation, recurrentActivationNames, type ScalarActivation } from '../../src/ops/activations.js';
import { lstmSequence } from '../../src/ops/lstm.js';
import { gruSequence } from '../../src/ops/gru.js';
import { simpleRnnSequence } from '../../src/ops/simpleRnn.js';
import { record, backward } from '../../src/autograd/tape.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { setSeed } from '../../src/tensor/random.js';
import { assertClose } from '../helpers/fixtures.js';
import { dropoutMask, randArray, sequenceMask } from '../helpers/kernelCases.js';

const rt = wasmRuntime()!;
const rand = (n: number, lo = -1, hi = 1): Float32Array => randArray(n, false, lo, hi) as Float32Array;

/** Every name a recurrent layer's activation options accept, Keras 3's hard sigmoid included. */
const NAMES = [...recurrentActivationNames, 'hardSigmoidKeras3'] as const;
const activations: ScalarActivation[] = NAMES.map((n) => getRecurrentActivation(n, 'test', 'activation'));
const pairs = activations.flatMap((act) => activations.map((rec) => ({ act, rec })));

// U = 17: four-lane vectors and a scalar tail in every kernel. B = 3 with a 'post' mask on
// some pairs, recurrent dropout and an initial state on others, so every branch meets every
// activation somewhere. Inputs are scaled so that pre-activations spread over both sides of
// the clipping points of relu and the hard sigmoids.
const [B, T, I, U] = [3, 5, 4, 17];
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

function lstmArgs(k: number, act: ScalarActivation, rec: ScalarActivation): LstmForwardArgs {
  const scale = 1 / Math.sqrt(U);
  return {
    ...common(k),
    kernel: rand(I * 4 * U, -2 * scale, 2 * scale), recurrentKernel: rand(U * 4 * U, -scale, scale), bias: rand(4 * U),
    h0: k % 2 === 0 ? rand(B * U, -0.5, 0.5) : null, c0: k % 2 === 0 ? rand(B * U, -0.5, 0.5) : null,
    activation: act, recurrentActivation: rec,
  };
}

function gruArgs(k: number, act: ScalarActivation, rec: ScalarActivation, resetAfter: boolean): GruForwardArgs {
  const scale = 1 / Math.sqrt(U);
  return {
    ...common(k),
    kernel: rand(I * 3 * U, -2 * scale, 2 * scale), recurrentKernel: rand(U * 3 * U, -scale, scale),
    bias: k % 5 === 3 ? null : rand(gruBiasSize(U, resetAfter)), resetAfter,
    h0: k % 2 === 0 ? rand(B * U, -0.5, 0.5) : null,
    activation: act, recurrentActivation: rec,
  };
}

function simpleRnnArgs(k: number, act: ScalarActivation): SimpleRnnForwardArgs {
  const scale = 1 / Math.sqrt(U);
  return {
    ...common(k),
    kernel: rand(I * U, -2 * scale, 2 * scale), recurrentKernel: rand(U * U, -scale, scale), bias: k % 5 === 3 ? null : rand(U),
    h0: k % 2 === 0 ? rand(B * U, -0.5, 0.5) : null, activation: act,
  };
}

test('the recurrent activations are the six the layers accept, and the wasm drivers take every pair', () => {
  assert.deepEqual([...NAMES].sort(), ['hardSigmoid', 'hardSigmoidKeras3', 'linear', 'relu', 'sigmoid', 'tanh']);
  for (const { act, rec } of pairs) {
    assert.ok(wasmLstmApplies(lstmArgs(0, act, rec)), `LSTM ${act.name}/${rec.name}`);
    assert.ok(wasmGruApplies(gruArgs(0, act, rec, true)), `GRU ${act.name}/${rec.name}`);
    assert.ok(wasmGruApplies(gruArgs(0, act, rec, false)), `GRU resetAfter=false ${act.name}/${rec.name}`);
  }
  for (const act of activations) assert.ok(wasmSimpleRnnApplies(simpleRnnArgs(0, act)), `SimpleRNN ${act.name}`);
  // float64 stays on the TypeScript kernels.
  assert.equal(wasmLstmApplies({ ...lstmArgs(0, activations[0]!, activations[1]!), x: new Float64Array(B * T * I) }), false);
});

test('wasm LSTM equals the reference for every activation pair, forward and backward', () => {
  for (const [k, { act, rec }] of pairs.entries()) {
    setSeed(1000 + k);
    const args = lstmArgs(k, act, rec);
    const label = `LSTM ${act.name}/${rec.name}`;
    const fwd = lstmForwardWasm(rt, 1, args);
    const ref = lstmForwardReference(args);
    for (const key of ['sequence', 'lastOutput', 'hT', 'cT'] as const) close(fwd[key], ref[key], `${label} ${key}`, FWD_TOL);
    const g = { forward: args, dSequence: rand(B * T * U), dLastOutput: rand(B * U), dhT: rand(B * U), dcT: rand(B * U) };
    const got = lstmBackwardWasm(rt, 1, { ...g, cache: fwd.cache });
    const want = lstmBackwardReference({ ...g, cache: ref.cache });
    for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0', 'dc0'] as const) {
      close(got[key], want[key], `${label} ${key}`, GRAD_TOL);
    }
  }
});

function checkGru(resetAfter: boolean): void {
  for (const [k, { act, rec }] of pairs.entries()) {
    setSeed(2000 + k);
    const args = gruArgs(k, act, rec, resetAfter);
    const label = `GRU resetAfter=${resetAfter} ${act.name}/${rec.name}`;
    const fwd = gruForwardWasm(rt, 1, args);
    const ref = gruForwardReference(args);
    for (const key of ['sequence', 'lastOutput', 'hT'] as const) close(fwd[key], ref[key], `${label} ${key}`, FWD_TOL);
    const g = { forward: args, dSequence: rand(B * T * U), dLastOutput: rand(B * U), dhT: rand(B * U) };
    const got = gruBackwardWasm(rt, 1, { ...g, cache: fwd.cache });
    const want = gruBackwardReference({ ...g, cache: ref.cache });
    for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const) {
      close(got[key], want[key], `${label} ${key}`, GRAD_TOL);
    }
  }
}

test('wasm GRU (resetAfter = true) equals the reference for every activation pair, forward and backward', () => checkGru(true));

test('wasm GRU (resetAfter = false) equals the reference for every activation pair, forward and backward', () => checkGru(false));

test('wasm SimpleRNN equals the reference for every activation, forward and backward', () => {
  // Every option combination k of `common` for every activation.
  for (const [k, act] of [...activations, ...activations, ...activations].entries()) {
    setSeed(3000 + k);
    const args = simpleRnnArgs(k, act);
    const label = `SimpleRNN ${act.name} k=${k}`;
    const fwd = simpleRnnForwardWasm(rt, 1, args);
    const ref = simpleRnnForwardReference(args);
    for (const key of ['sequence', 'lastOutput', 'hT'] as const) close(fwd[key], ref[key], `${label} ${key}`, FWD_TOL);
    const g = { forward: args, dSequence: rand(B * T * U), dLastOutput: rand(B * U), dhT: rand(B * U) };
    const got = simpleRnnBackwardWasm(rt, 1, { ...g, cache: fwd.cache });
    const want = simpleRnnBackwardReference({ ...g, cache: ref.cache });
    for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const) {
      close(got[key], want[key], `${label} ${key}`, GRAD_TOL);
    }
  }
});

/** A float32 tensor that wants a gradient. */
function param(data: Float32Array, shape: number[]): Tensor {
  const t = new Tensor(data, shape);
  t.requiresGrad = true;
  return t;
}

test('the ops run relu and hard-sigmoid LSTM, GRU (both forms) and SimpleRNN layers on the wasm kernels (pass counts), or on TypeScript under LSTM_TS_BACKEND=js', () => {
  setSeed(3);
  const relu = getRecurrentActivation('relu', 'test', 'activation');
  const hard = getRecurrentActivation('hardSigmoid', 'test', 'recurrentActivation');
  const x = param(rand(B * T * I), [B, T, I]);
  const opts = { h0: null, mask: null, goBackwards: false, recurrentDropoutMask: null, zeroOutputForMask: false, activation: relu, recurrentActivation: hard };
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
  );
});
