/**
 * The recurrent activations ONNX's LSTM, GRU and RNN operators share with lstm-ts beyond the
 * bounded six (Elu with alpha 1, Softsign, Softplus) exported and run in onnxruntime-node,
 * matched against `predict` to 1e-5, in every activation slot (and beside HardSigmoid, whose
 * alpha and beta share the `activation_alpha`/`activation_beta` lists with Elu's alpha); the
 * ones the operators lack (selu, gelu, swish, relu6, exponential) are refused, naming the
 * layer, the option and the activation.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { layers, sequential, setSeed, type Sequential, tensor } from '../../../src/index.js';
import type { Layer, RecurrentLayer } from '../../../src/layers/index.js';
import { exportOnnxBytes, onnxExportIssues } from '../../../src/io/onnx/index.js';
import { compareWithOrt, measured, randomizeWeights, values } from './helpers.js';

const [B, T, F] = [3, 6, 4];

/**
 * Weights of ±scale: ±0.8 as in recurrent.test.ts, so pre-activations cross zero (elu's two
 * sides); ±0.4 where the gates are elu or softplus, which are not bounded by 1: a forget or
 * update gate above 1 grows the state step by step, and once it is large two float32 runs of
 * the same function part by more than 1e-5 (and onnxruntime's softplus, log(1 + e^x),
 * overflows past x = 88 where lstm-ts's stays finite).
 */
function model(stack: Layer[], seed: number, scale: number): Sequential {
  setSeed(seed);
  const m = sequential({ layers: stack });
  randomizeWeights(m, seed, scale);
  return m;
}

type Make = (extra: Record<string, unknown>) => RecurrentLayer;
const cases: [string, Make, number?][] = [
  ['LSTM elu gates, softsign candidate', (e) => layers.lstm({ units: 4, recurrentActivation: 'elu', activation: 'softsign', ...e }), 0.4],
  ['LSTM softplus gates, elu candidate', (e) => layers.lstm({ units: 4, recurrentActivation: 'softplus', activation: 'elu', ...e }), 0.4],
  ['LSTM hardSigmoid gates, elu candidate', (e) => layers.lstm({ units: 4, recurrentActivation: 'hardSigmoid', activation: 'elu', ...e })],
  ['LSTM elu gates, hardSigmoid candidate', (e) => layers.lstm({ units: 4, recurrentActivation: 'elu', activation: 'hardSigmoid', ...e }), 0.4],
  ['LSTM softsign gates, tanh candidate', (e) => layers.lstm({ units: 4, recurrentActivation: 'softsign', ...e })],
  ['LSTM sigmoid gates, softplus candidate', (e) => layers.lstm({ units: 4, activation: 'softplus', ...e })],
  ['GRU softsign gates, elu candidate', (e) => layers.gru({ units: 4, recurrentActivation: 'softsign', activation: 'elu', ...e })],
  ['GRU elu gates, softplus candidate', (e) => layers.gru({ units: 4, recurrentActivation: 'elu', activation: 'softplus', ...e }), 0.4],
  ['GRU softplus gates, tanh candidate', (e) => layers.gru({ units: 4, recurrentActivation: 'softplus', ...e }), 0.4],
  ['GRU resetAfter=false sigmoid gates, softsign candidate', (e) => layers.gru({ units: 4, resetAfter: false, activation: 'softsign', ...e })],
  ['GRU resetAfter=false elu gates, hardSigmoid candidate', (e) => layers.gru({ units: 4, resetAfter: false, recurrentActivation: 'elu', activation: 'hardSigmoid', ...e }), 0.4],
  ['SimpleRNN elu', (e) => layers.simpleRNN({ units: 4, activation: 'elu', ...e })],
  ['SimpleRNN softsign', (e) => layers.simpleRNN({ units: 4, activation: 'softsign', ...e })],
  ['SimpleRNN softplus', (e) => layers.simpleRNN({ units: 4, activation: 'softplus', ...e })],
];

let seed = 500;
for (const [label, make, scale] of cases) {
  test(`${label}: onnxruntime equals predict, forwards and goBackwards`, async () => {
    for (const goBackwards of [false, true]) {
      const s = seed++;
      const m = model([make({ inputShape: [null, F], returnSequences: true, goBackwards })], s, scale ?? 0.8);
      await compareWithOrt(`${label}${goBackwards ? ', goBackwards' : ''}`, m, tensor(values(B * T * F, s), [B, T, F]));
    }
  });
}

test('Bidirectional GRU with elu and softsign, masked (Masking), through onnxruntime', async () => {
  const m = model([
    layers.masking({ maskValue: 0, inputShape: [null, F] }),
    layers.bidirectional({ layer: layers.gru({ units: 3, recurrentActivation: 'softsign', activation: 'elu', returnSequences: true }) }),
  ], 77, 0.8);
  const x = values(B * T * F, 77).map((v, i) => (Math.floor(i / F) % T >= T - 1 - Math.floor(i / (T * F)) ? 0 : v));
  await compareWithOrt('Bidirectional GRU elu/softsign, masked', m, tensor(x, [B, T, F]));
});

test('selu, gelu, swish, relu6 and exponential are refused, naming the layer, the option and the activation', () => {
  for (const name of ['selu', 'gelu', 'swish', 'relu6', 'exponential']) {
    for (const [option, make] of [
      ['activation', () => layers.lstm({ units: 2, activation: name, inputShape: [3, 2], name: 'rec' })],
      ['recurrentActivation', () => layers.gru({ units: 2, recurrentActivation: name, inputShape: [3, 2], name: 'rec' })],
      ['activation', () => layers.simpleRNN({ units: 2, activation: name, inputShape: [3, 2], name: 'rec' })],
    ] as const) {
      const m = sequential({ layers: [make()] });
      const issues = onnxExportIssues(m);
      assert.equal(issues.length, 1, issues.join('\n'));
      assert.match(issues[0]!, new RegExp(`^layer 'rec' \\((LSTM|GRU|SimpleRNN)\\): ${option} '${name}' has no ONNX recurrent activation \\(the LSTM, GRU and RNN operators take 'tanh', 'sigmoid', 'relu', 'hardSigmoid', 'linear', 'elu', 'softsign', 'softplus'\\)$`));
      assert.throws(() => exportOnnxBytes(m), (e: Error) => e.name === 'UnsupportedModelError' && e.message.includes(`${option} '${name}'`));
    }
  }
  // Inside a Bidirectional the wrapped layer's option is named the same way.
  const bi = sequential({ layers: [layers.bidirectional({ layer: layers.lstm({ units: 2, recurrentActivation: 'gelu' }), inputShape: [3, 2], name: 'bi' })] });
  assert.match(onnxExportIssues(bi)[0]!, /^layer 'bi' \(Bidirectional\): recurrentActivation 'gelu' has no ONNX recurrent activation/);
});

after(() => {
  const worst = Math.max(...measured.values());
  console.log(`# onnx recurrent activations: ${measured.size} comparisons, max |onnxruntime - predict| = ${worst.toExponential(2)}`);
});
