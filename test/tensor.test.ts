import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, Tensor } from '../src/tensor/tensor.js';
import { getRandomState, random, setRandomState, setSeed } from '../src/tensor/random.js';

test('tensor infers shape from nested arrays and round-trips toArray', () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.ok(t.data instanceof Float32Array);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
});

test('tensor accepts a typed array with a shape', () => {
  const t = tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
  assert.deepEqual(t.toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.throws(() => tensor(new Float32Array(5), [3, 2]), /shape \[3, 2\] needs 6 values, got 5/);
});

test('ragged nested arrays are rejected with the depth named', () => {
  assert.throws(() => tensor([[1, 2], [3]]), /ragged: expected 2 entries at depth 1, got 1/);
});

test('float64 tensors keep doubles', () => {
  const t = tensor([0.1, 0.2], undefined, 'float64');
  assert.ok(t.data instanceof Float64Array);
  assert.equal(t.data[0], 0.1);
  assert.ok(t instanceof Tensor);
});

test('setSeed makes the stream reproducible and state can be restored', () => {
  setSeed(7);
  const a = [random(), random(), random()];
  setSeed(7);
  const b = [random(), random(), random()];
  assert.deepEqual(a, b);
  const s = getRandomState();
  const c = [random(), random()];
  setRandomState(s);
  assert.deepEqual([random(), random()], c);
  setSeed(8);
  assert.notDeepEqual([random(), random(), random()], a);
});
