/**
 * The recurrent activations beyond the six of wasmActivations.test.ts on the fused wasm
 * kernels: each activation's vector code against the float64 formulas element by element,
 * then every one with its default partner (as `activation` with sigmoid gates, as
 * `recurrentActivation` with tanh) and a few mixed pairs through the LSTM, GRU (both
 * resetAfter forms) and SimpleRNN drivers against the reference kernels, forward and backward,
 * and the ops' pass counts showing that the wasm kernels are what ran.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simpleRnnForwardWasm, simpleRnnBackwardWasm, wasmSimpleRnnApplies } from '../../src/kernels/wasm/simpleRnn.js';
import { wasmLstmApplies } from '../../src/kernels/wasm/lstm.js';
import { wasmGruApplies } from '../../src/kernels/wasm/gru.js';
import { activationCode } from '../../src/kernels/wasm/activationCodes.js';
import { wasmRuntime } from '../../src/kernels/wasm/runtime.js';
import { getActivation, getRecurrentActivation, recurrentActivationNames, type ScalarActivation } from '../../src/ops/activations.js';
import {
  assertOpsRunOnWasm, compareGru, compareLstm, compareSimpleRnn, gruArgs, lstmArgs, simpleRnnArgs,
} from '../helpers/wasmRecurrentCases.js';
import { MORE_ACTIVATIONS } from '../helpers/kernelCases.js';

const rt = wasmRuntime()!;
const act = (name: string): ScalarActivation => getRecurrentActivation(name, 'test', 'activation');

/** e^x as an LSTM activation feeds h = o e^{c} back into the gates: smaller weights keep five steps finite. */
const scaleOf = (a: ScalarActivation, r: ScalarActivation): number => (a.name === 'exponential' || r.name === 'exponential' ? 0.3 : 1);

const MIXED: [string, string][] = [
  ['elu', 'hardSigmoid'], ['softsign', 'softplus'], ['relu6', 'selu'], ['selu', 'elu'], ['softplus', 'softsign'], ['exponential', 'relu6'],
  ['gelu', 'swish'], ['swish', 'gelu'], ['gelu', 'hardSigmoid'], ['relu', 'swish'],
];

test('every recurrent activation has its own wasm code, so the drivers take every one', () => {
  const names = [...recurrentActivationNames, 'hardSigmoidKeras3'];
  const codes = names.map((n) => activationCode({ name: n }));
  assert.ok(codes.every((c) => c >= 0), JSON.stringify(codes));
  assert.equal(new Set(codes).size, names.length, 'codes are distinct');
  for (const name of MORE_ACTIVATIONS) {
    assert.ok(wasmLstmApplies(lstmArgs(0, act(name), act('sigmoid'))), `LSTM ${name}`);
    assert.ok(wasmLstmApplies(lstmArgs(0, act('tanh'), act(name))), `LSTM recurrent ${name}`);
    assert.ok(wasmGruApplies(gruArgs(0, act(name), act(name), false)), `GRU ${name}`);
    assert.ok(wasmSimpleRnnApplies(simpleRnnArgs(0, act(name))), `SimpleRNN ${name}`);
  }
});

/** float32 points over [lo, hi] and near 0, where expm1 and log1p matter. */
function grid(lo: number, hi: number): Float32Array {
  const xs: number[] = [];
  for (let i = 0; i <= 4000; i++) xs.push(lo + ((hi - lo) * i) / 4000);
  for (const e of [1e-30, 1e-12, 1e-7, 1e-5, 1e-3, 0.1, 0.3466, 0.35]) xs.push(e, -e);
  xs.push(0, 6, 5.9999995, 6.0000005, 1, -1);
  while (xs.length % 8) xs.push(0.5);
  return Float32Array.from(xs);
}

/**
 * f(x) and f'(x) from the wasm kernels for every x: a SimpleRNN step with an identity kernel,
 * no recurrence and no bias computes h = f(x) exactly as the kernels apply f, and with
 * dh = 1 its input gradient is f'(x) as backward takes it (through the identity, exactly).
 */
function wasmValues(a: ScalarActivation, xs: Float32Array): { y: Float32Array; d: Float32Array } {
  const U = 8;
  const B = xs.length / U;
  const kernel = new Float32Array(U * U);
  for (let i = 0; i < U; i++) kernel[i * U + i] = 1;
  const args = {
    x: xs, batch: B, timesteps: 1, inputDim: U, units: U, kernel, recurrentKernel: new Float32Array(U * U), bias: null,
    h0: null, mask: null, goBackwards: false, recurrentDropoutMask: null, zeroOutputForMask: false, activation: a, needsBackward: true,
  };
  const fwd = simpleRnnForwardWasm(rt, 1, args);
  const g = simpleRnnBackwardWasm(rt, 1, { forward: args, cache: fwd.cache, dSequence: new Float32Array(B * U).fill(1), dLastOutput: null, dhT: null });
  return { y: fwd.sequence as Float32Array, d: g.dx as Float32Array };
}

