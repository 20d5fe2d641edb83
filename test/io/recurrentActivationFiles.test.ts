/**
 * Recurrent layers with the activations beyond the bounded six in model files: the tfjs format
 * writes and reads them under their tfjs names ('elu', 'selu', 'softsign', 'softplus', 'relu6',
 * 'exponential', 'gelu', 'swish'); a Keras 2 `.h5` and a Keras 3 `.keras` whose configs name
 * them (Keras 3's 'silu' among them, as a string and as Keras 3's function object) load with
 * those activations and predict what the same layers built here with the file's weights do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { layers, sequential, tensor, type Sequential } from '../../src/index.js';
import { loadKerasModel, loadKerasWeights } from '../../src/io/keras/node.js';
import { saveToMemory, loadFromMemory } from '../../src/io/index.js';
import type { RecurrentLayer } from '../../src/layers/recurrent.js';
import type { Bidirectional } from '../../src/layers/bidirectional.js';
import { setSeed } from '../../src/tensor/random.js';
import { asSequential } from '../helpers/models.js';
import { fixturePath } from './keras/helpers.js';

/** [activation, recurrentActivation] of each recurrent layer (SimpleRNN: [activation, null]). */
function activationsOf(model: Sequential): [string, string | null][] {
  return model.layers.flatMap((l) => {
    const layer = l.className === 'Bidirectional' ? (l as Bidirectional).forwardLayer : l;
    if (!('cell' in layer)) return [];
    const cell = (layer as RecurrentLayer).cell as unknown as { activation: { name: string }; recurrentActivation?: { name: string } };
    return [[cell.activation.name, cell.recurrentActivation?.name ?? null] as [string, string | null]];
  });
}

function input(shape: number[], seed: number) {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => Math.sin(0.61 * i + seed)), shape);
}

test('the tfjs format writes these activations under their tfjs names and reads them back, predictions bit-identical', () => {
  setSeed(6);
  const model = sequential({
    layers: [
      layers.lstm({ units: 4, activation: 'elu', recurrentActivation: 'softsign', returnSequences: true, inputShape: [5, 3] }),
      layers.gru({ units: 4, activation: 'gelu', recurrentActivation: 'swish', resetAfter: false, returnSequences: true }),
      layers.simpleRNN({ units: 3, activation: 'selu', returnSequences: true }),
      layers.lstm({ units: 3, activation: 'relu6', recurrentActivation: 'softplus', returnSequences: true }),
      layers.bidirectional({ layer: layers.gru({ units: 2, activation: 'exponential', recurrentActivation: 'sigmoid' }) }),
    ],
  });
  const artifacts = saveToMemory(model);
  const written = (artifacts.modelTopology['config'] as { layers: { config: Record<string, unknown> }[] }).layers.map((l) => {
    const c = (l.config['layer'] as { config: Record<string, unknown> } | undefined)?.config ?? l.config;
    return [c['activation'], c['recurrent_activation'] ?? null];
  });
  assert.deepEqual(written, [['elu', 'softsign'], ['gelu', 'swish'], ['selu', null], ['relu6', 'softplus'], ['exponential', 'sigmoid']]);
  const loaded = asSequential(loadFromMemory(artifacts).model);
  assert.deepEqual(activationsOf(loaded), activationsOf(model));
  const x = input([2, 5, 3], 1);
  assert.deepEqual(Array.from(loaded.predict(x).data), Array.from(model.predict(x).data));
  // Keras 3's name for swish reads as swish in a tfjs-format file too.
  const topology = JSON.parse(JSON.stringify(artifacts.modelTopology).replace('"recurrent_activation":"swish"', '"recurrent_activation":"silu"'));
  const again = asSequential(loadFromMemory({ ...artifacts, modelTopology: topology }).model);
  assert.equal(activationsOf(again)[1]![1], 'swish');
});

/** Replaces the first `from` in `bytes` by `to`, of the same byte length. */
function patch(bytes: Uint8Array, from: string, to: string): Uint8Array {
  assert.equal(to.length, from.length, `'${to}' must be as long as '${from}'`);
  const at = Buffer.from(bytes).toString('latin1').indexOf(from);
  assert.ok(at >= 0, `'${from}' is in the file`);
  const out = Uint8Array.from(bytes);
  out.set(Buffer.from(to, 'latin1'), at);
  return out;
}

