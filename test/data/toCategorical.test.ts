/** toCategorical: one-hot rows, Keras's shape rule for tensors, label errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toCategorical } from '../../src/data/toCategorical.js';
import { tensor } from '../../src/tensor/tensor.js';

test('one-hot rows, numClasses from the largest label or given', () => {
  const t = toCategorical([0, 2, 1]);
  assert.deepEqual(t.shape, [3, 3]);
  assert.deepEqual(t.toArray(), [[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  assert.deepEqual(toCategorical([1], 4).toArray(), [[0, 1, 0, 0]]);
  assert.deepEqual(toCategorical([], 2).shape, [0, 2]);
});

test('tensors keep their shape, with a trailing axis of 1 replaced', () => {
  assert.deepEqual(toCategorical(tensor([[1], [0]])).toArray(), [[0, 1], [1, 0]]);
  assert.deepEqual(toCategorical(tensor([[0, 1], [1, 1]]), 2).shape, [2, 2, 2]);
  assert.deepEqual(toCategorical(tensor([2])).shape, [1, 3]);
});

test('negative, fractional and too large labels name the index and value', () => {
  assert.throws(() => toCategorical([0, -1]), /toCategorical: argument 'labels' expected integers >= 0, got -1 at index 1/);
  assert.throws(() => toCategorical([1.5]), /toCategorical: argument 'labels' expected integers >= 0, got 1\.5 at index 0/);
  assert.throws(() => toCategorical([0, 1, 3], 3), /toCategorical: argument 'labels' expected integers in \[0, 2\] for numClasses 3, got 3 at index 2/);
  assert.throws(() => toCategorical([0], 0), /toCategorical: option 'numClasses' expected an integer >= 1, got 0/);
  assert.throws(() => toCategorical([]), /toCategorical: argument 'numClasses' is needed when 'labels' is empty/);
  assert.throws(() => toCategorical('0,1' as never), /toCategorical: argument 'labels' expected an array of integers or a Tensor, got string/);
});
