// tfjs 4.22 (the devDependency) is the authority on the config keys: for each merge class it
// has, the config lstm-ts writes equals tfjs's own getConfig (snake_cased, as tfjs saves it),
// tfjs builds the layer from our config, and gives the same outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Tensor } from '../../../src/tensor/tensor.js';
import * as layers from '../../../src/layers/index.js';
import type { Layer } from '../../../src/layers/layer.js';
import { layerToConfig } from '../../../src/io/layerRegistry.js';

const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const snakeKeys = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).map(([k, v]) => [snake(k), v]));
const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const x = new Float32Array(2 * 3 * 4).map((_, i) => Math.sin(i));
const y = new Float32Array(2 * 3 * 4).map((_, i) => Math.cos(i * 0.7));
const ours = (d: Float32Array, s: number[]): Tensor => new Tensor(d, s);

const cases: [Layer, (args: Record<string, unknown>) => tf.layers.Layer, number[][]][] = [
  [layers.add({ name: 't_add' }), (a) => tf.layers.add(a), [[2, 3, 4], [2, 3, 4]]],
  [layers.multiply({ name: 't_mul' }), (a) => tf.layers.multiply(a), [[2, 3, 4], [2, 3, 4]]],
  [layers.average({ name: 't_avg' }), (a) => tf.layers.average(a), [[2, 3, 4], [2, 3, 4]]],
  [layers.maximum({ name: 't_max' }), (a) => tf.layers.maximum(a), [[2, 3, 4], [2, 3, 4]]],
  [layers.minimum({ name: 't_min' }), (a) => tf.layers.minimum(a), [[2, 3, 4], [2, 3, 4]]],
  [layers.concatenate({ name: 't_cat', axis: 1 }), (a) => tf.layers.concatenate(a), [[2, 3, 4], [2, 3, 4]]],
  [layers.dot({ name: 't_dot', axes: [2, 2], normalize: true }), (a) => tf.layers.dot(a as never), [[2, 3, 4], [2, 3, 4]]],
  [layers.dot({ name: 't_dot1', axes: 1 }), (a) => tf.layers.dot(a as never), [[2, 3, 4], [2, 3, 4]]],
  [layers.repeatVector({ name: 't_rep', n: 3 }), (a) => tf.layers.repeatVector(a as never), [[2, 12]]],
  [layers.permute({ name: 't_perm', dims: [2, 1] }), (a) => tf.layers.permute(a as never), [[2, 3, 4]]],
];

test('tfjs 4.22 builds each layer from our config and writes the same config back', () => {
  for (const [layer, make, shapes] of cases) {
    const config = layerToConfig(layer).config as Record<string, unknown>;
    const args = Object.fromEntries(Object.entries(config).map(([k, v]) => [camel(k), v]));
    const theirs = make(args);
    assert.equal(theirs.getClassName(), layer.className);
    const written = snakeKeys(theirs.getConfig() as Record<string, unknown>);
    // tfjs writes dtype only for a layer given an input shape, and reads it on any layer; the
    // registry's shared base() always writes it, for every class alike.
    assert.equal(written['dtype'] ?? 'float32', config['dtype'], layer.className);
    const { dtype: _ours, ...rest } = config;
    const { dtype: _theirs, ...theirRest } = written;
    assert.deepEqual(theirRest, rest, layer.className);
    assert.deepEqual(Object.keys(theirRest), Object.keys(rest), `${layer.className}: key order`);
    // Same outputs on the same data.
    const data = [x, y];
    const mine = shapes.map((s, i) => ours(data[i]!, s));
    const tfIn = shapes.map((s, i) => tf.tensor(data[i]!, s));
    const yOurs = layer.apply(shapes.length === 1 ? mine[0]! : mine) as Tensor;
    const yTheirs = theirs.apply(shapes.length === 1 ? tfIn[0]! : tfIn) as tf.Tensor;
    assert.deepEqual([...yOurs.shape], yTheirs.shape, layer.className);
    const t = yTheirs.dataSync();
    yOurs.data.forEach((v, i) => assert.ok(Math.abs(v - t[i]!) <= 1e-5 * (1 + Math.abs(t[i]!)), `${layer.className} entry ${i}: ${v} vs ${t[i]}`));
  }
});
