/**
 * Keras Functional models: a Keras 2 `.h5` and a Keras 3 `.keras` file of one two-input,
 * two-output LSTM model (encoder states seeding a decoder through `initial_state`, a Dense
 * shared by two calls, a Concatenate, a Dropout called with training=False) load as functional
 * models and predict what PyTorch computed for them (test/fixtures/functional, made by
 * generate_keras_functional.py without Keras; see SOURCE.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Sequential, Tensor, tensor } from '../../src/index.js';
import { LayersModel } from '../../src/models/layersModel.js';
import { loadKerasModel } from '../../src/io/keras/node.js';

const dir = fileURLToPath(new URL('../fixtures/functional/', import.meta.url));
interface Named { shape: number[]; data: number[] }
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as { inputs: Record<string, Named>; outputs: Record<string, Named> };

function maxDiff(a: ArrayLike<number>, b: readonly number[]): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

for (const file of ['keras2_functional.h5', 'keras3_functional.keras']) {
  test(`${file} loads as a functional model and matches PyTorch on both outputs`, async () => {
    const m = await loadKerasModel(`${dir}${file}`);
    assert.ok(m instanceof LayersModel && !(m instanceof Sequential), 'a functional model, not a Sequential');
    assert.deepEqual(m.inputNames, ['enc_in', 'dec_in']);
    assert.deepEqual(m.outputNames, ['shared', 'score']);
    assert.deepEqual(m.layers.map((l) => l.name).sort(), ['dec_in', 'decoder', 'drop', 'enc_in', 'encoder', 'joined', 'score', 'shared']);
    // The shared Dense is one layer with two calls and one set of weights.
    const shared = m.getLayer('shared');
    assert.equal(shared.weights.length, 2);
    assert.equal(m.weights.length, 3 + 3 + 2 + 2);
    const x = ['enc_in', 'dec_in'].map((k) => tensor(expected.inputs[k]!.data, expected.inputs[k]!.shape));
    const [seq, score] = m.predict(x) as Tensor[];
    assert.deepEqual(seq!.shape, expected.outputs['shared']!.shape);
    assert.deepEqual(score!.shape, expected.outputs['score']!.shape);
    const e1 = maxDiff(seq!.data, expected.outputs['shared']!.data);
    const e2 = maxDiff(score!.data, expected.outputs['score']!.data);
    assert.ok(e1 < 2e-6 && e2 < 2e-6, `max errors ${e1}, ${e2}`);
    // The initial states matter: the decoder run from zero states gives other outputs.
    const decoder = m.getLayer('decoder');
    const fromZero = decoder.apply(x[1]!) as Tensor;
    const sharedFromZero = shared.apply(fromZero) as Tensor;
    assert.ok(maxDiff(sharedFromZero.data, expected.outputs['shared']!.data) > 1e-3);
  });
}

test('a Keras Functional model that is a plain chain still loads as a Sequential', async () => {
  const config = {
    class_name: 'Functional',
    config: {
      name: 'chain',
      layers: [
        { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 3], dtype: 'float32', sparse: false, name: 'x' }, inbound_nodes: [] },
        { class_name: 'Dense', name: 'd', config: { name: 'd', units: 2, activation: 'linear', use_bias: true }, inbound_nodes: [[['x', 0, 0, {}]]] },
      ],
      input_layers: [['x', 0, 0]],
      output_layers: [['d', 0, 0]],
    },
    keras_version: '2.11.0',
  };
  const m = await loadKerasModel(new TextEncoder().encode(JSON.stringify(config)));
  assert.ok(m instanceof Sequential);
  assert.deepEqual((m.predict([[1, 2, 3]]) as Tensor).shape, [1, 2]);
});