test('a Keras 2 .h5 (model_config) naming selu, softsign, gelu and swish loads them and predicts what layers built here with its weights do', async () => {
  // JSON allows spaces between tokens, so each name is swapped in place, padded to the length
  // of the one it replaces: the HDF5 structure (no checksums in this Keras 2.2 file) is intact.
  let bytes: Uint8Array = new Uint8Array(readFileSync(fixturePath('k2_lstm.h5')));
  bytes = patch(bytes, '"activation": "tanh"', '"activation": "selu"');
  bytes = patch(bytes, '"recurrent_activation": "hard_sigmoid"', '"recurrent_activation": "softsign"    ');
  bytes = patch(bytes, '"activation": "tanh"', '"activation": "gelu"');
  bytes = patch(bytes, '"recurrent_activation": "sigmoid"', '"recurrent_activation": "swish"  ');
  const model = asSequential(await loadKerasModel(bytes));
  assert.deepEqual(activationsOf(model), [['selu', 'softsign'], ['gelu', 'swish']]);
  const built = sequential({
    layers: [
      layers.lstm({ units: 5, returnSequences: true, activation: 'selu', recurrentActivation: 'softsign', inputShape: [6, 3] }),
      layers.dropout({ rate: 0.3 }),
      layers.lstm({ units: 4, goBackwards: true, activation: 'gelu', recurrentActivation: 'swish' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  await loadKerasWeights(built, fixturePath('k2_lstm.h5'));
  const x = input([3, 6, 3], 2);
  assert.deepEqual(Array.from(model.predict(x).data), Array.from(built.predict(x).data));
  // And the activations matter: the unpatched file predicts something else.
  const original = asSequential(await loadKerasModel(fixturePath('k2_lstm.h5')));
  const diff = Math.max(...Array.from(original.predict(x).data, (v, i) => Math.abs(v - model.predict(x).data[i]!)));
  assert.ok(diff > 1e-3, `the activations change the output (${diff})`);
});

test("a Keras 3 .keras naming softplus, elu, 'silu' (as Keras 3's function object), gelu and relu6 loads them and predicts what layers built here with its weights do", async () => {
  const files = unzipSync(new Uint8Array(readFileSync(fixturePath('k3_model.keras'))));
  const config = JSON.parse(strFromU8(files['config.json']!)) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  const byClass = (name: string) => config.config.layers.find((l) => l.class_name === name)!.config;
  // Keras 3 writes the backward layer out too; lstm-ts checks that it mirrors the forward one.
  for (const key of ['layer', 'backward_layer']) {
    const gruConfig = (byClass('Bidirectional')[key] as { config: Record<string, unknown> }).config;
    gruConfig['activation'] = 'softplus';
    gruConfig['recurrent_activation'] = 'elu';
  }
  byClass('SimpleRNN')['activation'] = { module: 'keras.activations', class_name: 'function', config: 'silu', registered_name: 'function' };
  byClass('LSTM')['activation'] = 'gelu';
  byClass('LSTM')['recurrent_activation'] = 'relu6';
  const model = asSequential(await loadKerasModel(zipSync({ ...files, 'config.json': strToU8(JSON.stringify(config)) })));
  assert.deepEqual(activationsOf(model), [['softplus', 'elu'], ['swish', null], ['gelu', 'relu6']]);
  const built = sequential({
    layers: [
      layers.bidirectional({ layer: layers.gru({ units: 3, returnSequences: true, resetAfter: true, activation: 'softplus', recurrentActivation: 'elu' }), inputShape: [5, 3] }),
      layers.timeDistributed({ layer: layers.dense({ units: 2, activation: 'tanh' }) }),
      layers.simpleRNN({ units: 3, returnSequences: true, activation: 'swish' }),
      layers.lstm({ units: 3, activation: 'gelu', recurrentActivation: 'relu6' }),
      layers.dense({ units: 2, activation: 'hardSigmoidKeras3' }),
    ],
  });
  await loadKerasWeights(built, fixturePath('k3_model.keras'));
  const x = input([2, 5, 3], 3);
  assert.deepEqual(Array.from(model.predict(x).data), Array.from(built.predict(x).data));
});
