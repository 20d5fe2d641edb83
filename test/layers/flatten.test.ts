import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { backward, record } from '../../src/autograd/tape.js';
import { Flatten, flatten } from '../../src/layers/flatten.js';
import { linearLoss, randomTensor } from '../helpers/gradcheck.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('flatten keeps the batch axis and joins the rest in row-major order', () => {
  const layer = flatten();
  assert.ok(layer instanceof Flatten);
  assert.equal(layer.className, 'Flatten');
  const y = out(layer.apply(tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])));
  assert.deepEqual(y.toArray(), [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]);
  assert.deepEqual(layer.computeOutputShape([null, 3, 2]), [null, 6]);
  assert.deepEqual(layer.computeOutputShape([null, null, 2]), [null, null]);
  assert.equal(layer.computeMask(tensor([[[1]]]), tensor([[1]])), null, 'no mask passes');
  assert.throws(() => flatten({ dataFormat: 'channelsLast' } as never), /layers.flatten: unknown option 'dataFormat'/);
});

test('flatten passes gradients back unchanged in position', () => {
  const x = randomTensor([2, 3, 2]);
  backward(record(() => linearLoss([out(flatten({ dtype: 'float64' }).apply(x))])));
  const same = randomTensor([2, 6]);
  backward(record(() => linearLoss([same])));
  assert.deepEqual(Array.from(x.grad!), Array.from(same.grad!));
});
