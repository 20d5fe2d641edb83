/**
 * The non-recurrent layers in the exported ONNX graph (Dense with every activation, Embedding,
 * Dropout, TimeDistributed, Activation, LayerNormalization, Flatten, Reshape), each run in
 * onnxruntime-node and matched against `predict` to 1e-5.
 */
import { test, after } from 'node:test';
import { layers, sequential, setSeed, type Sequential, tensor } from '../../../src/index.js';
import type { Layer } from '../../../src/layers/index.js';
import type { ActivationName } from '../../../src/ops/activations.js';
import { compareWithOrt, measured, randomizeWeights, values } from './helpers.js';

function model(stack: Layer[], seed: number, scale = 0.8): Sequential {
  setSeed(seed);
  const m = sequential({ layers: stack });
  randomizeWeights(m, seed, scale);
  return m;
}

const activations: ActivationName[] = [
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign',
  'swish', 'gelu', 'exponential', 'softmax',
];

let seed = 900;
for (const activation of activations) {
  const s = seed++;
  test(`Dense activation '${activation}' on [batch, features] and [batch, time, features]`, async () => {
    // Scale 3 so relu6, hardSigmoid and the saturating ones reach their flat parts.
    const flat = model([layers.dense({ units: 5, activation, inputShape: [6] })], s, 3);
    await compareWithOrt(`Dense ${activation} rank 2`, flat, tensor(values(4 * 6, s), [4, 6]));
    const seq = model([layers.lstm({ units: 6, returnSequences: true, inputShape: [null, 3] }), layers.dense({ units: 5, activation })], s, 1.5);
    await compareWithOrt(`Dense ${activation} on a sequence`, seq, tensor(values(2 * 4 * 3, s), [2, 4, 3]));
  });
}

test("Dense 'hardSigmoidKeras3'", async () => {
  const m = model([layers.dense({ units: 5, activation: 'hardSigmoidKeras3' as ActivationName, inputShape: [6] })], 77, 3);
  await compareWithOrt('Dense hardSigmoidKeras3', m, tensor(values(4 * 6, 77), [4, 6]));
});

test('Dense without bias, Dropout, Activation', async () => {
  const m = model([
    layers.dense({ units: 4, useBias: false, inputShape: [5] }),
    layers.dropout({ rate: 0.5 }),
    layers.activation({ activation: 'tanh' }),
    layers.dense({ units: 3 }),
    layers.activation({ activation: 'softmax' }),
  ], 31);
  await compareWithOrt('Dense/Dropout/Activation', m, tensor(values(3 * 5, 31), [3, 5]));
});

test('Embedding (no mask) → LSTM → Dense softmax, ids as int64', async () => {
  const m = model([
    layers.embedding({ inputDim: 12, outputDim: 5, inputShape: [null] }),
    layers.lstm({ units: 6 }),
    layers.dense({ units: 3, activation: 'softmax' }),
  ], 32);
  const ids = tensor([[1, 2, 3, 11, 0], [0, 0, 4, 4, 4], [10, 9, 8, 7, 6]], [3, 5]);
  await compareWithOrt('Embedding + LSTM', m, ids, { ids: true });
});

test('Embedding with a fixed inputLength → TimeDistributed(Dense)', async () => {
  const m = model([
    layers.embedding({ inputDim: 7, outputDim: 3, inputLength: 4 }),
    layers.timeDistributed({ layer: layers.dense({ units: 2, activation: 'relu' }) }),
  ], 33);
  await compareWithOrt('Embedding + TimeDistributed(Dense)', m, tensor([[1, 2, 3, 4], [6, 5, 0, 0]], [2, 4]), { ids: true });
});

test('TimeDistributed of Dense, Dropout, Activation and LayerNormalization', async () => {
  const m = model([
    layers.gru({ units: 5, returnSequences: true, inputShape: [null, 3] }),
    layers.timeDistributed({ layer: layers.dense({ units: 4, activation: 'elu' }) }),
    layers.timeDistributed({ layer: layers.dropout({ rate: 0.2 }) }),
    layers.timeDistributed({ layer: layers.activation({ activation: 'swish' }) }),
    layers.timeDistributed({ layer: layers.layerNormalization({}) }),
    layers.timeDistributed({ layer: layers.dense({ units: 3, activation: 'softmax' }) }),
  ], 34);
  await compareWithOrt('TimeDistributed stack', m, tensor(values(2 * 5 * 3, 34), [2, 5, 3]));
});

test('LayerNormalization with and without center/scale, on sequences and vectors', async () => {
  for (const [center, scale] of [[true, true], [false, true], [true, false], [false, false]] as const) {
    const m = model([
      layers.lstm({ units: 6, returnSequences: true, inputShape: [null, 3] }),
      layers.layerNormalization({ center, scale, epsilon: 1e-2 }),
      layers.lstm({ units: 4 }),
      layers.layerNormalization({ center, scale }),
    ], 35);
    await compareWithOrt(`LayerNormalization center=${center} scale=${scale}`, m, tensor(values(3 * 4 * 3, 35), [3, 4, 3]));
  }
});

test('Flatten and Reshape after a returned sequence (fixed time axis)', async () => {
  const m = model([
    layers.lstm({ units: 4, returnSequences: true, inputShape: [5, 3] }),
    layers.flatten(),
    layers.dense({ units: 6 }),
    layers.reshape({ targetShape: [3, -1] }),
    layers.simpleRNN({ units: 2 }),
  ], 36);
  await compareWithOrt('LSTM → Flatten → Dense → Reshape → SimpleRNN', m, tensor(values(2 * 5 * 3, 36), [2, 5, 3]));
  const r = model([layers.dense({ units: 6, inputShape: [4] }), layers.reshape({ targetShape: [2, 3] }), layers.gru({ units: 3 })], 37);
  await compareWithOrt('Dense → Reshape([2, 3]) → GRU', r, tensor(values(3 * 4, 37), [3, 4]));
});

after(() => {
  const worst = Math.max(...measured.values());
  console.log(`# onnx layers: ${measured.size} comparisons, max |onnxruntime - predict| = ${worst.toExponential(2)}`);
});
