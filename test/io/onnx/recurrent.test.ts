/**
 * Every recurrent layer and option exported to ONNX and run in onnxruntime-node: the output
 * must match `model.predict` to 1e-5. Weights are drawn larger than the initialisers give
 * (±0.8) so gates saturate and a wrong gate order or activation shows.
 */
import { test, after } from 'node:test';
import { layers, sequential, setSeed, type Sequential, type Tensor, tensor } from '../../../src/index.js';
import type { Layer, RecurrentLayer } from '../../../src/layers/index.js';
import { exportOnnxBytes } from '../../../src/io/onnx/index.js';
import assert from 'node:assert/strict';
import { compareWithOrt, measured, randomizeWeights, runOrt, values } from './helpers.js';

const B = 3;
const T = 6;
const F = 4;
const x = (seed: number, time = T): Tensor => tensor(values(B * time * F, seed), [B, time, F]);

function model(stack: Layer[], seed: number): Sequential {
  setSeed(seed);
  const m = sequential({ layers: stack });
  randomizeWeights(m, seed);
  return m;
}

type Make = (extra: Record<string, unknown>) => RecurrentLayer;
const kinds: Record<string, Make> = {
  LSTM: (extra) => layers.lstm({ units: 5, ...extra }),
  GRU: (extra) => layers.gru({ units: 5, ...extra }),
  'GRU resetAfter=false': (extra) => layers.gru({ units: 5, resetAfter: false, ...extra }),
  SimpleRNN: (extra) => layers.simpleRNN({ units: 5, ...extra }),
};

const variants: Record<string, Record<string, unknown>> = {
  'last output': {},
  returnSequences: { returnSequences: true },
  goBackwards: { goBackwards: true },
  'goBackwards + returnSequences': { goBackwards: true, returnSequences: true },
  'no bias': { useBias: false, returnSequences: true },
  'dropout and recurrentDropout (inference: identity)': { dropout: 0.3, recurrentDropout: 0.2 },
};

let seed = 100;
for (const [kind, make] of Object.entries(kinds)) {
  for (const [variant, extra] of Object.entries(variants)) {
    const s = seed++;
    test(`${kind}, ${variant}`, async () => {
      const m = model([make({ inputShape: [null, F], ...extra })], s);
      await compareWithOrt(`${kind}, ${variant}`, m, x(s));
    });
  }
}

test('recurrent activations: hardSigmoid gates, relu / linear / sigmoid candidates', async () => {
  const cases: [string, Make][] = [
    ['LSTM hardSigmoid + relu', (e) => layers.lstm({ units: 4, recurrentActivation: 'hardSigmoid', activation: 'relu', unitForgetBias: false, ...e })],
    ['LSTM linear + sigmoid', (e) => layers.lstm({ units: 4, recurrentActivation: 'sigmoid', activation: 'linear', ...e })],
    ['LSTM tanh gates + sigmoid', (e) => layers.lstm({ units: 4, recurrentActivation: 'tanh', activation: 'sigmoid', ...e })],
    ['LSTM hardSigmoidKeras3 gates', (e) => layers.lstm({ units: 4, recurrentActivation: 'hardSigmoidKeras3', ...e })],
    ['GRU hardSigmoid + linear', (e) => layers.gru({ units: 4, recurrentActivation: 'hardSigmoid', activation: 'linear', ...e })],
    ['GRU resetAfter=false hardSigmoid + relu', (e) => layers.gru({ units: 4, resetAfter: false, recurrentActivation: 'hardSigmoid', activation: 'relu', ...e })],
    ['SimpleRNN relu', (e) => layers.simpleRNN({ units: 4, activation: 'relu', ...e })],
    ['SimpleRNN linear', (e) => layers.simpleRNN({ units: 4, activation: 'linear', ...e })],
    ['SimpleRNN sigmoid', (e) => layers.simpleRNN({ units: 4, activation: 'sigmoid', ...e })],
    ['SimpleRNN hardSigmoid', (e) => layers.simpleRNN({ units: 4, activation: 'hardSigmoid', ...e })],
  ];
  for (const [label, make] of cases) {
    for (const goBackwards of [false, true]) {
      const m = model([make({ inputShape: [null, F], returnSequences: true, goBackwards })], seed++);
      await compareWithOrt(`${label}${goBackwards ? ', goBackwards' : ''}`, m, x(seed));
    }
  }
});

