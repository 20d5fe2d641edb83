/** timeseriesWindows: window counts with stride and horizon, multivariate targets, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeseriesWindows } from '../../src/data/timeseriesWindows.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test('univariate, horizon 1, stride 1: length - window samples', () => {
  const { x, y, targetIndex } = timeseriesWindows([1, 2, 3, 4, 5], { window: 2 });
  assert.deepEqual(x.shape, [3, 2, 1]);
  assert.deepEqual(x.toArray(), [[[1], [2]], [[2], [3]], [[3], [4]]]);
  assert.deepEqual(y.toArray(), [[3], [4], [5]]);
  assert.deepEqual(targetIndex, [2, 3, 4]);
});

test('stride and horizon: floor((length - window - horizon) / stride) + 1 samples', () => {
  const { x, y, targetIndex } = timeseriesWindows(range(10), { window: 3, horizon: 2, stride: 2 });
  // floor((10 - 3 - 2) / 2) + 1 = 3 windows starting at 0, 2, 4.
  assert.deepEqual(x.shape, [3, 3, 1]);
  assert.deepEqual(x.toArray(), [[[1], [2], [3]], [[3], [4], [5]], [[5], [6], [7]]]);
  assert.deepEqual(y.toArray(), [[4, 5], [6, 7], [8, 9]]);
  assert.deepEqual(targetIndex, [3, 5, 7]);
  assert.equal(timeseriesWindows(range(11), { window: 3, horizon: 2, stride: 2 }).targetIndex.length, 4);
  assert.equal(timeseriesWindows(range(100), { window: 10, horizon: 5, stride: 7 }).x.shape[0], Math.floor(85 / 7) + 1);
});

test('a series of exactly window + horizon steps gives one sample', () => {
  const { x, y } = timeseriesWindows([1, 2, 3], { window: 2, horizon: 1 });
  assert.deepEqual(x.shape, [1, 2, 1]);
  assert.deepEqual(y.toArray(), [[3]]);
});

test('multivariate: all features in x, targets step-major in y', () => {
  const rows = Array.from({ length: 6 }, (_, t) => [t, 10 * t]);
  const all = timeseriesWindows(rows, { window: 2, horizon: 2 });
  assert.deepEqual(all.x.shape, [3, 2, 2]);
  assert.deepEqual((all.x.toArray() as number[][][])[0], [[0, 0], [1, 10]]);
  assert.deepEqual(all.y.shape, [3, 4]);
  assert.deepEqual((all.y.toArray() as number[][])[0], [2, 20, 3, 30]);
  const one = timeseriesWindows(rows, { window: 2, horizon: 2, targetColumns: [1] });
  assert.deepEqual(one.y.toArray(), [[20, 30], [30, 40], [40, 50]]);
  assert.deepEqual(one.targetIndex, [2, 3, 4]);
  const swapped = timeseriesWindows(rows, { window: 1, targetColumns: [1, 0] });
  assert.deepEqual((swapped.y.toArray() as number[][])[0], [10, 1]);
});

test('a series shorter than window + horizon, and other bad input, are named', () => {
  assert.throws(
    () => timeseriesWindows([1, 2, 3, 4], { window: 3, horizon: 2 }),
    /timeseriesWindows: argument 'series' has 4 steps; expected at least window \+ horizon = 3 \+ 2 = 5/,
  );
  assert.throws(() => timeseriesWindows([], { window: 1 }), /timeseriesWindows: argument 'series' is empty/);
  assert.throws(() => timeseriesWindows([1, 2, 3], { window: 0 }), /timeseriesWindows: option 'window' expected an integer >= 1, got 0/);
  assert.throws(() => timeseriesWindows([1, 2, 3], { window: 1, stride: 1.5 }), /option 'stride' expected an integer >= 1, got 1\.5/);
  assert.throws(() => timeseriesWindows([1, NaN, 3], { window: 1 }), /argument 'series' expected finite numbers, got NaN at step 1/);
  assert.throws(() => timeseriesWindows([[1, 2], [3]], { window: 1 }), /argument 'series' expected 2 features per step like step 0, got 1 at step 1/);
  assert.throws(() => timeseriesWindows([[1, 2], [3, 4]], { window: 1, targetColumns: [2] }), /option 'targetColumns\[0\]' expected an integer in \[0, 1\], got 2/);
  assert.throws(() => timeseriesWindows([1, 2], { window: 1, targetColumns: [] }), /option 'targetColumns' expected a non-empty array/);
  assert.throws(() => timeseriesWindows([1, 2], { window: 1, lookback: 2 } as never), /timeseriesWindows: unknown option 'lookback'/);
});
