/**
 * Hand-written model.json + weights.bin files, in the forms tfjs and the Python converter
 * write them, with known weights in Keras layout: the loaded model computes what the
 * equations give by hand and what the same lstm-ts model given those weights computes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, tensor } from '../../src/index.js';
import { loadFromModelJson, type JsonObject } from '../../src/io/index.js';
import { loadModel } from '../../src/io/node.js';
import { float32Bytes, tempDir } from './helpers.js';
import { asSequential } from '../helpers/models.js';

const nulls = {
  kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null,
  kernel_constraint: null, recurrent_constraint: null, bias_constraint: null,
};

// LSTM(units 2) on 1 feature, gates i, f, c, o in Keras order along the last axis.
const W = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8];
const U = [
  [0.05, 0.1, -0.15, 0.2, 0.25, -0.3, 0.35, 0.4],
  [-0.05, 0.15, 0.1, -0.2, 0.3, 0.25, -0.35, 0.45],
];
const B = [0.01, 0.02, 1, 1, -0.1, 0.1, 0.05, -0.05];
const K = [0.7, -1.1];
const KB = [0.3];
const X = [[[0.5], [-1], [2]], [[0], [0.25], [-0.75]]];

/** Keras's LSTM followed by a Dense, by hand in float64 (recurrent activation hard_sigmoid). */
function byHand(x: number[][][]): number[] {
  const hardSigmoid = (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5));
  return x.map((sample) => {
    let h = [0, 0];
    let c = [0, 0];
    for (const [xt] of sample) {
      const z = W.map((w, j) => xt! * w + h[0]! * U[0]![j]! + h[1]! * U[1]![j]! + B[j]!);
      const gate = (k: number, u: number) => z[k * 2 + u]!;
      const i = [0, 1].map((u) => hardSigmoid(gate(0, u)));
      const f = [0, 1].map((u) => hardSigmoid(gate(1, u)));
      const g = [0, 1].map((u) => Math.tanh(gate(2, u)));
      const o = [0, 1].map((u) => hardSigmoid(gate(3, u)));
      c = [0, 1].map((u) => f[u]! * c[u]! + i[u]! * g[u]!);
      h = [0, 1].map((u) => o[u]! * Math.tanh(c[u]!));
    }
    return h[0]! * K[0]! + h[1]! * K[1]! + KB[0]!;
  });
}

/** What tfjs's model.save writes for this model (keys as tfjs 4.22 writes them). */
function tfjsModelJson(): JsonObject {
  return {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'hand',
        layers: [
          {
            class_name: 'LSTM',
            config: {
              name: 'lstm_LSTM1', trainable: true, batch_input_shape: [null, 3, 1], dtype: 'float32', units: 2,
              activation: 'tanh', recurrent_activation: 'hard_sigmoid', use_bias: true,
              kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } },
              recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1, seed: null } },
              bias_initializer: { class_name: 'Zeros', config: {} },
              unit_forget_bias: null, ...nulls, dropout: 0, recurrent_dropout: 0, implementation: null,
              return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false,
            },
          },
          {
            class_name: 'Dense',
            config: {
              units: 1, activation: 'linear', use_bias: true,
              kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } },
              bias_initializer: { class_name: 'Zeros', config: {} },
              kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
              name: 'dense_Dense1', trainable: true,
            },
          },
        ],
      },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{
      paths: ['weights.bin'],
      weights: [
        { name: 'lstm_LSTM1/kernel', shape: [1, 8], dtype: 'float32' },
        { name: 'lstm_LSTM1/recurrent_kernel', shape: [2, 8], dtype: 'float32' },
        { name: 'lstm_LSTM1/bias', shape: [8], dtype: 'float32' },
        { name: 'dense_Dense1/kernel', shape: [2, 1], dtype: 'float32' },
        { name: 'dense_Dense1/bias', shape: [1], dtype: 'float32' },
      ],
    }],
  };
}

function writeModel(dir: string, json: JsonObject, files: Record<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

test('a hand-written tfjs model.json + weights.bin computes the LSTM equations', async () => {
  const dir = tempDir();
  writeModel(dir, tfjsModelJson(), { 'weights.bin': float32Bytes([...W, ...U.flat(), ...B, ...K, ...KB]) });
  const { model: loaded, extra } = await loadModel(`file://${dir}/model.json`);
  assert.equal(extra, undefined);
  const model = asSequential(loaded);
  assert.deepEqual(model.layers.map((l) => [l.name, l.className]), [['lstm_LSTM1', 'LSTM'], ['dense_Dense1', 'Dense']]);
  const y = model.predict(X);
  assert.deepEqual(y.shape, [2, 1]);
  const want = byHand(X);
  y.data.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-6, `sample ${i}: ${v} vs ${want[i]} by hand`));

  // Bit-identical to the same lstm-ts model given the same Keras-layout weights.
  const direct = sequential({
    layers: [layers.lstm({ units: 2, inputShape: [3, 1], recurrentActivation: 'hardSigmoid' }), layers.dense({ units: 1 })],
  });
  direct.setWeights([tensor(W, [1, 8]), tensor(U), tensor(B), tensor(K, [2, 1]), tensor(KB)]);
  assert.deepEqual(Array.from(y.data), Array.from(direct.predict(X).data));
});

