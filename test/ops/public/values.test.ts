/** Forward values of the public ops: small hand-checked cases, broadcasting, negative axes, dtypes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import * as ops from '../../../src/ops/public/index.js';
import { assertClose } from '../../helpers/fixtures.js';
import { randomTensor, setSeed } from '../../helpers/gradcheck.js';

test('arithmetic broadcasts NumPy-style and accepts numbers on either side', () => {
  assert.deepEqual(ops.add([[1, 2], [3, 4]], [10, 20]).toArray(), [[11, 22], [13, 24]]);
  assert.deepEqual(ops.add([[1], [2]], [10, 20, 30]).toArray(), [[11, 21, 31], [12, 22, 32]]);
  assert.deepEqual(ops.sub(10, [1, 2]).toArray(), [9, 8]);
  assert.deepEqual(ops.sub([5, 7], 1).toArray(), [4, 6]);
  assert.deepEqual(ops.mul([[1, 2], [3, 4]], [[10], [100]]).toArray(), [[10, 20], [300, 400]]);
  assert.deepEqual(ops.mul(3, [1, 2]).toArray(), [3, 6]);
  assert.deepEqual(ops.div([2, 9], [2, 3]).toArray(), [1, 3]);
  assert.deepEqual(ops.div(1, [[2], [4]]).toArray(), [[0.5], [0.25]]);
  assert.deepEqual(ops.neg([1, -2]).toArray(), [-1, 2]);
  // [2, 1, 3] with [4, 1] -> [2, 4, 3]: both sides repeat along different axes.
  const a = tensor([[[1, 2, 3]], [[4, 5, 6]]]);
  const b = tensor([[0], [10], [20], [30]]);
  const y = ops.add(a, b);
  assert.deepEqual(y.shape, [2, 4, 3]);
  assert.deepEqual((y.toArray() as number[][][])[1]![2], [24, 25, 26]);
  // A scalar tensor broadcasts against anything.
  assert.deepEqual(ops.mul(tensor(2), [[1, 2]]).toArray(), [[2, 4]]);
});

test('numbers take the dtype of the tensor argument; float32 and float64 both work', () => {
  const x64 = tensor([1, 2], undefined, 'float64');
  assert.equal(ops.mul(x64, 0.1).dtype, 'float64');
  assert.equal(ops.add(0.1, x64).dtype, 'float64');
  assert.equal(ops.div(x64, [3, 3]).dtype, 'float64');
  assert.equal(ops.div(x64, [3, 3]).data[0], 1 / 3);
  assert.equal(ops.add([1], [2]).dtype, 'float32');
  for (const dtype of ['float32', 'float64'] as const) {
    const x = tensor([[0.5, -1], [2, 3]], undefined, dtype);
    for (const y of [ops.tanh(x), ops.softmax(x), ops.sum(x, 0), ops.transpose(x), ops.matMul(x, x), ops.slice(x, [1]), ops.concat([x, x]), ops.broadcastTo(x, [2, 2, 2])]) {
      assert.equal(y.dtype, dtype);
    }
  }
});

test('unary functions', () => {
  const x = [-2, -0.5, 0, 0.5, 3];
  const check = (name: string, got: Tensor, f: (v: number) => number) =>
    assertClose(got.data, x.map(f), name, 1e-6, 1e-7);
  check('tanh', ops.tanh(x), Math.tanh);
  check('sigmoid', ops.sigmoid(x), (v) => 1 / (1 + Math.exp(-v)));
  check('relu', ops.relu(x), (v) => Math.max(v, 0));
  check('exp', ops.exp(x), Math.exp);
  check('square', ops.square(x), (v) => v * v);
  check('abs', ops.abs(x), Math.abs);
  assertClose(ops.log([1, Math.E, 10]).data, [0, 1, Math.log(10)], 'log', 1e-6, 1e-7);
  assertClose(ops.sqrt([0, 4, 2]).data, [0, 2, Math.SQRT2], 'sqrt', 1e-6, 1e-7);
  assert.ok(Number.isNaN(ops.log([-1]).data[0]!));
  assert.equal(ops.log([0]).data[0], -Infinity);
});

/** Plain triple loop over explicit indices, independent of gemm and of the index maps. */
function naiveMatMul(a: Tensor, b: Tensor, ta: boolean, tb: boolean): { shape: number[]; data: number[] } {
  const ra = a.rank;
  const rb = b.rank;
  const m = a.shape[ta ? ra - 1 : ra - 2]!;
  const k = a.shape[ta ? ra - 2 : ra - 1]!;
  const n = b.shape[tb ? rb - 2 : rb - 1]!;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const pad = (s: readonly number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const pa = pad(batchA);
  const pb = pad(batchB);
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const count = batch.reduce((p, d) => p * d, 1);
  const data: number[] = [];
  for (let flat = 0; flat < count; flat++) {
    const idx: number[] = [];
    let r = flat;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = r % batch[d]!;
      r = Math.floor(r / batch[d]!);
    }
    const off = (p: number[]) => idx.reduce((o, v, d) => o * p[d]! + (p[d] === 1 ? 0 : v), 0);
    const oa = off(pa) * m * k;
    const ob = off(pb) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) {
          const av = a.data[oa + (ta ? q * m + i : i * k + q)]!;
          const bv = b.data[ob + (tb ? j * k + q : q * n + j)]!;
          s += av * bv;
        }
        data.push(s);
      }
    }
  }
  return { shape: [...batch, m, n], data };
}

