import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Tensor, tensor } from '../../../src/tensor/tensor.js';
import { setSeed } from '../../../src/tensor/random.js';
import * as layers from '../../../src/layers/index.js';
import { sequential } from '../../../src/models/sequential.js';
import { loadFromMemory, saveToMemory } from '../../../src/io/memory.js';
import { UnsupportedModelError, layerFromConfig, layerToConfig } from '../../../src/io/layerRegistry.js';
import { loadKerasModel } from '../../../src/io/keras/node.js';
import { assertClose } from '../../helpers/fixtures.js';
import { loadConvFixture } from './helpers.js';

/** The single output of a model (predict may return a list for multi-output models). */
const one = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);
const root = fileURLToPath(new URL('../../..', import.meta.url));

function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1);
}

test('tfjs format round trip: config, weights (incl. moving statistics) and predictions survive', () => {
  setSeed(3);
  const bn = layers.batchNormalization({ momentum: 0.8, epsilon: 0.01, center: false });
  const model = sequential({
    layers: [
      layers.conv1d({ filters: 4, kernelSize: 3, padding: 'causal', dilationRate: 2, activation: 'relu', inputShape: [12, 2], kernelInitializer: 'heNormal' }),
      bn,
      layers.maxPooling1d({ poolSize: 3, strides: 2, padding: 'same' }),
      layers.averagePooling1d({ poolSize: 2 }),
      layers.conv1d({ filters: 3, kernelSize: [2], strides: [2], padding: 'same', useBias: false }),
      layers.globalMaxPooling1d({ keepdims: true }),
      layers.globalAveragePooling1d(),
      layers.dense({ units: 2 }),
    ],
  });
  const x = tensor(values(3 * 12 * 2, 9), [3, 12, 2]);
  // Move the moving statistics off their initial 0 and 1 so the round trip is not trivial.
  bn.setWeights([[1.2, 0.8, 1, 0.5], [0.3, -0.1, 0.2, 0.7], [0.5, 0.4, 0.1, 0.2]]);
  const copy = loadFromMemory(saveToMemory(model)).model;
  assert.deepEqual(copy.layers.map((l) => l.className), model.layers.map((l) => l.className));
  assert.deepEqual(copy.layers.map((l) => JSON.stringify(layerToConfig(l))), model.layers.map((l) => JSON.stringify(layerToConfig(l))));
  assert.deepEqual(copy.weights.map((w) => w.name), model.weights.map((w) => w.name));
  assert.deepEqual(copy.weights.map((w) => w.trainable), model.weights.map((w) => w.trainable));
  copy.weights.forEach((w, i) => assert.deepEqual(Array.from(w.value.data), Array.from(model.weights[i]!.value.data), w.name));
  assert.deepEqual(Array.from(one(copy.predict(x)).data), Array.from(one(model.predict(x)).data));
});

