/**
 * Save/load round trips of every supported layer and option, in memory and on disk:
 * predictions bit-identical (float32 weights travel exactly), summaries and layer configs
 * identical, and the `extra` JSON comes back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, setSeed, initializers, tensor, type Sequential, type Tensor } from '../../src/index.js';
import { loadFromMemory, saveToMemory, loadFromModelJson, modelJsonFromArtifacts } from '../../src/io/index.js';
import { loadModel, saveModel } from '../../src/io/node.js';
import { input, summaryOf, tempDir, values } from './helpers.js';
import { asSequential } from '../helpers/models.js';

interface Case {
  build: () => Sequential;
  x: () => Tensor;
}

const seq = (seed: number): Tensor => input([3, 5, 4], seed);

/** Every layer, every option that changes what a layer computes or how it is built. */
const cases: Record<string, Case> = {
  'lstm with all options (hardSigmoid, relu, no unitForgetBias, dropout, goBackwards, initializers)': {
    build: () => sequential({
      name: 'lstm_all',
      layers: [
        layers.lstm({
          units: 3, inputShape: [5, 4], returnSequences: true, goBackwards: true, dropout: 0.1, recurrentDropout: 0.2,
          activation: 'relu', recurrentActivation: 'hardSigmoid', unitForgetBias: false, kernelInitializer: 'heNormal',
          recurrentInitializer: initializers.orthogonal({ gain: 0.5 }), biasInitializer: initializers.constant({ value: 0.1 }),
          name: 'encoder',
        }),
        layers.lstm({ units: 2, useBias: false, recurrentActivation: 'sigmoid', activation: 'tanh' }),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
    x: () => seq(1),
  },
  'stateful lstm with a fixed batch': {
    build: () => sequential({ layers: [layers.lstm({ units: 3, batchInputShape: [3, 5, 4], stateful: true }), layers.dense({ units: 1 })] }),
    x: () => seq(2),
  },
  'gru resetAfter true': {
    build: () => sequential({ layers: [layers.gru({ units: 4, inputShape: [5, 4], returnSequences: true }), layers.gru({ units: 2, activation: 'linear' })] }),
    x: () => seq(3),
  },
  'gru resetAfter false with hardSigmoid': {
    build: () => sequential({ layers: [layers.gru({ units: 4, inputShape: [5, 4], resetAfter: false, recurrentActivation: 'hardSigmoid', kernelInitializer: 'lecunUniform' })] }),
    x: () => seq(4),
  },
  simpleRNN: {
    build: () => sequential({ layers: [layers.simpleRNN({ units: 4, inputShape: [5, 4], activation: 'relu', returnSequences: true, recurrentInitializer: 'identity' }), layers.simpleRNN({ units: 3, goBackwards: true })] }),
    x: () => seq(5),
  },
  ...Object.fromEntries(
    (['concat', 'sum', 'mul', 'ave'] as const).map((mergeMode, i): [string, Case] => [
      `bidirectional ${mergeMode}`,
      {
        build: () => sequential({
          layers: [
            layers.bidirectional({ layer: layers.lstm({ units: 3, returnSequences: true }), mergeMode, inputShape: [5, 4] }),
            layers.bidirectional({ layer: [layers.gru({ units: 2 }), layers.simpleRNN({ units: 2 }), layers.lstm({ units: 2 }), layers.gru({ units: 2, resetAfter: false })][i]!, mergeMode }),
          ],
        }),
        x: () => seq(10 + i),
      },
    ]),
  ),
  'timeDistributed(dense)': {
    build: () => sequential({ layers: [layers.lstm({ units: 4, inputShape: [5, 4], returnSequences: true }), layers.timeDistributed({ layer: layers.dense({ units: 3, activation: 'tanh' }) })] }),
    x: () => seq(6),
  },
  'embedding maskZero into lstm and a masked sequence output': {
    build: () => sequential({
      layers: [
        layers.embedding({ inputDim: 9, outputDim: 4, maskZero: true, inputLength: 6, embeddingsInitializer: 'randomNormal' }),
        layers.lstm({ units: 3, returnSequences: true }),
        layers.gru({ units: 2 }),
      ],
    }),
    x: () => tensor([[1, 2, 3, 0, 0, 0], [4, 5, 6, 7, 8, 1], [2, 0, 0, 0, 0, 0]]),
  },
  'masking into bidirectional': {
    build: () => sequential({ layers: [layers.masking({ maskValue: -1, inputShape: [5, 4] }), layers.bidirectional({ layer: layers.lstm({ units: 2, returnSequences: true }) })] }),
    x: () => tensor(values(60, 7).map((v, i) => (i % 20 >= 12 ? -1 : v)), [3, 5, 4]),
  },
  'dropout, layerNormalization, activation, flatten, reshape and every dense activation': {
    build: () => sequential({
      layers: [
        layers.dense({ units: 6, inputShape: [5, 4], activation: 'relu6', kernelInitializer: 'glorotNormal', biasInitializer: 'ones' }),
        layers.dropout({ rate: 0.25, noiseShape: [null, 1, null], seed: 7 }),
        layers.layerNormalization({ epsilon: 1e-5, center: false }),
        layers.layerNormalization({ scale: false, betaInitializer: 'randomUniform' }),
        ...(['linear', 'relu', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu'] as const).map((activation) =>
          layers.dense({ units: 6, activation, kernelInitializer: initializers.randomUniform({ minval: -0.5, maxval: 0.5 }) }),
        ),
        layers.activation({ activation: 'exponential' }),
        layers.flatten(),
        layers.reshape({ targetShape: [3, 10] }),
        layers.dense({ units: 2, activation: 'softmax', useBias: false, kernelInitializer: initializers.truncatedNormal({ stddev: 0.3 }) }),
      ],
    }),
    x: () => seq(8),
  },
};

function assertSameModel(a: Sequential, b: Sequential, x: Tensor, label: string): void {
  assert.equal(b.name, a.name, `${label}: model name`);
  assert.deepEqual(summaryOf(b), summaryOf(a), `${label}: summary`);
  assert.deepEqual(b.layers.map((l) => l.getConfig()), a.layers.map((l) => l.getConfig()), `${label}: layer configs`);
  assert.deepEqual(b.weights.map((w) => w.name), a.weights.map((w) => w.name), `${label}: weight names`);
  const wa = a.getWeights();
  b.getWeights().forEach((w, i) => assert.deepEqual(Array.from(w.data), Array.from(wa[i]!.data), `${label}: weight ${i}`));
  // Stateful layers keep states between calls; compare both from fresh states.
  a.resetStates();
  b.resetStates();
  assert.deepEqual(Array.from(b.predict(x).data), Array.from(a.predict(x).data), `${label}: predictions`);
}

for (const [name, c] of Object.entries(cases)) {
  test(`round trip in memory: ${name}`, () => {
    setSeed(11);
    const model = c.build();
    const extra = { case: name, vocabulary: ['<pad>', 'a', 'b'], scaler: { mean: [0.5, -1.25], std: [2, 3] }, nested: { ok: true, none: null } };
    const artifacts = saveToMemory(model, { extra });
    const { model: loaded, extra: back } = loadFromMemory(artifacts);
    assertSameModel(model, asSequential(loaded), c.x(), name);
    assert.deepEqual(back, extra);
  });
}

test('round trip on disk through model.json and weights.bin for every case', async () => {
  const root = tempDir();
  for (const [name, c] of Object.entries(cases)) {
    setSeed(12);
    const model = c.build();
    const dir = join(root, name.replace(/[^a-z0-9]+/gi, '_'));
    const result = await saveModel(model, `file://${dir}`, { extra: { name } });
    assert.equal(result.modelJsonPath, join(dir, 'model.json'));
    assert.equal(result.weightsPath, join(dir, 'weights.bin'));
    const weightBytes = readFileSync(result.weightsPath).byteLength;
    assert.equal(weightBytes, model.countParams() * 4, `${name}: weights.bin holds float32`);
    assert.equal(result.bytes, weightBytes + readFileSync(result.modelJsonPath).byteLength);
    for (const where of [`file://${dir}/model.json`, dir, `file://${dir}`]) {
      const { model: loaded, extra } = await loadModel(where);
      assertSameModel(model, asSequential(loaded), c.x(), `${name} from ${where}`);
      assert.deepEqual(extra, { name });
    }
  }
});

test('a trained model reloads with bit-identical predictions', async () => {
  setSeed(3);
  const model = sequential({ layers: [layers.lstm({ units: 5, inputShape: [5, 4] }), layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const x = input([16, 5, 4], 21);
  const y = input([16, 1], 22);
  await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
  const dir = tempDir();
  await saveModel(model, dir);
  const { model: loaded, extra } = await loadModel(dir);
  assert.equal(extra, undefined, 'no extra saved, none returned');
  assert.deepEqual(Array.from(asSequential(loaded).predict(x).data), Array.from(model.predict(x).data));
  assert.throws(() => loaded.evaluate(x, y), /must be compiled/, 'the optimizer and loss are not saved');
  loaded.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  assert.ok(Number.isFinite(loaded.evaluate(x, y) as number));
});

test('saving again overwrites a saved model', async () => {
  const dir = tempDir();
  setSeed(1);
  const first = sequential({ layers: [layers.dense({ units: 3, inputShape: [2] })] });
  await saveModel(first, dir, { extra: { v: 1 } });
  const second = sequential({ layers: [layers.gru({ units: 2, inputShape: [4, 2] })] });
  await saveModel(second, dir, { extra: { v: 2 } });
  const { model, extra } = await loadModel(dir);
  assert.equal(model.layers[0]!.className, 'GRU');
  assert.deepEqual(extra, { v: 2 });
  assert.ok(!existsSync(join(dir, 'model.json.tmp')));
});

test('a model whose input shape came from data saves a shape that keeps the time axis free', () => {
  setSeed(4);
  const model = sequential({ layers: [layers.lstm({ units: 3 }), layers.dense({ units: 2 })] });
  model.predict(input([2, 5, 4], 1));
  const artifacts = saveToMemory(model);
  const first = (artifacts.modelTopology['config'] as { layers: { config: Record<string, unknown> }[] }).layers[0]!.config;
  assert.deepEqual(first['batch_input_shape'], [null, null, 4]);
  const { model: loaded } = loadFromMemory(artifacts);
  const longer = input([2, 9, 4], 2);
  assert.deepEqual(Array.from(asSequential(loaded).predict(longer).data), Array.from(model.predict(longer).data));

  // With a Flatten the later weights depend on every axis, so the built shape is kept.
  const flat = sequential({ layers: [layers.lstm({ units: 2, returnSequences: true }), layers.flatten(), layers.dense({ units: 1 })] });
  flat.predict(input([2, 5, 4], 3));
  const flatFirst = (saveToMemory(flat).modelTopology['config'] as { layers: { config: Record<string, unknown> }[] }).layers[0]!.config;
  assert.deepEqual(flatFirst['batch_input_shape'], [null, 5, 4]);

  // An Embedding's input is all ids: no axis fixes a weight.
  const emb = sequential({ layers: [layers.embedding({ inputDim: 5, outputDim: 2 }), layers.lstm({ units: 2 })] });
  emb.predict(tensor([[1, 2, 3]]));
  const embFirst = (saveToMemory(emb).modelTopology['config'] as { layers: { config: Record<string, unknown> }[] }).layers[0]!.config;
  assert.deepEqual(embFirst['batch_input_shape'], [null, null]);
  const { model: embLoaded } = loadFromMemory(saveToMemory(emb));
  const ids = tensor([[4, 1, 0, 2, 3]]);
  assert.deepEqual(Array.from(asSequential(embLoaded).predict(ids).data), Array.from(emb.predict(ids).data));
});

test('an unbuilt model saves its structure without weights', () => {
  const model = sequential({ layers: [layers.lstm({ units: 3, name: 'a' }), layers.dense({ units: 1, name: 'b' })] });
  const artifacts = saveToMemory(model);
  assert.deepEqual(artifacts.weightSpecs, []);
  assert.equal(artifacts.weightData.byteLength, 0);
  const { model: loaded } = loadFromMemory(artifacts);
  assert.deepEqual(loaded.layers.map((l) => [l.name, l.className, l.built]), [['a', 'LSTM', false], ['b', 'Dense', false]]);
  assert.deepEqual(asSequential(loaded).predict(input([1, 4, 2], 5)).shape, [1, 1]);
});

test('a float64 model reloads as float64 with float32-rounded weights', () => {
  setSeed(5);
  const model = sequential({ layers: [layers.lstm({ units: 3, inputShape: [5, 4], dtype: 'float64' }), layers.dense({ units: 1, dtype: 'float64' })] });
  const { model: loaded } = loadFromMemory(saveToMemory(model));
  assert.deepEqual(loaded.layers.map((l) => l.dtype), ['float64', 'float64']);
  const before = model.getWeights();
  loaded.getWeights().forEach((w, i) => {
    assert.ok(w.data instanceof Float64Array);
    assert.deepEqual(Array.from(w.data), Array.from(before[i]!.data).map(Math.fround));
  });
  const x = tensor(values(60, 9), [3, 5, 4], 'float64');
  const a = model.predict(x).data;
  asSequential(loaded).predict(x).data.forEach((v, i) => assert.ok(Math.abs(v - a[i]!) < 1e-6));
});

test('a frozen layer stays frozen', () => {
  setSeed(6);
  const model = sequential({ layers: [layers.lstm({ units: 3, inputShape: [5, 4], trainable: false }), layers.dense({ units: 1, name: 'out' })] });
  const { model: loaded } = loadFromMemory(saveToMemory(model));
  assert.equal(loaded.layers[0]!.trainable, false);
  assert.deepEqual(loaded.trainableWeights.map((w) => w.name), ['out/kernel', 'out/bias']);
});

test('model.json object plus weight bytes (the browser path) loads the same model', () => {
  setSeed(7);
  const model = cases['timeDistributed(dense)']!.build();
  const artifacts = saveToMemory(model, { extra: { k: 1 } });
  const json = JSON.parse(JSON.stringify(modelJsonFromArtifacts(artifacts))) as unknown;
  const bytes = new Uint8Array(artifacts.weightData);
  const { model: loaded, extra } = loadFromModelJson(json, [bytes.slice(0, 10), bytes.slice(10)]);
  const x = seq(9);
  assert.deepEqual(Array.from(asSequential(loaded).predict(x).data), Array.from(model.predict(x).data));
  assert.deepEqual(extra, { k: 1 });
});

test('extra is copied in both directions', () => {
  setSeed(8);
  const model = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
  const extra = { list: [1, 2], deep: { a: 'b' } };
  const artifacts = saveToMemory(model, { extra });
  extra.list.push(3);
  const first = loadFromMemory(artifacts).extra!;
  assert.deepEqual(first, { list: [1, 2], deep: { a: 'b' } });
  (first['list'] as number[]).push(9);
  assert.deepEqual(loadFromMemory(artifacts).extra, { list: [1, 2], deep: { a: 'b' } });
});