const ULP = 2 ** -23;

test('each activation\'s wasm vector code is within 4 float32 ulps of the float64 formula, and its derivative within 4 ulps of max(1, |f\'|)', () => {
  // exponential overflows float32 past 88.7; gelu(x) is below float32's normal range before
  // x = -13.2, where the kernels' e^(-x²/2) stops at e^-87 (a result of order 1e-38, not 0).
  const ranges: Record<string, [number, number]> = { exponential: [-80, 80], gelu: [-13, 30] };
  const report: string[] = [];
  for (const name of MORE_ACTIVATIONS) {
    const xs = grid(...(ranges[name] ?? [-30, 30]));
    const { y, d } = wasmValues(act(name), xs);
    // The array op's float64 forward and backward at the same float32 inputs.
    const x64 = Float64Array.from(xs);
    const y64 = new Float64Array(xs.length);
    const d64 = new Float64Array(xs.length);
    const arr = getActivation(name, 'test', 'activation');
    arr.forward(x64, y64, 1);
    arr.backward(x64, y64, new Float64Array(xs.length).fill(1), d64, 1);
    let worstY = 0, worstD = 0;
    for (let i = 0; i < xs.length; i++) {
      // Relative where the value is a normal float32 (elu and softplus keep their digits near 0).
      const errY = Math.abs(y[i]! - y64[i]!) / Math.max(Math.abs(y64[i]!), 2 ** -126);
      // The derivative comes from the rounded output (1 - e^{-y}, (1 - |y|)², y + 1): where it
      // is tiny, float32's absolute resolution of y is what it can have; e^x's is relative.
      const errD = Math.abs(d[i]! - d64[i]!) / (name === 'exponential' ? Math.abs(d64[i]!) : Math.max(1, Math.abs(d64[i]!)));
      assert.ok(errY <= 4 * ULP, `${name}(${xs[i]}): wasm ${y[i]} vs ${y64[i]} (${(errY / ULP).toFixed(2)} ulp)`);
      assert.ok(errD <= 4 * ULP, `${name}'(${xs[i]}): wasm ${d[i]} vs ${d64[i]} (${(errD / ULP).toFixed(2)} ulp)`);
      worstY = Math.max(worstY, errY);
      worstD = Math.max(worstD, errD);
    }
    report.push(`${name} ${(worstY / ULP).toFixed(2)}/${(worstD / ULP).toFixed(2)}`);
  }
  // Worst errors in ulps (forward/derivative), shown with --test-reporter=spec.
  console.log(`wasm activation accuracy: ${report.join(', ')}`);
});

test('wasm LSTM equals the reference for each activation with the default partner and mixed pairs, forward and backward', () => {
  let k = 0;
  for (const name of MORE_ACTIVATIONS) {
    for (const [a, r] of [[act(name), act('sigmoid')], [act('tanh'), act(name)]] as const) compareLstm(5000 + k, k++, a, r, scaleOf(a, r));
  }
  for (const [a, r] of MIXED) compareLstm(5000 + k, k++, act(a), act(r), scaleOf(act(a), act(r)));
});

for (const resetAfter of [true, false]) {
  test(`wasm GRU (resetAfter = ${resetAfter}) equals the reference for each activation with the default partner and mixed pairs, forward and backward`, () => {
    let k = 0;
    for (const name of MORE_ACTIVATIONS) {
      for (const [a, r] of [[act(name), act('sigmoid')], [act('tanh'), act(name)]] as const) compareGru(6000 + k, k++, a, r, resetAfter, scaleOf(a, r));
    }
    for (const [a, r] of MIXED) compareGru(6000 + k, k++, act(a), act(r), resetAfter, scaleOf(act(a), act(r)));
  });
}

test('wasm SimpleRNN equals the reference for each activation, forward and backward', () => {
  let k = 0;
  // Three option combinations for each.
  for (const name of MORE_ACTIVATIONS) for (let j = 0; j < 3; j++) compareSimpleRnn(7000 + k, k++, act(name), scaleOf(act(name), act(name)));
});

test('the ops run these activations on the wasm kernels (pass counts), or on TypeScript under LSTM_TS_BACKEND=js', () => {
  for (const [a, r] of [['elu', 'softsign'], ['selu', 'softplus'], ['relu6', 'exponential'], ['gelu', 'swish'], ['swish', 'sigmoid']]) {
    assertOpsRunOnWasm(act(a!), act(r!));
  }
});