test('configs as Python Keras 3 writes them are read; unsupported options are reported, not dropped', () => {
  const conv = layerFromConfig({ class_name: 'Conv1D', config: {
    name: 'c', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } }, filters: 2, kernel_size: [3], strides: [1],
    padding: 'same', data_format: 'channels_last', dilation_rate: [1], groups: 1, activation: 'relu', use_bias: true,
    kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null },
    bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
    kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
  } });
  assert.ok(conv instanceof layers.Conv1D);
  assert.deepEqual([conv.filters, conv.kernelSize, conv.padding, conv.activation], [2, 3, 'same', 'relu']);
  const bn = layerFromConfig({ class_name: 'BatchNormalization', config: {
    name: 'bn', axis: -1, momentum: 0.9, epsilon: 0.001, center: true, scale: false, beta_initializer: 'zeros', gamma_initializer: 'ones',
    moving_mean_initializer: 'zeros', moving_variance_initializer: 'ones', beta_regularizer: null, gamma_regularizer: null,
    beta_constraint: null, gamma_constraint: null, synchronized: false,
  } });
  assert.ok(bn instanceof layers.BatchNormalization);
  assert.deepEqual([bn.momentum, bn.scale], [0.9, false]);
  const gap = layerFromConfig({ class_name: 'GlobalAveragePooling1D', config: { name: 'g', data_format: 'channels_last', keepdims: true } });
  assert.ok(gap instanceof layers.GlobalAveragePooling1D && gap.keepdims);
  const bad = (cfg: object): string[] => {
    try {
      layerFromConfig(cfg as never);
    } catch (e) {
      assert.ok(e instanceof UnsupportedModelError, String(e));
      return [...e.issues];
    }
    return assert.fail('expected an UnsupportedModelError');
  };
  const regularized = layerFromConfig({ class_name: 'Conv1D', config: { name: 'c', filters: 2, kernel_size: 3, kernel_regularizer: { class_name: 'L2', config: { l2: 0.03 } } } });
  assert.ok(regularized instanceof layers.Conv1D && regularized.penalties.kernelRegularizer?.l2 === 0.03);
  assert.match(bad({ class_name: 'Conv1D', config: { name: 'c', filters: 2, kernel_size: 3, kernel_regularizer: { class_name: 'OrthogonalRegularizer', config: { factor: 0.01 } } } }).join('\n'), /option 'kernel_regularizer': .*'OrthogonalRegularizer' is not one lstm-ts has/);
  assert.match(bad({ class_name: 'Conv1D', config: { name: 'c', filters: 2, kernel_size: 3, groups: 2 } }).join('\n'), /option 'groups' = 2 is not supported \(grouped convolution/);
  assert.match(bad({ class_name: 'Conv1D', config: { name: 'c', filters: 2 } }).join('\n'), /option 'kernel_size' is required/);
  assert.match(bad({ class_name: 'MaxPooling1D', config: { name: 'p', data_format: 'channels_first' } }).join('\n'), /option 'data_format' = "channels_first" is not supported/);
  assert.match(bad({ class_name: 'BatchNormalization', config: { name: 'b', renorm: true } }).join('\n'), /option 'renorm' = true is not supported/);
  assert.match(bad({ class_name: 'AveragePooling1D', config: { name: 'p', padding: 'causal' } }).join('\n'), /option 'padding' = "causal" is not supported/);
});

test('a tf.keras 2.11 .h5 file (Conv1D causal dilated, BatchNormalization, pooling, Dense) loads and predicts as PyTorch computed', async () => {
  const f = loadConvFixture().kerasFile;
  const bytes = new Uint8Array(readFileSync(`${root}test/fixtures/conv/${f.file}`));
  const model = await loadKerasModel(bytes);
  assert.deepEqual(model.layers.map((l) => l.className), ['Conv1D', 'BatchNormalization', 'MaxPooling1D', 'GlobalAveragePooling1D', 'Dense']);
  const bn = model.layers[1] as layers.BatchNormalization;
  assert.ok(Math.abs(bn.movingVariance!.data[0]! - 1) > 1e-3, 'moving variance read from the file');
  const y = one(model.predict(tensor(f.x, undefined, 'float32')));
  assertClose(y.data, f.output, 'prediction', 1e-5, 1e-5);
});

test('the weight plan rejects a file whose conv kernel does not fit before building', () => {
  const model = sequential({ layers: [layers.conv1d({ filters: 2, kernelSize: 3, inputShape: [5, 2] }), layers.batchNormalization()] });
  const artifacts = saveToMemory(model);
  const specs = artifacts.weightSpecs!;
  assert.deepEqual(specs.map((s) => [s.name.split('/')[1], s.shape]), [
    ['kernel', [3, 2, 2]], ['bias', [2]], ['gamma', [2]], ['beta', [2]], ['moving_mean', [2]], ['moving_variance', [2]],
  ]);
  const broken = { ...artifacts, weightSpecs: specs.map((s, i) => (i === 0 ? { ...s, shape: [2, 2, 3] } : s)) };
  assert.throws(() => loadFromMemory(broken), (e: Error) => { assert.match(e.message, /kernel/); assert.match(e.message, /\[3, 2, 2\]/); return true; });
});
