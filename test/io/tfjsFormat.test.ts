/**
 * What lstm-ts writes is TensorFlow.js's layers format: the keys and values tfjs writes for
 * each layer, tfjs's weight names, the model.json layout and little-endian float32 weights.
 * Checked against a hand-written snippet and against files saved by tfjs 4.22 itself
 * (test/io/fixtures/tfjs, made by fixtures/generate_tfjs_fixtures.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, initializers, tensor } from '../../src/index.js';
import { layerFromConfig, layerToConfig, loadFromMemory, saveToMemory, type JsonObject, type JsonValue } from '../../src/io/index.js';
import { loadModel, saveModel } from '../../src/io/node.js';
import { float32Bytes, tempDir } from './helpers.js';
import { asSequential } from '../helpers/models.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'tfjs');

function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}

function layerSpecs(topology: JsonValue | undefined): JsonObject[] {
  return ((topology as JsonObject)['config'] as JsonObject)['layers'] as JsonObject[];
}

test('an LSTM layer config has exactly the keys, order and values tfjs writes', () => {
  const layer = layers.lstm({
    units: 4, inputShape: [5, 3], returnSequences: true, recurrentActivation: 'hardSigmoid', name: 'lstm_LSTM1',
    kernelInitializer: 'glorotNormal',
  });
  // tfjs-layers 4.22, tf.layers.lstm({ units: 4, returnSequences: true, inputShape: [5, 3] }),
  // except unit_forget_bias: tfjs writes its unset default as null, lstm-ts its own default true.
  const expected = {
    class_name: 'LSTM',
    config: {
      name: 'lstm_LSTM1',
      trainable: true,
      batch_input_shape: [null, 5, 3],
      dtype: 'float32',
      units: 4,
      activation: 'tanh',
      recurrent_activation: 'hard_sigmoid',
      use_bias: true,
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } },
      recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1, seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      unit_forget_bias: true,
      kernel_regularizer: null,
      recurrent_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      recurrent_constraint: null,
      bias_constraint: null,
      dropout: 0,
      recurrent_dropout: 0,
      implementation: null,
      return_sequences: true,
      return_state: false,
      go_backwards: false,
      stateful: false,
      unroll: false,
    },
  };
  const written = layerToConfig(layer);
  assert.deepEqual(written, expected);
  assert.deepEqual(Object.keys(written.config), Object.keys(expected.config), 'same key order as tfjs');

  // The same keys, in the same order, as the LSTM in a model.json tfjs saved.
  const tfjsLstm = layerSpecs(readJson(join(fixtures, 'lstm_stack', 'model.json'))['modelTopology'])[0]!;
  assert.deepEqual(Object.keys(written.config), Object.keys(tfjsLstm['config'] as JsonObject));
  // ... and it reads back into the same layer.
  assert.deepEqual(layerFromConfig(written).getConfig(), layer.getConfig());
});

/** Values lstm-ts writes differently from tfjs, on purpose (same meaning). */
function normalise(config: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === 'dtype') continue; // tfjs writes dtype only on a first layer; lstm-ts always
    if (k === 'unit_forget_bias' && v === null) out[k] = false; // tfjs's unset default
    else if (k === 'axis' && Array.isArray(v) && v.length === 1) out[k] = v[0]!; // tfjs resolves -1 to [rank-1] when built
    else if (k === 'layer' && v && typeof v === 'object' && !Array.isArray(v)) out[k] = { ...v, config: normalise(v['config'] as JsonObject) };
    else out[k] = v;
  }
  return out;
}

test('re-saving a model tfjs saved writes the configs tfjs wrote, key for key', async () => {
  const { cases } = readJson(join(fixtures, 'cases.json')) as { cases: JsonObject };
  for (const name of Object.keys(cases)) {
    const original = readJson(join(fixtures, name, 'model.json'));
    const { model } = await loadModel(join(fixtures, name));
    const resaved = saveToMemory(model);
    const theirs = layerSpecs(original['modelTopology']);
    const ours = layerSpecs(resaved.modelTopology);
    assert.equal(ours.length, theirs.length, name);
    ours.forEach((spec, i) => {
      const t = theirs[i]!;
      assert.equal(spec['class_name'], t['class_name'], `${name} layer ${i}`);
      assert.deepEqual(Object.keys(normalise(spec['config'] as JsonObject)), Object.keys(normalise(t['config'] as JsonObject)), `${name} layer ${i} keys`);
      assert.deepEqual(normalise(spec['config'] as JsonObject), normalise(t['config'] as JsonObject), `${name} layer ${i} values`);
    });
    // The same weight names (tfjs lists a frozen layer's weights last; names decide, not order).
    const theirNames = ((original['weightsManifest'] as JsonObject[])[0]!['weights'] as JsonObject[]).map((w) => w['name']);
    assert.deepEqual(resaved.weightSpecs.map((w) => w.name).sort(), [...theirNames].sort(), `${name} weight names`);
    assert.equal(resaved.modelTopology['backend'], 'tensor_flow.js');
  }
});

