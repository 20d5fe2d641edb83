import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor1d, tensor2d, tensor3d } from '../../src/tensor/ranked.js';
import { ShapeError } from '../../src/tensor/errors.js';

test('tensor1d/2d/3d build tensors of their rank from nested or flat values', () => {
  assert.deepEqual(tensor1d([1, 2, 3]).shape, [3]);
  assert.deepEqual(tensor2d([[1, 2], [3, 4]]).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(tensor2d([1, 2, 3, 4], [2, 2]).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(tensor3d([[[0.5], [1.5]]]).shape, [1, 2, 1]);
  assert.deepEqual(tensor3d(new Float32Array(12), [2, 3, 2]).shape, [2, 3, 2]);
  assert.ok(tensor1d([0.1], 'float64').data instanceof Float64Array);
});

test('a wrong rank fails naming the creator, the rank expected and the shape received', () => {
  assert.throws(() => tensor3d([[1, 2], [3, 4]]), (e: Error) => e instanceof ShapeError && /tensor3d: argument 'values' expected rank 3, got shape \[2, 2\] \(rank 2\)/.test(e.message));
  assert.throws(() => tensor2d([1, 2, 3, 4]), /tensor2d: argument 'values' expected rank 2, got shape \[4\] \(rank 1\); for flat values pass the shape too, e.g. tensor2d\(values, \[n, n\]\)/);
  assert.throws(() => tensor2d([1, 2, 3, 4], [4]), /tensor2d: argument 'shape' expected 2 dimensions, got \[4\] \(1\)/);
  assert.throws(() => tensor1d([[1]]), /tensor1d: argument 'values' expected rank 1, got shape \[1, 1\]/);
  assert.throws(() => tensor2d([1, 2, 3], [2, 2]), /shape \[2, 2\] needs 4 values, got 3/);
});
