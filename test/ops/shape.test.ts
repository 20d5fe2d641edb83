import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/tensor.js';
import { concatLastAxis, reshape, reverseTime } from '../../src/ops/shape.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

test('reshape is a view with one inferred size', () => {
  const x = tensor([1, 2, 3, 4, 5, 6]);
  const y = reshape(x, [2, -1]);
  assert.deepEqual(y.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(y.data, x.data, 'shares the data');
  assert.throws(() => reshape(x, [4, -1]), /reshape: cannot reshape 6 values to \[4, -1\]/);
  assert.throws(() => reshape(x, [5]), /cannot reshape 6 values to \[5\]/);
  assert.throws(() => reshape(x, [-1, -1]), /argument 'shape' expected non-negative integer sizes and at most one -1/);
});

test('concatLastAxis joins along the last axis', () => {
  const y = concatLastAxis(tensor([[[1], [2]]]), tensor([[[3, 4], [5, 6]]]));
  assert.deepEqual(y.toArray(), [[[1, 3, 4], [2, 5, 6]]]);
  assert.throws(() => concatLastAxis(tensor([[1], [2]]), tensor([[1]])), /concatLastAxis: argument 'b' expected shape \[2, null\]/);
});

test('reverseTime flips axis 1 and only axis 1', () => {
  const y = reverseTime(tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]));
  assert.deepEqual(y.toArray(), [[[5, 6], [3, 4], [1, 2]], [[11, 12], [9, 10], [7, 8]]]);
  assert.throws(() => reverseTime(tensor([1, 2])), /reverseTime: argument 'x' expected rank >= 2/);
});

test('shape op gradients match finite differences', () => {
  setSeed(7);
  const a = randomTensor([2, 3, 2]);
  const b = randomTensor([2, 3, 4]);
  checkGradients(() => linearLoss([reshape(a, [3, 4])]), [a], { label: 'reshape' });
  checkGradients(() => linearLoss([concatLastAxis(a, b)]), [a, b], { label: 'concat' });
  checkGradients(() => linearLoss([reverseTime(b)]), [b], { label: 'reverseTime' });
  // Through two views and a reversal: the chain must route gradients to the right places.
  checkGradients(() => linearLoss([reverseTime(reshape(reshape(b, [6, 4]), [2, 3, 4]))]), [b], { label: 'chain' });
});
