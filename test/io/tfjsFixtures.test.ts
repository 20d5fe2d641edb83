/**
 * Models saved by TensorFlow.js 4.22 (test/io/fixtures/tfjs, written by
 * fixtures/generate_tfjs_fixtures.mjs with tfjs's own `model.save`) load in lstm-ts and
 * predict what tfjs predicted. The reverse direction (lstm-ts files loaded by tfjs) is
 * checked by fixtures/check_in_tfjs.mjs, which needs tfjs installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tensor } from '../../src/index.js';
import { loadFromMemory, saveToMemory } from '../../src/io/index.js';
import { loadModel } from '../../src/io/node.js';
import { asSequential } from '../helpers/models.js';

const root = join(import.meta.dirname, 'fixtures', 'tfjs');
interface FixtureCase {
  x: number[];
  shape: number[];
  y: number[];
  yShape: number[];
}
const { tfjsVersion, cases } = JSON.parse(readFileSync(join(root, 'cases.json'), 'utf8')) as { tfjsVersion: string; cases: Record<string, FixtureCase> };

test('the fixtures cover every layer class tfjs and lstm-ts share', () => {
  assert.equal(tfjsVersion, '4.22.0');
  const classes = new Set<string>();
  for (const name of Object.keys(cases)) {
    const json = JSON.parse(readFileSync(join(root, name, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { class_name: string; config: { layer?: { class_name: string } } }[] } } };
    for (const l of json.modelTopology.config.layers) {
      classes.add(l.class_name);
      if (l.config.layer) classes.add(l.config.layer.class_name);
    }
  }
  assert.deepEqual([...classes].sort(), [
    'Activation', 'Bidirectional', 'Dense', 'Dropout', 'Embedding', 'Flatten', 'GRU', 'LSTM', 'LayerNormalization',
    'Masking', 'Reshape', 'SimpleRNN', 'TimeDistributed',
  ]);
});

for (const [name, c] of Object.entries(cases)) {
  test(`tfjs-saved '${name}' loads and predicts what tfjs predicted`, async () => {
    const model = asSequential((await loadModel(`file://${join(root, name, 'model.json')}`)).model);
    const y = model.predict(tensor(c.x, c.shape));
    assert.deepEqual(y.shape, c.yShape);
    y.data.forEach((v, i) => {
      const want = c.y[i]!;
      assert.ok(Math.abs(v - want) <= 1e-6 + 1e-5 * Math.abs(want), `${name}[${i}]: lstm-ts ${v}, tfjs ${want}`);
    });
    // ... and survives a save/load of its own unchanged.
    const { model: again } = loadFromMemory(saveToMemory(model));
    assert.deepEqual(Array.from(asSequential(again).predict(tensor(c.x, c.shape)).data), Array.from(y.data));
  });
}

test('tfjs layer names, frozen layers and userDefinedMetadata come through', async () => {
  const { model, extra } = await loadModel(join(root, 'frozen_layer'));
  assert.equal(model.name, 'tfjs_frozen_layer');
  assert.match(model.layers[0]!.name, /^lstm_LSTM\d+$/);
  assert.equal(model.layers[0]!.trainable, false, 'tfjs wrote this layer trainable: false (and its weights last)');
  assert.equal(model.layers[1]!.trainable, true);
  assert.deepEqual(extra, { labels: ['neg', 'pos'], scaler: { mean: [0.5, -1], std: [2, 3] } });
  const lstm = model.layers[0]!.getConfig();
  assert.equal(lstm['recurrentActivation'], 'hardSigmoid', "tfjs's LSTM default");
  assert.equal(lstm['unitForgetBias'], false, 'tfjs writes null for its unset default');
  assert.equal(lstm['kernelInitializer'], 'glorotNormal', "tfjs's default, as VarianceScaling(fan_avg, normal)");
  const gru = (await loadModel(join(root, 'gru_stack'))).model.layers[0]!.getConfig();
  assert.equal(gru['resetAfter'], false, 'tfjs GRUs are reset_after false');
});
