/** Regression report metrics on hand-computed cases, MAPE's zero handling, argument errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mae, mape, mapeDetails, mse, rmse } from '../../src/evaluation/index.js';

test('mse, rmse and mae', () => {
  assert.equal(mse([1, 2, 3], [1, 2, 5]), 4 / 3);
  assert.equal(rmse([0, 0], [3, 4]), Math.sqrt(12.5));
  assert.equal(rmse([1, 2], [1, 2]), 0);
  assert.equal(mae([1, 2, 3], [2, 2, 1]), 1);
  assert.equal(mae(new Float32Array([1, -1]), [0, 0]), 1);
});

test('mape is in percent and skips zero actuals, reporting how many', () => {
  assert.equal(mape([100, 200], [110, 180]), 10);
  assert.equal(mape([-50], [-25]), 50);
  assert.deepEqual(mapeDetails([0, 100, 200], [5, 110, 180]), { value: 10, skipped: 1, counted: 2 });
  const allZero = mapeDetails([0, 0], [1, 2]);
  assert.ok(Number.isNaN(allZero.value));
  assert.equal(allZero.skipped, 2);
  assert.ok(Number.isNaN(mape([0], [1])));
});

test('length mismatch, empty input and non-numbers name the argument', () => {
  assert.throws(() => rmse([1, 2], [1]), /rmse: argument 'yPred' has 1 values; expected 2 like 'yTrue'/);
  assert.throws(() => mae([], []), /mae: argument 'yTrue' is empty; expected at least one value/);
  assert.throws(() => mse([1], []), /mse: argument 'yPred' is empty/);
  assert.throws(() => mape([1, NaN], [1, 2]), /mape: argument 'yTrue' expected finite numbers, got NaN at index 1/);
  assert.throws(() => mapeDetails([1], ['2'] as never), /mapeDetails: argument 'yPred' expected finite numbers, got "2" at index 0/);
  assert.throws(() => rmse(null as never, [1]), /rmse: argument 'yTrue' expected an array of numbers, got null/);
});
