/**
 * The custom layer of examples/customLayer.ts, written outside the package with only public
 * exports: its gradients (from the tape, through the public ops) match finite differences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor } from '../../../src/index.js';
import { SelfAttention } from '../../../examples/customLayer.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../../helpers/gradcheck.js';

test('SelfAttention (public ops only) has exact gradients for its weights and input (float64)', () => {
  setSeed(21);
  const layer = new SelfAttention({ units: 3, dtype: 'float64' });
  const x = randomTensor([2, 4, 2]);
  assert.deepEqual((layer.apply(x) as Tensor).shape, [2, 4, 3]);
  assert.deepEqual(layer.weights.map((w) => w.name.split('/')[1]), ['query_kernel', 'key_kernel', 'value_kernel', 'query_bias', 'key_bias', 'value_bias']);
  // Non-zero biases, so their gradient paths carry something.
  layer.setWeights(layer.weights.map((w) => randomTensor([...w.value.shape], -0.5, 0.5, false)));
  const weights = layer.weights.map((w) => w.value);
  assert.ok(weights.every((w) => w.dtype === 'float64'));
  checkGradients(() => linearLoss([layer.apply(x) as Tensor]), [x, ...weights], { label: 'SelfAttention' });
});
