import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { AveragePooling1D, MaxPooling1D, averagePooling1d, maxPooling1d } from '../../../src/layers/conv/pooling1d.js';
import { GlobalAveragePooling1D, GlobalMaxPooling1D, globalAveragePooling1d, globalMaxPooling1d } from '../../../src/layers/conv/globalPooling1d.js';
import { pool1d } from '../../../src/ops/conv/pool1d.js';
import { globalAvgPool1d, globalMaxPool1d } from '../../../src/ops/conv/globalPool1d.js';
import { assertClose, flat } from '../../helpers/fixtures.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../../helpers/gradcheck.js';
import { f64, loadConvFixture, runWithLoss, shapeOf } from './helpers.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);
const fixture = loadConvFixture();

test('pooling defaults as Keras: poolSize 2, strides = poolSize, valid; no weights', () => {
  const layer = maxPooling1d();
  assert.ok(layer instanceof MaxPooling1D);
  assert.deepEqual([layer.poolSize, layer.strides, layer.padding], [2, 2, 'valid']);
  const y = out(layer.apply(tensor([[[1, -1], [3, -3], [2, 0], [0, 5], [9, 9]]])));
  assert.deepEqual(y.toArray(), [[[3, -1], [2, 5]]]);
  assert.equal(layer.weights.length, 0);
  const avg = averagePooling1d({ poolSize: [3], strides: [1], padding: 'same' });
  assert.ok(avg instanceof AveragePooling1D);
  // Edge windows average their real steps only: [1, 2] and [4, 5].
  assert.deepEqual(out(avg.apply(tensor([[[1], [2], [3], [4], [5]]]))).toArray(), [[[1.5], [2], [3], [4], [4.5]]]);
});

for (const c of fixture.pool1d) {
  const o = c.options;
  test(`${c.mode} pooling matches PyTorch (float64): pool ${o.poolSize}, strides ${o.strides}, ${o.padding}`, () => {
    const layer = c.mode === 'max' ? maxPooling1d({ ...o, dtype: 'float64' }) : averagePooling1d({ ...o, dtype: 'float64' });
    const x = f64(c.x, shapeOf(c.x), true);
    const y = runWithLoss(() => out(layer.apply(x)), flat(c.wOutput));
    assert.deepEqual(y.shape, shapeOf(c.output));
    assert.deepEqual(layer.computeOutputShape([null, x.shape[1]!, x.shape[2]!]), [null, ...shapeOf(c.output).slice(1)]);
    assertClose(y.data, c.output, 'output', 1e-12, 1e-12);
    assertClose(x.grad!, c.gradX, 'dL/dx', 1e-12, 1e-12);
  });
}

for (const c of fixture.globalPool1d) {
  test(`global ${c.mode} pooling matches PyTorch (float64)${c.mask ? ', masked' : ''}${c.keepdims ? ', keepdims' : ''}`, () => {
    const layer = c.mode === 'max' ? globalMaxPooling1d({ keepdims: c.keepdims, dtype: 'float64' }) : globalAveragePooling1d({ keepdims: c.keepdims, dtype: 'float64' });
    const x = f64(c.x, shapeOf(c.x), true);
    const mask = c.mask ? f64(c.mask, shapeOf(c.mask)) : undefined;
    const y = runWithLoss(() => out(layer.apply(x, mask ? { mask } : {})), flat(c.wOutput));
    assert.deepEqual(y.shape, shapeOf(c.output));
    assert.deepEqual(layer.computeOutputShape([null, null, x.shape[2]!]), [null, ...shapeOf(c.output).slice(1)]);
    assertClose(y.data, c.output, 'output', 1e-12, 1e-12);
    assertClose(x.grad!, c.gradX, 'dL/dx', 1e-12, 1e-12);
  });
}

test('pooling gradients match finite differences', () => {
  setSeed(5);
  for (const [mode, padding, poolSize, strides] of [['max', 'valid', 2, 2], ['max', 'same', 3, 2], ['avg', 'same', 3, 1], ['avg', 'valid', 3, 2]] as const) {
    const x = randomTensor([2, 7, 3]);
    checkGradients(() => linearLoss([pool1d(x, mode, { poolSize, strides, padding })]), [x], { label: `${mode} ${padding}` });
  }
  const x = randomTensor([3, 5, 2]);
  const mask = tensor([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 0, 0, 0, 0]], undefined, 'float64');
  checkGradients(() => linearLoss([globalAvgPool1d(x, mask)]), [x], { label: 'global avg masked' });
  checkGradients(() => linearLoss([globalMaxPool1d(x, true)]), [x], { label: 'global max' });
});

test('masks: global average honours it and consumes it; max pooling ignores it; none passes one on', () => {
  const x = tensor([[[1], [3], [100]]]);
  const mask = tensor([[1, 1, 0]]);
  const gap = globalAveragePooling1d();
  assert.ok(gap instanceof GlobalAveragePooling1D);
  assert.deepEqual(out(gap.apply(x, { mask })).toArray(), [[2]]);
  assert.equal(gap.computeMask(x, mask), null);
  const gmp = globalMaxPooling1d();
  assert.ok(gmp instanceof GlobalMaxPooling1D);
  assert.deepEqual(out(gmp.apply(x, { mask })).toArray(), [[100]]);
  assert.equal(gmp.computeMask(x, mask), null);
  assert.equal(maxPooling1d().computeMask(x, mask), null);
  // A row with no real step averages to zeros instead of Keras's 0/0.
  assert.deepEqual(out(gap.apply(x, { mask: tensor([[0, 0, 0]]) })).toArray(), [[0]]);
});

test('float32 pooling agrees with float64', () => {
  setSeed(9);
  const x64 = randomTensor([2, 8, 3], -1, 1, false);
  const x32 = new Tensor(Float32Array.from(x64.data), x64.shape);
  for (const mode of ['max', 'avg'] as const) {
    const y32 = pool1d(x32, mode, { poolSize: 3, strides: 2, padding: 'same' });
    assert.equal(y32.dtype, 'float32');
    assertClose(y32.data, pool1d(x64, mode, { poolSize: 3, strides: 2, padding: 'same' }).data, mode, 1e-6, 1e-6);
  }
});

test('pooling options and shape errors', () => {
  assert.throws(() => maxPooling1d({ padding: 'causal' as never }), /option 'padding' expected one of 'valid', 'same', got "causal"/);
  assert.throws(() => averagePooling1d({ poolSize: 0 }), /option 'poolSize' expected an integer >= 1 or a list of one, got 0/);
  assert.throws(() => globalMaxPooling1d({ keepdims: 1 } as never), /option 'keepdims' expected true or false, got 1/);
  assert.throws(() => globalAveragePooling1d({ dataFormat: 'channelsFirst' } as never), /unknown option 'dataFormat'/);
  assert.throws(() => maxPooling1d().apply(tensor([[1, 2]])), /expected rank 3 \[batch, time, channels\], got shape \[1, 2\]/);
  assert.throws(() => maxPooling1d({ poolSize: 4 }).apply(tensor([[[1], [2]]])), /padding 'valid' needs at least 4 time steps/);
  assert.deepEqual(maxPooling1d({ poolSize: 3, strides: 2, padding: 'same' }).computeOutputShape([null, 7, 4]), [null, 4, 4]);
  assert.deepEqual(globalMaxPooling1d({ keepdims: true }).computeOutputShape([2, 7, 4]), [2, 1, 4]);
});