test('stacked layers of every kind, time-major between them, with a Dense head', async () => {
  const m = model([
    layers.lstm({ units: 6, inputShape: [null, F], returnSequences: true }),
    layers.gru({ units: 5, returnSequences: true, goBackwards: true }),
    layers.simpleRNN({ units: 4, returnSequences: true }),
    layers.gru({ units: 3, resetAfter: false, returnSequences: true }),
    layers.lstm({ units: 3 }),
    layers.dense({ units: 2, activation: 'softmax' }),
  ], 7);
  await compareWithOrt('stacked LSTM/GRU/SimpleRNN + Dense', m, x(7));
});

for (const inner of ['LSTM', 'GRU', 'GRU resetAfter=false', 'SimpleRNN']) {
  for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
    for (const returnSequences of [false, true]) {
      const s = seed++;
      const label = `Bidirectional(${inner}) ${mergeMode}${returnSequences ? ', returnSequences' : ''}`;
      test(label, async () => {
        const m = model([layers.bidirectional({ layer: kinds[inner]!({ returnSequences }), mergeMode, inputShape: [null, F] })], s);
        await compareWithOrt(label, m, x(s));
      });
    }
  }
}

test('Bidirectional around a goBackwards layer, with and without returnSequences', async () => {
  for (const returnSequences of [false, true]) {
    for (const mergeMode of ['concat', 'sum'] as const) {
      const m = model([layers.bidirectional({ layer: layers.lstm({ units: 4, goBackwards: true, returnSequences }), mergeMode, inputShape: [null, F] })], seed++);
      await compareWithOrt(`Bidirectional(LSTM goBackwards) ${mergeMode}${returnSequences ? ', returnSequences' : ''}`, m, x(seed));
    }
  }
});

test('stacked Bidirectional layers with hardSigmoid and a TimeDistributed head', async () => {
  const m = model([
    layers.bidirectional({ layer: layers.lstm({ units: 4, returnSequences: true, recurrentActivation: 'hardSigmoid' }), inputShape: [null, F] }),
    layers.bidirectional({ layer: layers.gru({ units: 3, returnSequences: true }), mergeMode: 'ave' }),
    layers.timeDistributed({ layer: layers.dense({ units: 2, activation: 'sigmoid' }) }),
  ], 11);
  await compareWithOrt('stacked Bidirectional + TimeDistributed(Dense)', m, x(11));
});

test('one exported file runs any batch size and sequence length', async () => {
  const m = model([layers.lstm({ units: 4, inputShape: [null, F], returnSequences: true }), layers.bidirectional({ layer: layers.gru({ units: 3 }) })], 13);
  const bytes = exportOnnxBytes(m);
  for (const [batch, time] of [[1, 1], [2, 9], [5, 3], [4, 40]] as const) {
    const input = tensor(values(batch * time * F, 13 + time), [batch, time, F]);
    const want = m.predict(input);
    const got = await runOrt(bytes, input);
    assert.deepEqual([...got.dims], [batch, 6]);
    const diff = Math.max(...Array.from(want.data, (v, i) => Math.abs(v - got.data[i]!)));
    measured.set(`dynamic axes batch ${batch} time ${time}`, diff);
    assert.ok(diff <= 1e-5, `batch ${batch} time ${time}: ${diff}`);
  }
});

test('a float64 model is exported in float32 and still matches', async () => {
  setSeed(3);
  const m = sequential({ layers: [layers.lstm({ units: 4, inputShape: [null, F], dtype: 'float64', returnSequences: true }), layers.dense({ units: 2, dtype: 'float64' })] });
  randomizeWeights(m, 3);
  await compareWithOrt('float64 LSTM + Dense', m, x(3));
});

after(() => {
  const worst = Math.max(...measured.values());
  console.log(`# onnx recurrent: ${measured.size} comparisons, max |onnxruntime - predict| = ${worst.toExponential(2)}`);
});
