import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/tensor.js';
import { layerNorm } from '../../src/ops/layerNorm.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

test('layerNorm matches the formula by hand', () => {
  // Row [1, 2, 3, 6]: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5.
  const eps = 0.001;
  const x = tensor([[1, 2, 3, 6]], undefined, 'float64');
  const gamma = tensor([1, 2, 0.5, -1], undefined, 'float64');
  const beta = tensor([0, 1, 0, 10], undefined, 'float64');
  const y = layerNorm(x, gamma, beta, eps);
  const s = Math.sqrt(3.5 + eps);
  const expected = [(1 - 3) / s, 2 * (2 - 3) / s + 1, 0, -(6 - 3) / s + 10];
  expected.forEach((v, i) => assert.ok(Math.abs(y.data[i]! - v) < 1e-14, `entry ${i}: ${y.data[i]} vs ${v}`));
  // Without gamma and beta: (x - mean) / sigma; a constant row becomes zeros thanks to epsilon.
  assert.deepEqual(layerNorm(tensor([[1, 3]], undefined, 'float64'), null, null, 0).toArray(), [[-1, 1]]);
  assert.deepEqual(layerNorm(tensor([[10, 10]], undefined, 'float64'), null, null, 1e-3).toArray(), [[0, 0]]);
});

test('layerNorm gradients match finite differences for x, gamma and beta', () => {
  setSeed(8);
  const x = randomTensor([2, 3, 5], -2, 2);
  const gamma = randomTensor([5]);
  const beta = randomTensor([5]);
  checkGradients(() => linearLoss([layerNorm(x, gamma, beta, 1e-3)]), [x, gamma, beta], { label: 'layerNorm' });
  checkGradients(() => linearLoss([layerNorm(x, null, beta, 1e-3)]), [x, beta], { label: 'no gamma' });
  checkGradients(() => linearLoss([layerNorm(x, gamma, null, 1e-3)]), [x, gamma], { label: 'no beta' });
});

test('layerNorm rejects weights that do not match the last axis', () => {
  assert.throws(() => layerNorm(tensor([[1, 2, 3]]), tensor([1, 1]), null, 1e-3), /layerNorm: argument 'gamma' expected shape \[3\].*got \[2\]/);
  assert.throws(() => layerNorm(tensor([[1, 2]]), null, null, -1), /argument 'epsilon' expected a finite number >= 0, got -1/);
});
