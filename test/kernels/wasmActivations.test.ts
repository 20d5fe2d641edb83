/**
 * Every pair of the six bounded or piecewise-linear recurrent activations (linear, relu,
 * sigmoid, both hard sigmoids, tanh) runs on the fused wasm kernels, forward and backward, and
 * agrees with the readable float64 reference kernels to float32 tolerance: LSTM, GRU (both
 * resetAfter forms) and SimpleRNN. The other activations (elu, selu, softsign, softplus, relu6,
 * exponential, gelu, swish) are checked with the default partner and a few mixed pairs in
 * wasmMoreActivations.test.ts: every pair of all fourteen would be 196 runs per family, and
 * pairs such as exponential/linear overflow float32 within a few steps. The ops (lstmSequence, ...) take the wasm path
 * for them, which the drivers' pass counts show (results alone cannot tell the kernels apart).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wasmSimpleRnnApplies } from '../../src/kernels/wasm/simpleRnn.js';
import { wasmLstmApplies } from '../../src/kernels/wasm/lstm.js';
import { wasmGruApplies } from '../../src/kernels/wasm/gru.js';
import { getRecurrentActivation, recurrentActivationNames, type ScalarActivation } from '../../src/ops/activations.js';
import {
  B, I, T, assertOpsRunOnWasm, compareGru, compareLstm, compareSimpleRnn, gruArgs, lstmArgs, simpleRnnArgs,
} from '../helpers/wasmRecurrentCases.js';

/** The six activations whose every pair is checked here. */
const NAMES = ['linear', 'relu', 'sigmoid', 'hardSigmoid', 'tanh', 'hardSigmoidKeras3'] as const;
const activations: ScalarActivation[] = NAMES.map((n) => getRecurrentActivation(n, 'test', 'activation'));
const pairs = activations.flatMap((act) => activations.map((rec) => ({ act, rec })));

test('the six are recurrent activations, and the wasm drivers take every pair', () => {
  for (const name of NAMES) assert.ok(name === 'hardSigmoidKeras3' || recurrentActivationNames.includes(name), name);
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
  for (const [k, { act, rec }] of pairs.entries()) compareLstm(1000 + k, k, act, rec);
});

test('wasm GRU (resetAfter = true) equals the reference for every activation pair, forward and backward', () => {
  for (const [k, { act, rec }] of pairs.entries()) compareGru(2000 + k, k, act, rec, true);
});

test('wasm GRU (resetAfter = false) equals the reference for every activation pair, forward and backward', () => {
  for (const [k, { act, rec }] of pairs.entries()) compareGru(2000 + k, k, act, rec, false);
});

test('wasm SimpleRNN equals the reference for every activation, forward and backward', () => {
  // Every option combination k of the cases for every activation.
  for (const [k, act] of [...activations, ...activations, ...activations].entries()) compareSimpleRnn(3000 + k, k, act);
});

test('the ops run relu and hard-sigmoid LSTM, GRU (both forms) and SimpleRNN layers on the wasm kernels (pass counts), or on TypeScript under LSTM_TS_BACKEND=js', () => {
  assertOpsRunOnWasm(getRecurrentActivation('relu', 'test', 'activation'), getRecurrentActivation('hardSigmoid', 'test', 'recurrentActivation'));
});
