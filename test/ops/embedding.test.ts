import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/tensor.js';
import { embeddingLookup } from '../../src/ops/embedding.js';
import { backward, record } from '../../src/autograd/tape.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

const table = () => tensor([[0, 0.5], [1, 1.5], [2, 2.5]], undefined, 'float64');

test('embeddingLookup picks rows by id', () => {
  const y = embeddingLookup(tensor([[2, 0, 2], [1, 1, 0]]), table());
  assert.deepEqual(y.shape, [2, 3, 2]);
  assert.deepEqual(y.toArray(), [[[2, 2.5], [0, 0.5], [2, 2.5]], [[1, 1.5], [1, 1.5], [0, 0.5]]]);
  assert.ok(y.data instanceof Float64Array, 'output takes the table dtype');
});

test('embeddingLookup gradient scatters into rows, adding repeats', () => {
  const t = table();
  t.requiresGrad = true;
  const y = record(() => embeddingLookup(tensor([[2, 0, 2]]), t));
  backward(y, [1, 2, 3, 4, 5, 6]);
  // Row 2 is used twice: (1, 2) + (5, 6); row 0 once: (3, 4); row 1 never.
  assert.deepEqual(Array.from(t.grad!), [3, 4, 0, 0, 6, 8]);
  setSeed(5);
  const w = randomTensor([4, 3]);
  checkGradients(() => linearLoss([embeddingLookup(tensor([[3, 1], [1, 0]]), w)]), [w]);
});

test('embeddingLookup names the bad id, its position and the range', () => {
  assert.throws(
    () => embeddingLookup(tensor([[0, 1], [2, 3]]), table()),
    /embeddingLookup: argument 'x' has 3 at position \[1, 1\]; expected integer ids in \[0, 3\)/,
  );
  assert.throws(() => embeddingLookup(tensor([-1]), table()), /has -1 at position \[0\]/);
  assert.throws(() => embeddingLookup(tensor([1.5]), table()), /has 1.5 at position \[0\]/);
  assert.throws(() => embeddingLookup(tensor([0]), tensor([1, 2])), /argument 'table' expected shape \[inputDim, outputDim\]/);
});
