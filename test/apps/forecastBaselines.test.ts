/** Forecast baselines against hand-worked values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitLinearLagRegression,
  lastValueForecast,
  predictLinearLag,
  seasonalNaiveForecast,
} from '../../src/apps/forecast/baselines.js';

const windows = { inputs: [[1, 2, 3, 4], [2, 3, 4, 5]], targets: [[5, 6], [6, 7]] };

test('last value repeats the last input for every horizon step', () => {
  assert.deepEqual(lastValueForecast(windows), [[4, 4], [5, 5]]);
});

test('seasonal naive looks one period back, wrapping for long horizons', () => {
  assert.deepEqual(seasonalNaiveForecast(windows, 2), [[3, 4], [4, 5]]);
  assert.deepEqual(seasonalNaiveForecast(windows, 1), [[4, 4], [5, 5]]);
  assert.equal(seasonalNaiveForecast(windows, 5), null);
  assert.throws(() => seasonalNaiveForecast(windows, 0), /argument 'period' expected an integer >= 1, got 0/);
});

test('linear lag regression recovers an exact linear recurrence', () => {
  // y_t = 0.5 y_{t-1} + 0.3 y_{t-2} + 2 (+ a trend-free start); fit on windows of 2 lags.
  const series = [1, 3];
  // A little deterministic forcing keeps the lags from collapsing onto the fixed point.
  for (let t = 2; t < 60; t++) series.push(0.5 * series[t - 1]! + 0.3 * series[t - 2]! + 2 + (t % 3 === 0 ? 1 : 0));
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let t = 2; t < series.length; t++) {
    inputs.push([series[t - 2]!, series[t - 1]!]);
    targets.push([series[t]! - (t % 3 === 0 ? 1 : 0)]);
  }
  const model = fitLinearLagRegression({ inputs, targets });
  const predicted = predictLinearLag(model, { inputs, targets });
  predicted.forEach((p, k) => assert.ok(Math.abs(p[0]! - targets[k]![0]!) < 1e-6, `${p[0]} vs ${targets[k]![0]}`));
});

test('linear lag regression extrapolates a straight trend exactly', () => {
  const inputs = Array.from({ length: 20 }, (_, k) => [k, k + 1, k + 2]);
  const targets = inputs.map((w) => [w[2]! + 1, w[2]! + 2]);
  const model = fitLinearLagRegression({ inputs, targets });
  const out = predictLinearLag(model, { inputs: [[100, 101, 102]], targets: [[0, 0]] });
  assert.ok(Math.abs(out[0]![0]! - 103) < 1e-4 && Math.abs(out[0]![1]! - 104) < 1e-4, JSON.stringify(out));
  assert.throws(() => fitLinearLagRegression({ inputs: [], targets: [] }), /argument 'windows' has no samples/);
});
