import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/tensor.js';
import { add, mul, mulMask, scale } from '../../src/ops/elementwise.js';
import { backward, record } from '../../src/autograd/tape.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

test('add, mul, scale and mulMask compute elementwise values', () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[5, -6], [0.5, 2]]);
  assert.deepEqual(add(a, b).toArray(), [[6, -4], [3.5, 6]]);
  assert.deepEqual(mul(a, b).toArray(), [[5, -12], [1.5, 8]]);
  assert.deepEqual(scale(a, -2).toArray(), [[-2, -4], [-6, -8]]);
  assert.deepEqual(mulMask(a, tensor([[0, 2], [2, 0]])).toArray(), [[0, 4], [6, 0]]);
});

test('elementwise gradients match finite differences', () => {
  setSeed(6);
  const a = randomTensor([3, 4]);
  const b = randomTensor([3, 4]);
  checkGradients(() => linearLoss([add(a, b)]), [a, b], { label: 'add' });
  checkGradients(() => linearLoss([mul(a, b)]), [a, b], { label: 'mul' });
  checkGradients(() => linearLoss([mul(a, a)]), [a], { label: 'mul(a, a)' });
  checkGradients(() => linearLoss([scale(a, 0.7)]), [a], { label: 'scale' });
  const mask = randomTensor([3, 4], 0, 2, false);
  checkGradients(() => linearLoss([mulMask(a, mask)]), [a], { label: 'mulMask' });
});

test('mulMask sends no gradient into the mask', () => {
  const x = randomTensor([2]);
  const m = randomTensor([2]);
  backward(record(() => linearLoss([mulMask(x, m)])));
  assert.equal(m.grad, null);
  assert.ok(x.grad);
});

test('shape and dtype mismatches are named', () => {
  assert.throws(() => add(tensor([1, 2]), tensor([1, 2, 3])), /add: argument 'b' expected the shape of 'a', \[2\], got \[3\]/);
  assert.throws(() => mul(tensor([1]), tensor([1], undefined, 'float64')), /mul: argument 'b' expected dtype float32/);
  assert.throws(() => mulMask(tensor([1, 2]), tensor([[1, 2]])), /mulMask: argument 'mask' expected the shape of 'x'/);
});