test('the Python converter form: model_config, InputLayer, cell-scoped names, shards, Keras 2.15 keys', () => {
  const units = 2;
  const kernel = Array.from({ length: 3 * 3 * units }, (_, i) => Math.sin(i + 1) / 2); // [3, 6]
  const recurrent = Array.from({ length: units * 3 * units }, (_, i) => Math.cos(i) / 3); // [2, 6]
  const bias = Array.from({ length: 2 * 3 * units }, (_, i) => (i - 5) / 10); // [2, 6]: input and recurrent bias
  const dense = [0.5, -0.25, 1.5, 2, -1, 0.75]; // [2, 3]
  const denseBias = [0.1, 0.2, 0.3];
  const init = (cls: string, config: JsonObject) => ({ module: 'keras.initializers', class_name: cls, config, registered_name: null });
  const json: JsonObject = {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            { module: 'keras.layers', class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 3], dtype: 'float32', sparse: false, ragged: false, name: 'gru_input' }, registered_name: null },
            {
              module: 'keras.layers', class_name: 'GRU', registered_name: null, build_config: { input_shape: [null, 4, 3] },
              config: {
                name: 'gru', trainable: true, dtype: 'float32', return_sequences: false, return_state: false, go_backwards: false,
                stateful: false, unroll: false, time_major: false, units, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true,
                kernel_initializer: init('GlorotUniform', { seed: null }), recurrent_initializer: init('Orthogonal', { gain: 1.0, seed: null }),
                bias_initializer: init('Zeros', {}), ...nulls, dropout: 0.0, recurrent_dropout: 0.0, implementation: 2, reset_after: true,
              },
            },
            {
              module: 'keras.layers', class_name: 'Dense', registered_name: null,
              config: {
                name: 'dense', trainable: true, dtype: 'float32', units: 3, activation: 'softmax', use_bias: true,
                kernel_initializer: init('GlorotUniform', { seed: null }), bias_initializer: init('Zeros', {}),
                kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
              },
            },
          ],
        },
      },
      training_config: { loss: 'categorical_crossentropy', metrics: [['accuracy']], optimizer_config: { class_name: 'Adam', config: {} } },
    },
    weightsManifest: [{
      paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
      weights: [
        { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' },
        { name: 'dense/bias', shape: [3], dtype: 'float32' },
        { name: 'gru/gru_cell/kernel', shape: [3, 6], dtype: 'float32' },
        { name: 'gru/gru_cell/recurrent_kernel', shape: [2, 6], dtype: 'float32' },
        { name: 'gru/gru_cell/bias', shape: [2, 6], dtype: 'float32' },
      ],
    }],
  };
  const bytes = float32Bytes([...dense, ...denseBias, ...kernel, ...recurrent, ...bias]);
  // The converter cuts shards at a byte count, not at weight boundaries.
  const model = asSequential(loadFromModelJson(json, [bytes.slice(0, 30), bytes.slice(30)]).model);
  assert.equal(model.name, 'sequential');
  assert.deepEqual(model.inputShape, [null, 4, 3]);
  const gruConfig = model.layers[0]!.getConfig();
  assert.equal(gruConfig['resetAfter'], true);
  assert.equal(gruConfig['recurrentActivation'], 'sigmoid');

  const direct = sequential({ layers: [layers.gru({ units, inputShape: [4, 3] }), layers.dense({ units: 3, activation: 'softmax' })] });
  direct.setWeights([tensor(kernel, [3, 6]), tensor(recurrent, [2, 6]), tensor(bias, [2, 6]), tensor(dense, [2, 3]), tensor(denseBias)]);
  const x = tensor(Array.from({ length: 24 }, (_, i) => Math.sin(i * 0.7)), [2, 4, 3]);
  assert.deepEqual(Array.from(model.predict(x).data), Array.from(direct.predict(x).data));
});

test('the oldest tfjs form (config is the layer list) and quantized converter weights', () => {
  const json: JsonObject = {
    modelTopology: {
      class_name: 'Sequential',
      config: [{ class_name: 'Dense', config: { units: 2, activation: 'relu', use_bias: true, name: 'd', batch_input_shape: [null, 2] } }],
    },
    weightsManifest: [{
      paths: ['w.bin'],
      weights: [
        { name: 'd/kernel', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1, original_dtype: 'float32' } },
        { name: 'd/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
      ],
    }],
  };
  // kernel q = [0, 2, 4, 6] -> [-1, 0, 1, 2]; bias float16 0x3800 = 0.5, 0xBC00 = -1
  const bytes = new Uint8Array([0, 2, 4, 6, 0x00, 0x38, 0x00, 0xbc]);
  const model = asSequential(loadFromModelJson(json, bytes).model);
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.data)), [[-1, 0, 1, 2], [0.5, -1]]);
  // relu([1, 1] @ [[-1, 0], [1, 2]] + [0.5, -1]) = relu([0.5, 1])
  assert.deepEqual(Array.from(model.predict([[1, 1]]).data), [0.5, 1]);
});
