// Mask propagation through the merge layers, RepeatVector and Permute, as in Keras 2 / tfjs:
// elementwise merges AND the masks given, Concatenate joins them along time or ANDs them
// along features, Dot, RepeatVector and Permute pass none on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import * as layers from '../../../src/layers/index.js';

const x = tensor(new Float32Array(2 * 3 * 2).map((_, i) => i + 1), [2, 3, 2]);
const y = tensor(new Float32Array(2 * 3 * 2).map((_, i) => -i), [2, 3, 2]);
const m1 = tensor([[1, 1, 0], [1, 0, 0]]);
const m2 = tensor([[1, 0, 1], [1, 1, 0]]);
const arr = (t: Tensor | null): unknown => (t ? t.toArray() : null);

test('elementwise merges pass on the logical AND of the masks given', () => {
  for (const layer of [layers.add(), layers.subtract(), layers.multiply(), layers.average(), layers.maximum(), layers.minimum()]) {
    assert.equal(layer.supportsMasking, true, layer.className);
    assert.deepEqual(arr(layer.computeMask([x, y], [m1, m2])), [[1, 0, 0], [1, 0, 0]], layer.className);
    // A missing mask does not mask anything: the other one passes through.
    assert.deepEqual(arr(layer.computeMask([x, y], [null, m2])), [[1, 0, 1], [1, 1, 0]], layer.className);
    assert.equal(layer.computeMask([x, y], [null, null]), null, layer.className);
  }
  assert.deepEqual(arr(layers.add().computeMask([x, y, x], [m1, m2, tensor([[0, 1, 1], [1, 1, 1]])])), [[0, 0, 0], [1, 0, 0]]);
});

test('masks do not change the merged values (Keras merges ignore them)', () => {
  const layer = layers.add();
  const plain = layer.apply([x, y]) as Tensor;
  const masked = layer.apply([x, y], { mask: [m1, m2] }) as Tensor;
  assert.deepEqual(masked.toArray(), plain.toArray());
});

test('concatenate along time joins the masks; an unmasked input counts as all ones', () => {
  const layer = layers.concatenate({ axis: 1 });
  const z = tensor(new Float32Array(2 * 2 * 2), [2, 2, 2]);
  assert.deepEqual(arr(layer.computeMask([x, z], [m1, null])), [[1, 1, 0, 1, 1], [1, 0, 0, 1, 1]]);
  assert.deepEqual(arr(layer.computeMask([x, z], [m1, tensor([[0, 1], [1, 0]])])), [[1, 1, 0, 0, 1], [1, 0, 0, 1, 0]]);
  assert.equal(layer.computeMask([x, z], [null, null]), null);
  assert.throws(() => layer.computeMask([x, z], [m1, m1]), /argument 'masks\[1\]' expected shape \[2, 2\], got \[2, 3\]/);
});

test('concatenate along the features keeps a step where every masked input keeps it', () => {
  const layer = layers.concatenate();
  assert.deepEqual(arr(layer.computeMask([x, y], [m1, m2])), [[1, 0, 0], [1, 0, 0]]);
  assert.deepEqual(arr(layer.computeMask([x, y], [null, m2])), [[1, 0, 1], [1, 1, 0]]);
  // Rank-2 inputs have no time axis for a [batch, time] mask to describe.
  assert.equal(layer.computeMask([tensor([[1, 2]]), tensor([[3]])], [tensor([[1, 0]]), null]), null);
});

test('dot, repeatVector and permute pass no mask on', () => {
  assert.equal(layers.dot({ axes: 2 }).computeMask([x, y], [m1, m2]), null);
  assert.equal(layers.repeatVector({ n: 2 }).computeMask(tensor([[1, 2]]), tensor([[1, 0]])), null);
  assert.equal(layers.permute({ dims: [2, 1] }).computeMask(x, m1), null);
});

test('masks of different shapes are refused, naming both', () => {
  assert.throws(() => layers.add({ name: 'sum' }).computeMask([x, y], [m1, tensor([[1, 0]])]), /sum.computeMask: argument 'masks\[1\]' expected shape \[2, 3\] like masks\[0\], got \[1, 2\]/);
});
