// Finite-difference gradient checks (float64) for every merge layer, including a layer applied
// to the same tensor twice, where both uses must add up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../../src/tensor/tensor.js';
import { backward, record } from '../../../src/autograd/tape.js';
import * as layers from '../../../src/layers/index.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../../helpers/gradcheck.js';

const f64 = { dtype: 'float64' } as const;
const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('elementwise merges: gradients match finite differences, with and without broadcasting', () => {
  setSeed(121);
  const a = randomTensor([2, 3, 4]);
  const b = randomTensor([2, 3, 4]);
  const c = randomTensor([2, 3, 4]);
  const row = randomTensor([2, 1, 4]);
  const low = randomTensor([2, 4]);
  const col = randomTensor([2, 3, 1]);
  const cases = [
    ['add', layers.add(f64), [a, b, c]],
    ['add broadcast', layers.add(f64), [a, row, low]],
    ['subtract', layers.subtract(f64), [a, b]],
    ['subtract broadcast', layers.subtract(f64), [col, low]],
    ['multiply', layers.multiply(f64), [a, b, c]],
    ['multiply broadcast', layers.multiply(f64), [a, col, low]],
    ['average', layers.average(f64), [a, b, c]],
    ['average broadcast', layers.average(f64), [a, row]],
    ['maximum', layers.maximum(f64), [a, b, c]],
    ['minimum', layers.minimum(f64), [a, b, c]],
    ['maximum broadcast', layers.maximum(f64), [a, col]],
  ] as const;
  for (const [label, layer, inputs] of cases) {
    checkGradients(() => linearLoss([out(layer.apply([...inputs]))]), [...new Set(inputs)], { label });
  }
});

test('concatenate, dot, repeatVector and permute: gradients match finite differences', () => {
  setSeed(122);
  const x = randomTensor([2, 3, 4]);
  const y = randomTensor([2, 5, 4]);
  const z = randomTensor([2, 3, 2]);
  const v = randomTensor([2, 4]);
  const w = randomTensor([2, 4]);
  const p = randomTensor([2, 4, 3]);
  const q = randomTensor([2, 4, 5]);
  const check = (label: string, f: () => Tensor | Tensor[], wrt: Tensor[]): void => {
    checkGradients(() => linearLoss([out(f())]), wrt, { label });
  };
  check('concatenate -1', () => layers.concatenate(f64).apply([x, z, x]), [x, z]);
  check('concatenate time', () => layers.concatenate({ ...f64, axis: 1 }).apply([x, y]), [x, y]);
  check('dot axes 2', () => layers.dot({ ...f64, axes: 2 }).apply([x, y]), [x, y]);
  check('dot axes [1, 2]', () => layers.dot({ ...f64, axes: [1, 2] }).apply([p, y]), [p, y]);
  check('dot rank 2', () => layers.dot({ ...f64, axes: 1 }).apply([v, w]), [v, w]);
  check('dot rank 2 x rank 3', () => layers.dot({ ...f64, axes: [1, 2] }).apply([v, y]), [v, y]);
  check('dot normalize', () => layers.dot({ ...f64, axes: [2, 2], normalize: true }).apply([x, y]), [x, y]);
  check('dot normalize axes 1', () => layers.dot({ ...f64, axes: 1, normalize: true }).apply([p, q]), [p, q]);
  check('repeatVector', () => layers.repeatVector({ ...f64, n: 3 }).apply(v), [v]);
  check('permute [2, 1]', () => layers.permute({ ...f64, dims: [2, 1] }).apply(x), [x]);
  const r4 = randomTensor([2, 3, 2, 2]);
  check('permute [3, 1, 2]', () => layers.permute({ ...f64, dims: [3, 1, 2] }).apply(r4), [r4]);
});

test('a layer applied to the same tensor twice accumulates both gradients', () => {
  setSeed(123);
  const x = randomTensor([2, 3]);
  const grad = (f: () => Tensor | Tensor[]): Float64Array => {
    x.grad = null;
    // The sum of the outputs: d/dx is the plain derivative, easy to state exactly.
    const y = record(() => out(f()));
    backward(y, new Float64Array(y.size).fill(1));
    return Float64Array.from(x.grad!);
  };
  assert.deepEqual([...grad(() => layers.add(f64).apply([x, x]))], new Array(6).fill(2));
  assert.deepEqual([...grad(() => layers.add(f64).apply([x, x, x]))], new Array(6).fill(3));
  assert.deepEqual([...grad(() => layers.subtract(f64).apply([x, x]))], new Array(6).fill(0));
  assert.deepEqual([...grad(() => layers.average(f64).apply([x, x]))], new Array(6).fill(1));
  assert.deepEqual([...grad(() => layers.concatenate(f64).apply([x, x]))], new Array(6).fill(2));
  const sq = grad(() => layers.multiply(f64).apply([x, x]));
  sq.forEach((g, i) => assert.ok(Math.abs(g - 2 * x.data[i]!) < 1e-15, `multiply([x, x]) gives 2x at ${i}`));
  // maximum([x, x]): a tie everywhere; the whole gradient goes to one use, not both, not half.
  assert.deepEqual([...grad(() => layers.maximum(f64).apply([x, x]))], new Array(6).fill(1));
  // dot([x, x]) along the features is |x|², whose gradient is 2x.
  const d = grad(() => layers.dot({ ...f64, axes: 1 }).apply([x, x]));
  d.forEach((g, i) => assert.ok(Math.abs(g - 2 * x.data[i]!) < 1e-15, `dot([x, x]) gives 2x at ${i}`));
  checkGradients(() => linearLoss([out(layers.multiply(f64).apply([x, x, x]))]), [x], { label: 'multiply([x, x, x])' });
  checkGradients(() => linearLoss([out(layers.dot({ ...f64, axes: 1, normalize: true }).apply([x, x]))]), [x], { label: 'dot normalize([x, x])' });
});

test('maximum and minimum send a tied entry to the first input holding it, as TensorFlow does', () => {
  const a = new Tensor(new Float64Array([1, 5, 2]), [1, 3]);
  const b = new Tensor(new Float64Array([1, 3, 7]), [1, 3]);
  for (const [layer, ga, gb] of [[layers.maximum(f64), [1, 1, 0], [0, 0, 1]], [layers.minimum(f64), [1, 0, 1], [0, 1, 0]]] as const) {
    a.requiresGrad = true;
    b.requiresGrad = true;
    a.grad = null;
    b.grad = null;
    const y = record(() => out(layer.apply([a, b])));
    backward(y, new Float64Array([1, 1, 1]));
    assert.deepEqual([...a.grad!], ga, layer.className);
    assert.deepEqual([...b.grad!], gb, layer.className);
  }
});

test('dot with normalize gives cosine similarities, and zeros (not NaN) for a zero vector', () => {
  const a = new Tensor(new Float64Array([3, 4, 0, 0]), [2, 2]);
  const b = new Tensor(new Float64Array([4, 3, 1, 0]), [2, 2]);
  const y = out(layers.dot({ ...f64, axes: 1, normalize: true }).apply([a, b]));
  assert.deepEqual([...y.shape], [2, 1]);
  assert.ok(Math.abs(y.data[0]! - 24 / 25) < 1e-15);
  assert.equal(y.data[1], 0);
  a.requiresGrad = true;
  backward(record(() => out(layers.dot({ ...f64, axes: 1, normalize: true }).apply([a, b]))), new Float64Array([1, 1]));
  assert.ok([...a.grad!].every(Number.isFinite));
});