test('weight names follow tfjs: wrapped layers in the wrapper scope, Bidirectional halves by direction', () => {
  const model = sequential({
    layers: [
      layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 4, name: 'emb' }),
      layers.bidirectional({ layer: layers.gru({ units: 2, returnSequences: true, name: 'g' }), name: 'bi' }),
      layers.layerNormalization({ name: 'ln' }),
      layers.timeDistributed({ layer: layers.dense({ units: 2, name: 'd' }), name: 'td' }),
    ],
  });
  assert.deepEqual(saveToMemory(model).weightSpecs.map((w) => [w.name, w.shape]), [
    ['emb/embeddings', [5, 3]],
    ['bi/forward_g/kernel', [3, 6]],
    ['bi/forward_g/recurrent_kernel', [2, 6]],
    ['bi/forward_g/bias', [2, 6]],
    ['bi/backward_g/kernel', [3, 6]],
    ['bi/backward_g/recurrent_kernel', [2, 6]],
    ['bi/backward_g/bias', [2, 6]],
    ['ln/gamma', [4]],
    ['ln/beta', [4]],
    ['td/kernel', [4, 2]],
    ['td/bias', [2]],
  ]);
});

test('model.json and weights.bin: the tfjs-node layout, little-endian float32 in manifest order', async () => {
  const dense = layers.dense({ units: 2, inputShape: [3], name: 'd' });
  const model = sequential({ layers: [dense], name: 'tiny' });
  const kernel = [0.5, -1.25, 3, 1e-7, -0, 65504.5];
  dense.setWeights([tensor(kernel, [3, 2]), tensor([0.1, -0.2])]);
  const dir = tempDir();
  await saveModel(model, dir, { extra: { labels: ['a', 'b'] } });
  const json = readJson(join(dir, 'model.json'));
  assert.deepEqual(Object.keys(json), ['format', 'generatedBy', 'convertedBy', 'modelTopology', 'weightsManifest', 'userDefinedMetadata']);
  assert.equal(json['format'], 'layers-model');
  assert.match(json['generatedBy'] as string, /^lstm-ts v\d+\.\d+\.\d+$/);
  assert.equal(json['convertedBy'], null);
  assert.deepEqual(json['weightsManifest'], [{
    paths: ['weights.bin'],
    weights: [{ name: 'd/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'd/bias', shape: [2], dtype: 'float32' }],
  }]);
  assert.deepEqual(json['userDefinedMetadata'], { labels: ['a', 'b'] });
  const topology = json['modelTopology'] as JsonObject;
  assert.equal(topology['class_name'], 'Sequential');
  assert.equal((topology['config'] as JsonObject)['name'], 'tiny');
  const bytes = new Uint8Array(readFileSync(join(dir, 'weights.bin')));
  assert.deepEqual(bytes, float32Bytes([...kernel, 0.1, -0.2]));
});

test('initializers are written as tfjs serialises them and read back', () => {
  const cases: [Parameters<typeof layers.dense>[0]['kernelInitializer'], JsonValue][] = [
    ['glorotUniform', { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } }],
    ['glorotNormal', { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } }],
    ['heUniform', { class_name: 'VarianceScaling', config: { scale: 2, mode: 'fan_in', distribution: 'uniform', seed: null } }],
    ['heNormal', { class_name: 'VarianceScaling', config: { scale: 2, mode: 'fan_in', distribution: 'normal', seed: null } }],
    ['lecunUniform', { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_in', distribution: 'uniform', seed: null } }],
    ['lecunNormal', { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_in', distribution: 'normal', seed: null } }],
    ['zeros', { class_name: 'Zeros', config: {} }],
    ['ones', { class_name: 'Ones', config: {} }],
    ['orthogonal', { class_name: 'Orthogonal', config: { gain: 1, seed: null } }],
    ['identity', { class_name: 'Identity', config: { gain: 1 } }],
    ['randomUniform', { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } }],
    ['randomNormal', { class_name: 'RandomNormal', config: { mean: 0, stddev: 0.05, seed: null } }],
    ['truncatedNormal', { class_name: 'TruncatedNormal', config: { mean: 0, stddev: 0.05, seed: null } }],
    [initializers.constant({ value: 0.3 }), { class_name: 'Constant', config: { value: 0.3 } }],
    [initializers.orthogonal({ gain: 2 }), { class_name: 'Orthogonal', config: { gain: 2, seed: null } }],
    [initializers.randomUniform({ minval: -1, maxval: 2 }), { class_name: 'RandomUniform', config: { minval: -1, maxval: 2, seed: null } }],
    [initializers.varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'truncatedNormal' }), { class_name: 'VarianceScaling', config: { scale: 3, mode: 'fan_out', distribution: 'normal', seed: null } }],
    [initializers.varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'normal' }), { class_name: 'VarianceScaling', config: { scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: null } }],
    [initializers.glorotUniform(), { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } }],
  ];
  for (const [init, expected] of cases) {
    const layer = layers.dense({ units: 2, kernelInitializer: init! });
    const written = layerToConfig(layer);
    assert.deepEqual(written.config['kernel_initializer'], expected, JSON.stringify(expected));
    const back = layerFromConfig(written);
    assert.deepEqual(layerToConfig(back).config['kernel_initializer'], expected, 'reads back to the same initializer');
  }
  // Python Keras spells them as classes or snake_case strings, with module keys in Keras 2.13+.
  const python = (init: JsonValue) => (layerFromConfig({ class_name: 'Dense', config: { units: 1, kernel_initializer: init } }).getConfig()['kernelInitializer']);
  assert.equal(python({ module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: 3 }, registered_name: null }), 'glorotUniform');
  assert.equal(python('he_normal'), 'heNormal');
  assert.equal(python({ class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal' } }), 'lecunNormal');
});

test('activations are written with Keras names and read in either spelling', () => {
  const names = { linear: 'linear', relu: 'relu', relu6: 'relu6', elu: 'elu', selu: 'selu', sigmoid: 'sigmoid', hardSigmoid: 'hard_sigmoid', tanh: 'tanh', softplus: 'softplus', softsign: 'softsign', swish: 'swish', gelu: 'gelu', exponential: 'exponential', softmax: 'softmax' } as const;
  for (const [ours, keras] of Object.entries(names)) {
    const written = layerToConfig(layers.activation({ activation: ours as keyof typeof names }));
    assert.equal(written.config['activation'], keras);
    assert.equal(layerFromConfig(written).getConfig()['activation'], ours);
    assert.equal(layerFromConfig({ class_name: 'Activation', config: { activation: ours } }).getConfig()['activation'], ours);
  }
  assert.equal(layerFromConfig({ class_name: 'Dense', config: { units: 1, activation: null } }).getConfig()['activation'], 'linear');
});

test('GRU resetAfter true is written as Keras does (tfjs itself only runs reset_after false)', () => {
  const model = sequential({ layers: [layers.gru({ units: 2, inputShape: [3, 4], name: 'g' })] });
  const artifacts = saveToMemory(model);
  assert.equal(layerSpecs(artifacts.modelTopology)[0]!['config'] && (layerSpecs(artifacts.modelTopology)[0]!['config'] as JsonObject)['reset_after'], true);
  assert.deepEqual(artifacts.weightSpecs.map((w) => w.shape), [[4, 6], [2, 6], [2, 6]]);
  const tfjsStyle = saveToMemory(sequential({ layers: [layers.gru({ units: 2, inputShape: [3, 4], resetAfter: false })] }));
  assert.equal((layerSpecs(tfjsStyle.modelTopology)[0]!['config'] as JsonObject)['reset_after'], false);
  assert.deepEqual(tfjsStyle.weightSpecs.map((w) => w.shape), [[4, 6], [2, 6], [6]]);
});

test('Reshape writes -1 as null, or the resolved shape once built (tfjs cannot infer it)', () => {
  const unbuilt = layers.reshape({ targetShape: [3, -1] });
  assert.deepEqual(layerToConfig(unbuilt).config['target_shape'], [3, null]);
  assert.deepEqual(layerFromConfig(layerToConfig(unbuilt)).getConfig()['targetShape'], [3, -1]);
  const model = sequential({ layers: [layers.reshape({ targetShape: [3, -1], inputShape: [4, 6] })] });
  const written = layerSpecs(saveToMemory(model).modelTopology)[0]!['config'] as JsonObject;
  assert.deepEqual(written['target_shape'], [3, 8]);
  const { model: loaded } = loadFromMemory(saveToMemory(model));
  assert.deepEqual(asSequential(loaded).predict(tensor(new Float32Array(48), [2, 4, 6])).shape, [2, 3, 8]);
});

test('a Bidirectional keeps its input shape on the wrapper, even when Keras put it on the inner layer', () => {
  const written = layerToConfig(layers.bidirectional({ layer: layers.lstm({ units: 2 }), inputShape: [4, 3], mergeMode: 'sum' }));
  assert.deepEqual(written.config['batch_input_shape'], [null, 4, 3]);
  assert.equal((written.config['layer'] as JsonObject)['class_name'], 'LSTM');
  assert.equal(((written.config['layer'] as JsonObject)['config'] as JsonObject)['batch_input_shape'], undefined);
  const inner = layerFromConfig({
    class_name: 'Bidirectional',
    config: { merge_mode: 'concat', layer: { class_name: 'LSTM', config: { units: 2, batch_input_shape: [null, 4, 3] } } },
  });
  assert.deepEqual(inner.batchInputShape, [null, 4, 3]);
});