test('matMul: plain, transposed and batched with broadcast batch axes', () => {
  assert.deepEqual(ops.matMul([[1, 2], [3, 4]], [[5], [6]]).toArray(), [[17], [39]]);
  assert.deepEqual(ops.matMul([[1, 3], [2, 4]], [[5, 6]], true, true).toArray(), [[17], [39]]);
  setSeed(3);
  const cases: [number[], number[], boolean, boolean][] = [
    [[3, 4], [4, 5], false, false],
    [[4, 3], [4, 5], true, false],
    [[3, 4], [5, 4], false, true],
    [[4, 3], [5, 4], true, true],
    [[2, 3, 4], [2, 4, 5], false, false],
    [[2, 1, 3, 4], [3, 5, 4], false, true],
    [[2, 3, 4], [4, 5], false, false],
    [[3, 4], [2, 4, 5], false, false],
    [[1, 4, 3], [2, 1, 4, 2], true, false],
  ];
  for (const [sa, sb, ta, tb] of cases) {
    const a = randomTensor(sa, -1, 1, false);
    const b = randomTensor(sb, -1, 1, false);
    const got = ops.matMul(a, b, ta, tb);
    const want = naiveMatMul(a, b, ta, tb);
    const label = `matMul ${JSON.stringify([sa, sb, ta, tb])}`;
    assert.deepEqual(got.shape, want.shape, label);
    assertClose(got.data, want.data, label, 1e-12, 1e-12);
  }
});

test('softmax and logSoftmax along any axis', () => {
  assertClose(ops.softmax([[1, 1], [0, Math.log(3)]]).data, [0.5, 0.5, 0.25, 0.75], 'last axis', 1e-6, 1e-7);
  // Axis 0 of [[0, 0], [ln 3, 0]]: columns normalise separately.
  assertClose(ops.softmax([[0, 0], [Math.log(3), 0]], 0).data, [0.25, 0.5, 0.75, 0.5], 'axis 0', 1e-6, 1e-7);
  assertClose(ops.softmax([[0, 0], [Math.log(3), 0]], -2).data, [0.25, 0.5, 0.75, 0.5], 'axis -2', 1e-6, 1e-7);
  // Middle axis of a rank-3 tensor: each (i, k) fibre sums to 1.
  setSeed(5);
  const x = randomTensor([2, 3, 4], -3, 3, false);
  const s = ops.softmax(x, 1);
  for (let i = 0; i < 2; i++) {
    for (let k = 0; k < 4; k++) {
      let total = 0;
      for (let j = 0; j < 3; j++) total += s.data[i * 12 + j * 4 + k]!;
      assert.ok(Math.abs(total - 1) < 1e-12);
    }
  }
  const ls = ops.logSoftmax(x, 1);
  assertClose(ls.data, Array.from(s.data, Math.log), 'logSoftmax = log softmax', 1e-12, 1e-12);
  // Huge logits stay finite: the max is subtracted first.
  assertClose(ops.softmax([1000, 1000]).data, [0.5, 0.5], 'large logits', 0, 1e-7);
  assertClose(ops.logSoftmax([1000, 0]).data, [0, -1000], 'large logSoftmax', 0, 1e-4);
});

