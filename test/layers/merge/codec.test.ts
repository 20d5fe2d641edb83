// The merge family in the Keras / tfjs layers format: layerToConfig writes the keys tfjs 4.22
// writes, layerFromConfig reads them back to a layer with the same config and outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../../src/tensor/tensor.js';
import * as layers from '../../../src/layers/index.js';
import type { Layer } from '../../../src/layers/layer.js';
import { layerFromConfig, layerToConfig, UnsupportedModelError } from '../../../src/io/layerRegistry.js';
import { randomTensor, setSeed } from '../../helpers/gradcheck.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

setSeed(124);
const a = randomTensor([2, 3, 4], -1, 1, false);
const b = randomTensor([2, 3, 4], -1, 1, false);
const v = randomTensor([2, 4], -1, 1, false);

const cases: [Layer, () => Tensor[] | Tensor, string[]][] = [
  [layers.add({ name: 'm_add', dtype: 'float64' }), () => [a, b], []],
  [layers.subtract({ name: 'm_sub', dtype: 'float64' }), () => [a, b], []],
  [layers.multiply({ name: 'm_mul', dtype: 'float64' }), () => [a, b], []],
  [layers.average({ name: 'm_avg', dtype: 'float64' }), () => [a, b], []],
  [layers.maximum({ name: 'm_max', dtype: 'float64' }), () => [a, b], []],
  [layers.minimum({ name: 'm_min', dtype: 'float64' }), () => [a, b], []],
  [layers.concatenate({ name: 'm_cat', axis: 1, dtype: 'float64' }), () => [a, b], ['axis']],
  [layers.dot({ name: 'm_dot', axes: [2, 2], normalize: true, dtype: 'float64' }), () => [a, b], ['axes', 'normalize']],
  [layers.dot({ name: 'm_dot1', axes: -1, dtype: 'float64' }), () => [a, b], ['axes', 'normalize']],
  [layers.repeatVector({ name: 'm_rep', n: 3, dtype: 'float64' }), () => v, ['n']],
  [layers.permute({ name: 'm_perm', dims: [2, 1], dtype: 'float64' }), () => a, ['dims']],
];

test('layerToConfig writes tfjs 4.22 keys; layerFromConfig gives back the same config and outputs', () => {
  for (const [layer, inputs, own] of cases) {
    const config = layerToConfig(layer);
    assert.equal(config.class_name, layer.className);
    // tfjs's getConfig: the layer's own keys first, then name, trainable, dtype.
    assert.deepEqual(Object.keys(config.config), [...own, 'name', 'trainable', 'dtype'], layer.className);
    const copy = layerFromConfig(config);
    assert.equal(copy.className, layer.className);
    assert.deepEqual(layerToConfig(copy), config, layer.className);
    const y0 = out(layer.apply(inputs()));
    const y1 = out(copy.apply(inputs()));
    assert.deepEqual([...y1.shape], [...y0.shape], layer.className);
    assert.deepEqual([...y1.data], [...y0.data], layer.className);
  }
});

test('the configs hold the values tfjs writes', () => {
  assert.deepEqual(layerToConfig(layers.concatenate({ name: 'c' })).config, { axis: -1, name: 'c', trainable: true, dtype: 'float32' });
  assert.deepEqual(layerToConfig(layers.dot({ name: 'd', axes: [1, 2] })).config, { axes: [1, 2], normalize: false, name: 'd', trainable: true, dtype: 'float32' });
  assert.deepEqual(layerToConfig(layers.repeatVector({ name: 'r', n: 4, inputShape: [8] })).config, { n: 4, name: 'r', trainable: true, batch_input_shape: [null, 8], dtype: 'float32' });
  assert.deepEqual(layerToConfig(layers.permute({ name: 'p', dims: [2, 1] })).config, { dims: [2, 1], name: 'p', trainable: true, dtype: 'float32' });
  assert.deepEqual(layerToConfig(layers.add({ name: 's' })).config, { name: 's', trainable: true, dtype: 'float32' });
});

test('configs as Keras writes them load too (Keras 3 dtype policy, axes as a list)', () => {
  const dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const dot = layerFromConfig({ class_name: 'Dot', config: { name: 'dot', trainable: true, dtype, axes: [2, 2], normalize: false } });
  assert.ok(dot instanceof layers.Dot);
  assert.deepEqual(dot.axes, [2, 2]);
  const cat = layerFromConfig({ class_name: 'Concatenate', config: { name: 'concatenate', trainable: true, dtype, axis: -1 } });
  assert.ok(cat instanceof layers.Concatenate);
  assert.ok(layerFromConfig({ class_name: 'Add', config: { name: 'add', trainable: true, dtype } }) instanceof layers.Add);
  assert.deepEqual((layerFromConfig({ class_name: 'Permute', config: { name: 'permute', dims: [2, 1] } }) as layers.Permute).dims, [2, 1]);
});

test('bad merge configs are reported with the layer, the option and the value', () => {
  assert.throws(() => layerFromConfig({ class_name: 'Dot', config: { name: 'd' } }), (e: unknown) => e instanceof UnsupportedModelError && /layer 'd' \(Dot\): option 'axes' is required/.test(e.message));
  assert.throws(() => layerFromConfig({ class_name: 'Dot', config: { name: 'd', axes: 'x' } }), /layer 'd' \(Dot\): option 'axes' expected an integer or a pair of integers, got "x"/);
  assert.throws(() => layerFromConfig({ class_name: 'RepeatVector', config: { name: 'r' } }), /layer 'r' \(RepeatVector\): option 'n' is required/);
  assert.throws(() => layerFromConfig({ class_name: 'Permute', config: { name: 'p', dims: [1, 3] } }), /layer 'p' \(Permute\): layers.permute: option 'dims' expected a permutation/);
  assert.throws(() => layerFromConfig({ class_name: 'Concatenate', config: { name: 'c', axis: 'last' } }), /layer 'c' \(Concatenate\): option 'axis' expected an integer, got "last"/);
  assert.throws(() => layerFromConfig({ class_name: 'Add', config: { name: 'a', units: 3 } }), /layer 'a' \(Add\): unknown option 'units' = 3/);
});
