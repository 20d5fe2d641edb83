import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { Activation, activation } from '../../src/layers/activation.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('activation layer applies its function and passes masks', () => {
  const layer = activation({ activation: 'relu' });
  assert.ok(layer instanceof Activation);
  assert.equal(layer.className, 'Activation');
  assert.deepEqual(out(layer.apply(tensor([[-1, 2], [3, -4]]))).toArray(), [[0, 2], [3, 0]]);
  const y = out(activation({ activation: 'sigmoid', dtype: 'float64' }).apply(tensor([[0, 1]], undefined, 'float64')));
  assert.deepEqual(Array.from(y.data), [0.5, 1 / (1 + Math.exp(-1))]);
  const mask = tensor([[1, 0]]);
  assert.equal(layer.computeMask(tensor([[[1], [2]]]), mask), mask);
  assert.deepEqual(layer.computeOutputShape([null, 5, 3]), [null, 5, 3]);
  assert.equal(layer.getConfig()['activation'], 'relu');
  assert.equal(layer.countParams(), 0);
});

test('activation layer rejects unknown names and options', () => {
  assert.throws(() => activation({ activation: 'leakyRelu' as never }), /layers.activation: option 'activation' expected one of 'linear'/);
  assert.throws(() => activation({ activation: 'relu', alpha: 1 } as never), /unknown option 'alpha'/);
});
