/**
 * What `lstm forecast` writes: an SVG of actual vs predicted with the train/validation/test
 * boundaries, an SVG of the loss curves, a standalone HTML report, and a text summary.
 */
import { htmlReport, lineChartSvg, lossChartSvg } from '../../viz/index.js';
import type { ForecastResult, ForecastScores, ForecastSeries } from './forecast.js';

const METHOD_NAMES: Record<ForecastResult['winner'], string> = {
  lstm: 'LSTM',
  lastValue: 'last value (naive)',
  seasonalNaive: 'seasonal naive',
  linear: 'linear regression on the lags',
};

/** Rows `[method, rmse, mae, mape]` for the test tail. */
export function scoreRows(result: ForecastResult): (string | number)[][] {
  const row = (key: ForecastResult['winner'], s: ForecastScores | null) =>
    s ? [METHOD_NAMES[key] + (key === 'seasonalNaive' ? ` (period ${result.seasonPeriod})` : ''), s.rmse, s.mae, s.mape] : null;
  return [
    row('lstm', result.test.lstm),
    row('lastValue', result.test.lastValue),
    row('seasonalNaive', result.test.seasonalNaive),
    row('linear', result.test.linear),
  ].filter((r): r is (string | number)[] => r !== null);
}

/** A short honest verdict: who won on the test tail and by how much. */
export function verdict(result: ForecastResult): string {
  const lstm = result.test.lstm.rmse;
  const naive = Math.min(result.test.lastValue.rmse, result.test.seasonalNaive?.rmse ?? Infinity);
  const beatsNaive = lstm < naive;
  const linear = result.test.linear.rmse;
  const best = `Best on the test tail: ${METHOD_NAMES[result.winner]}.`;
  // "does NOT beat (0.00 vs 0.00)" would blame the LSTM for a tail that is a copy of the past.
  if (naive === 0) {
    return `${best} A naive baseline is exact on the test tail (RMSE 0): the tail repeats the past, so there is nothing for the LSTM to beat (its RMSE ${lstm.toPrecision(3)}).`;
  }
  return [
    best,
    beatsNaive
      ? `The LSTM beats the naive baselines (RMSE ${lstm.toPrecision(3)} vs ${naive.toPrecision(3)}).`
      : `The LSTM does NOT beat the best naive baseline (RMSE ${lstm.toPrecision(3)} vs ${naive.toPrecision(3)}).`,
    lstm <= linear
      ? `It also beats the linear regression on the lags (${linear.toPrecision(3)}).`
      : `The linear regression on the lags is better (${linear.toPrecision(3)} vs ${lstm.toPrecision(3)}).`,
  ].join(' ');
}

/** The text summary printed by the command. */
export function forecastSummary(result: ForecastResult, series: ForecastSeries, source: string, missing: Record<string, number>): string {
  const rows = scoreRows(result);
  const fmt = (v: string | number) => (typeof v === 'number' ? v.toFixed(3) : v);
  const width = rows.reduce((w, r) => Math.max(w, String(r[0]).length), 6);
  const lines = [
    `Data: ${source}; target '${series.names[0]}'${series.names.length > 1 ? `, features ${series.names.slice(1).join(', ')}` : ''}; ${series.dates.length} steps (${series.dates[0]} to ${series.dates.at(-1)})`,
    `Missing values filled by interpolation: ${Object.entries(missing).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `Windows: train ${result.samples.train}, validation ${result.samples.validation}, test ${result.samples.test}`,
    `Trend handling chosen on validation: ${result.mode} (validation RMSE ${Object.entries(result.validationRmse).map(([k, v]) => `${k} ${v!.toFixed(3)}`).join(', ')})`,
    '',
    `Test tail (${result.samples.test} windows)`,
    `  ${'method'.padEnd(width)}  ${'RMSE'.padStart(9)}  ${'MAE'.padStart(9)}  ${'MAPE %'.padStart(9)}`,
    ...rows.map((r) => `  ${String(r[0]).padEnd(width)}  ${fmt(r[1]!).padStart(9)}  ${fmt(r[2]!).padStart(9)}  ${fmt(r[3]!).padStart(9)}`),
    '',
    verdict(result),
  ];
  return lines.join('\n');
}

/** The chart of actual vs predicted (first horizon step) with the split boundaries. */
export async function forecastChartSvg(result: ForecastResult, series: ForecastSeries): Promise<string> {
  const dates = series.dates;
  const temporal = dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  const x = temporal ? dates : dates.map((_, i) => i);
  const predicted: (number | null)[] = dates.map(() => null);
  result.validationIndex.forEach((t, k) => (predicted[t] = result.validationPredictions[k]![0]!));
  result.testIndex.forEach((t, k) => (predicted[t] = result.testPredictions[k]![0]!));
  return lineChartSvg({
    title: `${series.names[0]}: actual vs LSTM (${result.mode} mode)`,
    xTitle: temporal ? 'date' : 'step',
    yTitle: series.names[0]!,
    xType: temporal ? 'temporal' : 'quantitative',
    series: [
      { name: 'actual', x, y: series.values[0]! },
      { name: 'LSTM', x, y: predicted },
    ],
    rules: [
      { x: x[result.trainEnd]!, label: 'validation' },
      { x: x[result.validationEnd]!, label: 'test' },
    ],
    width: 760,
  });
}

/** All files of a forecast run, as name → content. */
export async function forecastFiles(
  result: ForecastResult,
  series: ForecastSeries,
  source: string,
  missing: Record<string, number>,
  settings: Record<string, unknown>,
): Promise<Record<string, string>> {
  const chart = await forecastChartSvg(result, series);
  const loss = await lossChartSvg(result.history, { title: 'Training and validation loss (scaled MSE)' });
  const html = htmlReport({
    title: `lstm forecast: ${series.names[0]}`,
    subtitle: source,
    sections: [
      { heading: 'Verdict', text: verdict(result) },
      { heading: 'Actual vs predicted', svg: chart },
      { heading: 'Test scores', table: { columns: ['method', 'RMSE', 'MAE', 'MAPE %'], rows: scoreRows(result) } },
      { heading: 'Loss', svg: loss },
      { heading: 'Summary', pre: forecastSummary(result, series, source, missing) },
      { heading: 'Settings', pre: JSON.stringify(settings, null, 2) },
    ],
  });
  return { 'forecast.svg': chart, 'loss.svg': loss, 'report.html': html };
}
