import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { backward, record } from '../../src/autograd/tape.js';
import { Masking, masking } from '../../src/layers/masking.js';
import { linearLoss } from '../helpers/gradcheck.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('the mask is 1 where any feature differs from maskValue', () => {
  const layer = masking();
  assert.ok(layer instanceof Masking);
  assert.equal(layer.className, 'Masking');
  const x = tensor([
    [[1, 2], [0, 0], [0, 3]],
    [[0, 0], [5, 0], [0, 0]],
  ]);
  assert.deepEqual(layer.computeMask(x, null).toArray(), [[1, 0, 1], [0, 1, 0]]);
  assert.deepEqual(out(layer.apply(x)).toArray(), x.toArray());
  // An incoming mask is replaced, not combined.
  assert.deepEqual(layer.computeMask(x, tensor([[0, 0, 0], [0, 0, 0]])).toArray(), [[1, 0, 1], [0, 1, 0]]);
});

test('with another maskValue, masked steps are zeroed in the output', () => {
  const layer = masking({ maskValue: -1 });
  const x = tensor([[[-1, -1], [-1, 2], [3, 4]]]);
  assert.deepEqual(layer.computeMask(x, null).toArray(), [[0, 1, 1]]);
  // (-1) * 0 is -0; adding 0 normalises it so the comparison is about values.
  assert.deepEqual(Array.from(out(layer.apply(x)).data, (v) => v + 0), [0, 0, -1, 2, 3, 4]);
});

test('no gradient flows into masked steps', () => {
  const layer = masking({ maskValue: -1, dtype: 'float64' });
  const x = tensor([[[-1, -1], [0.5, 2]]], undefined, 'float64');
  x.requiresGrad = true;
  backward(record(() => linearLoss([out(layer.apply(x))])));
  const g = Array.from(x.grad!);
  assert.deepEqual(g.slice(0, 2), [0, 0]);
  assert.ok(g[2] !== 0 && g[3] !== 0);
});

test('masking checks its options and input rank', () => {
  assert.throws(() => masking({ mask_value: 0 } as never), /layers.masking: unknown option 'mask_value'/);
  assert.throws(() => masking({ maskValue: NaN }), /option 'maskValue' expected a finite number/);
  assert.throws(() => masking().apply(tensor([1, 2])), /argument 'x' expected rank >= 2/);
  assert.equal(masking({ maskValue: 2 }).getConfig()['maskValue'], 2);
});