test('sum, mean and max over axes, negative axes and keepDims', () => {
  const x = [[1, 5, 3], [7, 2, 6]];
  assert.equal(ops.sum(x).toArray(), 24);
  assert.deepEqual(ops.sum(x).shape, []);
  assert.deepEqual(ops.sum(x, 0).toArray(), [8, 7, 9]);
  assert.deepEqual(ops.sum(x, -1).toArray(), [9, 15]);
  assert.deepEqual(ops.sum(x, -1, true).toArray(), [[9], [15]]);
  assert.deepEqual(ops.sum(x, [0, 1], true).toArray(), [[24]]);
  assert.deepEqual(ops.mean(x, 1).toArray(), [3, 5]);
  assert.equal(ops.mean(x).toArray(), 4);
  assert.deepEqual(ops.max(x, 1).toArray(), [5, 7]);
  assert.deepEqual(ops.max(x, -2, true).toArray(), [[7, 5, 6]]);
  assert.equal(ops.max(x).toArray(), 7);
  assert.deepEqual(ops.max([-3, -1, -2]).toArray(), -1);
  // Rank 3 over a middle axis.
  const y = ops.sum([[[1, 2], [3, 4], [5, 6]]], 1);
  assert.deepEqual(y.toArray(), [[9, 12]]);
  assert.deepEqual(ops.sum([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [0, 2]).toArray(), [14, 22]);
});

test('shape ops: reshape, transpose, concat, stack, slice, expandDims, squeeze, broadcastTo', () => {
  assert.deepEqual(ops.reshape([1, 2, 3, 4, 5, 6], [2, -1]).toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(ops.transpose([[1, 2, 3], [4, 5, 6]]).toArray(), [[1, 4], [2, 5], [3, 6]]);
  const x = tensor([[[1, 2], [3, 4], [5, 6]]]); // [1, 3, 2]
  assert.deepEqual(ops.transpose(x, [2, 0, 1]).toArray(), [[[1, 3, 5]], [[2, 4, 6]]]);
  assert.deepEqual(ops.transpose(x, [0, -1, 1]).shape, [1, 2, 3]);
  assert.deepEqual(ops.transpose(x).shape, [2, 3, 1]);
  assert.deepEqual(ops.concat([[[1, 2]], [[3, 4]]]).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(ops.concat([[[1], [2]], [[3, 4], [5, 6]]], -1).toArray(), [[1, 3, 4], [2, 5, 6]]);
  assert.deepEqual(ops.concat([x, x], 1).shape, [1, 6, 2]);
  assert.deepEqual((ops.concat([x, x], 1).toArray() as number[][][])[0]![4], [3, 4]);
  assert.deepEqual(ops.stack([[1, 2], [3, 4]]).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(ops.stack([[1, 2], [3, 4]], 1).toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(ops.stack([[1, 2], [3, 4]], -1).toArray(), [[1, 3], [2, 4]]);
  const m = [[1, 2, 3], [4, 5, 6]];
  assert.deepEqual(ops.slice(m, [0, 1], [2, 2]).toArray(), [[2, 3], [5, 6]]);
  assert.deepEqual(ops.slice(m, [1, 1], [-1, -1]).toArray(), [[5, 6]]);
  assert.deepEqual(ops.slice(m, 1).toArray(), [[4, 5, 6]]);
  assert.deepEqual(ops.slice(m, [0, 2]).toArray(), [[3], [6]]);
  assert.deepEqual(ops.slice(m, [0], [1]).toArray(), [[1, 2, 3]]);
  assert.deepEqual(ops.slice(x, [0, 1, 1], [1, 2, 1]).toArray(), [[[4], [6]]]);
  assert.deepEqual(ops.expandDims([1, 2]).shape, [1, 2]);
  assert.deepEqual(ops.expandDims([1, 2], -1).shape, [2, 1]);
  assert.deepEqual(ops.squeeze([[[1], [2]]]).toArray(), [1, 2]);
  assert.deepEqual(ops.squeeze([[[1], [2]]], [-1]).shape, [1, 2]);
  assert.deepEqual(ops.broadcastTo([[1], [2]], [2, 2, 3]).toArray(), [[[1, 1, 1], [2, 2, 2]], [[1, 1, 1], [2, 2, 2]]]);
});

test('a Tensor input passes through unconverted, so its gradient path stays intact', () => {
  const x = tensor([1, 2]);
  // reshape is a view: same storage as the input Tensor object, not a converted copy.
  assert.equal(ops.reshape(x, [2, 1]).data, x.data);
});
