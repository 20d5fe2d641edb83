/**
 * Degenerate forecasts (issue 11): a constant target is refused with the reason, and a test
 * tail that a naive baseline predicts exactly gets a verdict that says so instead of
 * "does NOT beat the best naive baseline (RMSE 0.00 vs 0.00)".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecast, type ForecastResult } from '../../src/apps/forecast/forecast.js';
import { verdict } from '../../src/apps/forecast/report.js';

test('forecast refuses a constant target before training', async () => {
  const n = 60;
  const series = { dates: Array.from({ length: n }, (_, i) => String(i)), values: [new Array<number>(n).fill(5)], names: ['v'] };
  await assert.rejects(forecast({ series, window: 4, epochs: 1, units: 2 }), /forecast: target 'v' is constant \(5\) over all 60 steps: every baseline is exact and there is nothing to learn/);
});

test('the verdict says when a naive baseline is exact on the test tail', () => {
  const s = (rmse: number) => ({ rmse, mae: rmse, mape: rmse });
  const result = { test: { lstm: s(0.01), lastValue: s(0), seasonalNaive: null, linear: s(0) }, winner: 'lastValue' } as unknown as ForecastResult;
  const text = verdict(result);
  assert.doesNotMatch(text, /does NOT beat/);
  assert.match(text, /exact on the test tail/);
  const tie = { test: { lstm: s(0), lastValue: s(0), seasonalNaive: null, linear: s(0) }, winner: 'lstm' } as unknown as ForecastResult;
  assert.match(verdict(tie), /exact on the test tail/);
});
