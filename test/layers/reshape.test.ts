import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { Reshape, reshape } from '../../src/layers/reshape.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('reshape views each example with targetShape, inferring -1', () => {
  const layer = reshape({ targetShape: [3, -1] });
  assert.ok(layer instanceof Reshape);
  assert.equal(layer.className, 'Reshape');
  const y = out(layer.apply(tensor([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]])));
  assert.deepEqual(y.toArray(), [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);
  assert.deepEqual(layer.computeOutputShape([null, 6]), [null, 3, 2]);
  assert.deepEqual(reshape({ targetShape: [2, 3] }).computeOutputShape([4, 3, 2]), [4, 2, 3]);
  assert.deepEqual(layer.getConfig()['targetShape'], [3, -1]);
});

test('reshape errors name the option and the sizes', () => {
  assert.throws(() => reshape({ targetShape: [-1, -1] }), /layers.reshape: option 'targetShape' expected positive integer sizes with at most one -1, got \[-1,-1\]/);
  assert.throws(() => reshape({ targetShape: [0] }), /option 'targetShape'/);
  assert.throws(
    () => reshape({ targetShape: [4, -1], name: 'rs' }).apply(tensor([[1, 2, 3, 4, 5, 6]])),
    /rs.apply: argument 'x' of shape \[1, 6\] has 6 values per example, which cannot be viewed as targetShape \[4, -1\]/,
  );
  assert.throws(() => reshape({ targetShape: [5] }).computeOutputShape([null, 6]), /cannot be viewed as targetShape \[5\]/);
  assert.throws(() => reshape({ targetShape: [6], extra: 1 } as never), /unknown option 'extra'/);
});
