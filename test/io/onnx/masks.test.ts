/**
 * Padding masks in the exported ONNX graph: Embedding(maskZero) and Masking in front of
 * recurrent layers, with padding at the front, the back, in the middle and whole rows of
 * padding. The graph moves each row's real steps to the front, runs the operator with
 * `sequence_lens` and puts the outputs back, so it must match `predict` (Keras semantics:
 * state and output carried over padded steps) to 1e-5.
 */
import { test, after } from 'node:test';
import { layers, sequential, setSeed, type Sequential, type Tensor, tensor } from '../../../src/index.js';
import type { Layer, RecurrentLayer } from '../../../src/layers/index.js';
import { compareWithOrt, measured, randomizeWeights, values } from './helpers.js';

const VOCAB = 9;
const T = 7;

/** Rows of ids: pre-padded, post-padded, padding in the middle, all padding, no padding. */
const ids: Tensor = tensor([
  [0, 0, 0, 3, 1, 4, 1],
  [5, 9 % VOCAB, 2, 6, 0, 0, 0],
  [0, 5, 0, 0, 3, 5, 0],
  [0, 0, 0, 0, 0, 0, 0],
  [8, 7, 6, 5, 4, 3, 2],
  [0, 0, 0, 0, 0, 0, 4],
  [7, 0, 0, 0, 0, 0, 0],
], [7, T]);

function model(stack: Layer[], seed: number): Sequential {
  setSeed(seed);
  const m = sequential({ layers: [layers.embedding({ inputDim: VOCAB, outputDim: 4, maskZero: true, inputShape: [null] }), ...stack] });
  randomizeWeights(m, seed);
  return m;
}

type Make = (extra: Record<string, unknown>) => RecurrentLayer;
const kinds: Record<string, Make> = {
  LSTM: (e) => layers.lstm({ units: 4, ...e }),
  GRU: (e) => layers.gru({ units: 4, ...e }),
  'GRU resetAfter=false': (e) => layers.gru({ units: 4, resetAfter: false, ...e }),
  SimpleRNN: (e) => layers.simpleRNN({ units: 4, ...e }),
};

let seed = 500;
for (const [kind, make] of Object.entries(kinds)) {
  for (const goBackwards of [false, true]) {
    for (const returnSequences of [false, true]) {
      const s = seed++;
      const label = `masked ${kind}${goBackwards ? ', goBackwards' : ''}${returnSequences ? ', returnSequences' : ''}`;
      test(label, async () => {
        await compareWithOrt(label, model([make({ goBackwards, returnSequences })], s), ids, { ids: true });
      });
    }
  }
  test(`masked ${kind}, zeroOutputForMask`, async () => {
    const m = model([make({ returnSequences: true, zeroOutputForMask: true })], seed++);
    await compareWithOrt(`masked ${kind}, zeroOutputForMask`, m, ids, { ids: true });
    const back = model([make({ returnSequences: true, zeroOutputForMask: true, goBackwards: true })], seed++);
    await compareWithOrt(`masked ${kind}, zeroOutputForMask, goBackwards`, back, ids, { ids: true });
  });
  for (const mergeMode of ['concat', 'mul'] as const) {
    for (const returnSequences of [false, true]) {
      for (const goBackwards of [false, true]) {
        const s = seed++;
        const label = `masked Bidirectional(${kind}${goBackwards ? ' goBackwards' : ''}) ${mergeMode}${returnSequences ? ', returnSequences' : ''}`;
        test(label, async () => {
          const m = model([layers.bidirectional({ layer: make({ returnSequences, goBackwards }), mergeMode })], s);
          await compareWithOrt(label, m, ids, { ids: true });
        });
      }
    }
  }
}

test('a mask flows through stacked layers, Dense, Dropout and TimeDistributed', async () => {
  const m = model([
    layers.lstm({ units: 5, returnSequences: true }),
    layers.dropout({ rate: 0.5 }),
    layers.timeDistributed({ layer: layers.dense({ units: 4, activation: 'tanh' }) }),
    layers.gru({ units: 4, returnSequences: true, goBackwards: true }),
    layers.dense({ units: 3, activation: 'relu' }),
    layers.bidirectional({ layer: layers.simpleRNN({ units: 3, returnSequences: true }), mergeMode: 'sum' }),
    layers.lstm({ units: 3 }),
    layers.dense({ units: 2, activation: 'softmax' }),
  ], 41);
  await compareWithOrt('masked stack', m, ids, { ids: true });
});

test('the classify app shape: Embedding(maskZero) + stacked Bidirectional LSTM + sigmoid', async () => {
  const m = model([
    layers.bidirectional({ layer: layers.lstm({ units: 6, returnSequences: true }) }),
    layers.bidirectional({ layer: layers.lstm({ units: 6 }) }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ], 43);
  await compareWithOrt('classify-like model', m, ids, { ids: true });
});

test('Masking layer in front of recurrent layers (maskValue 0 and -1)', async () => {
  for (const maskValue of [0, -1]) {
    setSeed(45);
    const m = sequential({ layers: [
      layers.masking({ maskValue, inputShape: [null, 3] }),
      layers.lstm({ units: 4, returnSequences: true }),
      layers.bidirectional({ layer: layers.gru({ units: 3 }) }),
    ] });
    randomizeWeights(m, 45);
    const data = values(4 * 6 * 3, 46);
    // Pad some steps (all features = maskValue) and one single feature (not padding).
    for (const [b, t] of [[0, 0], [0, 1], [1, 5], [2, 2], [2, 3], [3, 0], [3, 1], [3, 2], [3, 3], [3, 4], [3, 5]] as const) {
      for (let f = 0; f < 3; f++) data[(b * 6 + t) * 3 + f] = maskValue;
    }
    data[(1 * 6 + 0) * 3 + 1] = maskValue;
    await compareWithOrt(`Masking(${maskValue}) + LSTM + Bidirectional(GRU)`, m, tensor(data, [4, 6, 3]));
  }
});

after(() => {
  const worst = Math.max(...measured.values());
  console.log(`# onnx masks: ${measured.size} comparisons, max |onnxruntime - predict| = ${worst.toExponential(2)}`);
});
