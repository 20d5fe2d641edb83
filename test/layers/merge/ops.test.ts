// The ops under src/ops/merge on their own: cases the layers reach less directly (inner axes,
// higher ranks, the l2 floor) and their argument errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, zeros } from '../../../src/tensor/tensor.js';
import { concat } from '../../../src/ops/merge/concat.js';
import { transpose } from '../../../src/ops/merge/transpose.js';
import { batchMatMul } from '../../../src/ops/merge/batchMatMul.js';
import { batchDot } from '../../../src/ops/merge/batchDot.js';
import { l2Normalize } from '../../../src/ops/merge/l2Normalize.js';
import { mergeElementwise } from '../../../src/ops/merge/elementwise.js';
import { repeatVector } from '../../../src/ops/merge/repeat.js';
import { broadcastMergeShapes } from '../../../src/ops/merge/broadcast.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../../helpers/gradcheck.js';

test('op gradients match finite differences on inner axes and higher ranks', () => {
  setSeed(125);
  const a = randomTensor([2, 3, 2, 2]);
  const b = randomTensor([2, 3, 1, 2]);
  checkGradients(() => linearLoss([concat([a, b, a], 2)]), [a, b], { label: 'concat axis 2 of rank 4' });
  checkGradients(() => linearLoss([transpose(a, [2, 0, 3, 1])]), [a], { label: 'transpose rank 4' });
  const m = randomTensor([2, 3, 4]);
  const n = randomTensor([2, 4, 5]);
  checkGradients(() => linearLoss([batchMatMul(m, n)]), [m, n], { label: 'batchMatMul' });
  checkGradients(() => linearLoss([l2Normalize(a, 1)]), [a], { label: 'l2Normalize middle axis' });
  checkGradients(() => linearLoss([l2Normalize(a, -1)]), [a], { label: 'l2Normalize last axis' });
  const c = randomTensor([2, 5, 3]);
  checkGradients(() => linearLoss([batchDot(a, c, [1, 2])]), [a, c], { label: 'batchDot rank 4 x rank 3' });
  checkGradients(() => linearLoss([mergeElementwise('multiply', [a, b])]), [a, b], { label: 'multiply broadcast rank 4' });
  const tiny = randomTensor([1, 3], -1e-5, 1e-5);
  checkGradients(() => linearLoss([l2Normalize(tiny, 1)]), [tiny], { label: 'l2Normalize below the floor', atol: 1e-5, eps: 1e-8 });
});

test('op values', () => {
  assert.deepEqual(concat([tensor([[[1, 2]]]), tensor([[[3, 4]]])], 1).toArray(), [[[1, 2], [3, 4]]]);
  assert.deepEqual(transpose(tensor([[1, 2, 3], [4, 5, 6]]), [1, 0]).toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(batchMatMul(tensor([[[1, 2]]]), tensor([[[3], [4]]])).toArray(), [[[11]]]);
  assert.deepEqual(batchDot(tensor([[1, 2]]), tensor([[3, 4]]), [1, 1]).toArray(), [[11]]);
  assert.deepEqual([...l2Normalize(tensor([[3, 4]], undefined, 'float64'), 1).data], [0.6, 0.8]);
  assert.deepEqual(repeatVector(tensor([[1, 2]]), 2).toArray(), [[[1, 2], [1, 2]]]);
  assert.deepEqual(broadcastMergeShapes('add', [[2, 3, 4], [2, 1, 4], [2, 4]]), [2, 3, 4]);
  assert.deepEqual(mergeElementwise('average', [tensor([[1, 3]]), tensor([[3, 5]])]).toArray(), [[2, 4]]);
});

test('op argument errors name the argument and the shapes', () => {
  assert.throws(() => concat([zeros([2, 3]), zeros([3, 3])], 1), /concat: argument 'inputs\[1\]' expected the shape of inputs\[0\] \[2, 3\] on every axis but 1, got \[3, 3\]/);
  assert.throws(() => concat([zeros([2, 3])], 2), /concat: option 'axis' expected an integer in \[-2, 1\] for inputs of rank 2, got 2/);
  assert.throws(() => concat([zeros([2]), zeros([2], 'float64')], 0), /argument 'inputs\[1\]' expected dtype float32 like inputs\[0\], got float64/);
  assert.throws(() => transpose(zeros([2, 3]), [0, 0]), /transpose: argument 'perm' expected a permutation of 0..1 for shape \[2, 3\], got \[0,0\]/);
  assert.throws(() => batchMatMul(zeros([2, 3, 4]), zeros([2, 5, 1])), /batchMatMul: argument 'b' expected shape \[2, 4, null\] to multiply 'a' \[2, 3, 4\], got \[2, 5, 1\]/);
  assert.throws(() => batchDot(zeros([2, 3]), zeros([2, 3]), [0, 1]), /batchDot: argument 'axes' expected non-batch axes/);
  assert.throws(() => mergeElementwise('subtract', [zeros([1]), zeros([1]), zeros([1])]), /subtract: argument 'inputs' expected exactly 2 tensors, got 3/);
  assert.throws(() => mergeElementwise('add', [zeros([2, 3]), zeros([2, 4])]), /add: argument 'inputs\[1\]' expected a shape broadcastable with \[2, 3\], got \[2, 4\] \(axis 1: 4 vs 3\)/);
  assert.throws(() => repeatVector(zeros([2, 3, 1]), 2), /repeatVector: argument 'x' expected rank 2 \[batch, features\], got shape \[2, 3, 1\]/);
  assert.throws(() => l2Normalize(zeros([2, 3]), 2), /l2Normalize: argument 'axis' expected an integer in \[-2, 1\] for shape \[2, 3\], got 2/);
});
