/**
 * What `lstm forecast` writes: an SVG of actual vs predicted with the train/validation/test
 * boundaries, an SVG of the loss curves, a standalone HTML report, and a text summary. With
 * several targets: one chart, one score table and one verdict per target.
 */
import { htmlReport, lineChartSvg, lossChartSvg } from '../../viz/index.js';
import type { LayersModel } from '../../models/layersModel.js';
import type { ForecastMethod, ForecastResult, ForecastScores, ForecastSeries } from './forecast.js';
import type { ForecastLoss } from './targets.js';

/** A forecast run's result with whichever model it trained. */
type AnyForecastResult = ForecastResult<LayersModel>;

/**
 * What the score table and the verdict read: one target's test scores and winner.
 * @example const scored: ScoredForecast = { ...result.targets[1]!, seasonPeriod: result.seasonPeriod };
 */
export type ScoredForecast = Pick<AnyForecastResult, 'test' | 'winner' | 'seasonPeriod'>;

const METHOD_NAMES: Record<ForecastMethod, string> = {
  lstm: 'LSTM',
  lastValue: 'last value (naive)',
  seasonalNaive: 'seasonal naive',
  linear: 'linear regression on the lags',
};

const LOSS_SHORT: Record<ForecastLoss, string> = { meanSquaredError: 'MSE', meanAbsoluteError: 'MAE', huber: 'Huber' };

/** Target `k` of a result seen as a scored forecast of its own. */
function scoredTarget(result: AnyForecastResult, k: number): ScoredForecast {
  const t = result.targets[k]!;
  return { test: t.test, winner: t.winner, seasonPeriod: result.seasonPeriod };
}

/** Rows `[method, rmse, mae, mape]` for the test tail. @example scoreRows(result)[0] // ['LSTM', 2.74, 2.16, 17.5] */
export function scoreRows(result: ScoredForecast): (string | number)[][] {
  const row = (key: ForecastMethod, s: ForecastScores | null) =>
    s ? [METHOD_NAMES[key] + (key === 'seasonalNaive' ? ` (period ${result.seasonPeriod})` : ''), s.rmse, s.mae, s.mape] : null;
  return [
    row('lstm', result.test.lstm),
    row('lastValue', result.test.lastValue),
    row('seasonalNaive', result.test.seasonalNaive),
    row('linear', result.test.linear),
  ].filter((r): r is (string | number)[] => r !== null);
}

/** A short honest verdict: who won on the test tail and by how much. @example verdict(result) // 'Best on the test tail: LSTM. ...' */
export function verdict(result: ScoredForecast): string {
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

/** The test table of one scored target, as lines. */
function scoreTableLines(scored: ScoredForecast, heading: string): string[] {
  const rows = scoreRows(scored);
  const fmt = (v: string | number) => (typeof v === 'number' ? v.toFixed(3) : v);
  const width = rows.reduce((w, r) => Math.max(w, String(r[0]).length), 6);
  return [
    heading,
    `  ${'method'.padEnd(width)}  ${'RMSE'.padStart(9)}  ${'MAE'.padStart(9)}  ${'MAPE %'.padStart(9)}`,
    ...rows.map((r) => `  ${String(r[0]).padEnd(width)}  ${fmt(r[1]!).padStart(9)}  ${fmt(r[2]!).padStart(9)}  ${fmt(r[3]!).padStart(9)}`),
  ];
}

/** `absolute 0.123, relative 0.456` */
function perMode(values: Partial<Record<string, number>>): string {
  return Object.entries(values).map(([k, v]) => `${k} ${v!.toFixed(3)}`).join(', ');
}

/**
 * The text summary printed by the command.
 * @example console.log(forecastSummary(result, loaded.series, loaded.source, loaded.missing))
 */
export function forecastSummary(result: AnyForecastResult, series: ForecastSeries, source: string, missing: Record<string, number>): string {
  const targets = result.targets;
  const targetNames = targets.map((t) => t.name);
  const features = series.names.filter((name) => !targetNames.includes(name));
  const span = `${series.dates.length} steps (${series.dates[0]} to ${series.dates.at(-1)})`;
  const common = [
    `Missing values filled by interpolation: ${Object.entries(missing).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `Windows: train ${result.samples.train}, validation ${result.samples.validation}, test ${result.samples.test}`,
  ];
  if (targets.length <= 1) {
    return [
      `Data: ${source}; target '${targetNames[0]}'${features.length > 0 ? `, features ${features.join(', ')}` : ''}; ${span}`,
      ...common,
      `Trend handling chosen on validation: ${result.mode} (validation RMSE ${perMode(result.validationRmse)})`,
      '',
      ...scoreTableLines(result, `Test tail (${result.samples.test} windows)`),
      '',
      verdict(result),
    ].join('\n');
  }
  return [
    `Data: ${source}; targets ${targetNames.map((t) => `'${t}'`).join(', ')} (one output head each)${features.length > 0 ? `, features ${features.join(', ')}` : ''}; ${span}`,
    ...common,
    `Heads: ${targets.map((t) => `${t.name} (${t.loss}, weight ${t.lossWeight})`).join(', ')}`,
    `Trend handling chosen on validation: ${result.mode} (validation RMSE / training range, weighted mean over targets: ${perMode(result.selectionScore ?? {})})`,
    ...targets.flatMap((t, k) => [
      '',
      `${t.name}: validation RMSE ${perMode(t.validationRmse)}`,
      ...scoreTableLines(scoredTarget(result, k), `Test tail, ${t.name} (${result.samples.test} windows)`),
      `${t.name}: ${verdict(scoredTarget(result, k))}`,
    ]),
  ].join('\n');
}

/**
 * The chart of actual vs predicted (first horizon step) with the split boundaries, for target
 * `target` (an index into `result.targets`; default the first).
 * @example const svg = await forecastChartSvg(result, series, 1);
 */
export async function forecastChartSvg(result: AnyForecastResult, series: ForecastSeries, target = 0): Promise<string> {
  const t = result.targets[target]!;
  const column = series.names.indexOf(t.name);
  const dates = series.dates;
  const temporal = dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  const x = temporal ? dates : dates.map((_, i) => i);
  const predicted: (number | null)[] = dates.map(() => null);
  result.validationIndex.forEach((i, k) => (predicted[i] = t.validationPredictions[k]![0]!));
  result.testIndex.forEach((i, k) => (predicted[i] = t.testPredictions[k]![0]!));
  return lineChartSvg({
    title: `${t.name}: actual vs LSTM (${result.mode} mode)`,
    xTitle: temporal ? 'date' : 'step',
    yTitle: t.name,
    xType: temporal ? 'temporal' : 'quantitative',
    series: [
      { name: 'actual', x, y: series.values[column]! },
      { name: 'LSTM', x, y: predicted },
    ],
    rules: [
      { x: x[result.trainEnd]!, label: 'validation' },
      { x: x[result.validationEnd]!, label: 'test' },
    ],
    width: 760,
  });
}

/**
 * The chart file of each target: `forecast.svg` for one target, `forecast-<column>.svg` for
 * several (characters a file name should not hold become '_'; a clash gets a number).
 * @example chartFileNames(['temp_max', 'precipitation']) // ['forecast-temp_max.svg', 'forecast-precipitation.svg']
 */
export function chartFileNames(targets: readonly string[]): string[] {
  if (targets.length <= 1) return ['forecast.svg'];
  const used = new Set<string>();
  return targets.map((name) => {
    const base = `forecast-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    let file = `${base}.svg`;
    for (let k = 2; used.has(file.toLowerCase()); k++) file = `${base}-${k}.svg`;
    used.add(file.toLowerCase());
    return file;
  });
}

/**
 * All files of a forecast run, as name → content.
 * @example for (const [name, text] of Object.entries(await forecastFiles(result, series, source, missing, settings))) writeFileSync(name, text);
 */
export async function forecastFiles(
  result: AnyForecastResult,
  series: ForecastSeries,
  source: string,
  missing: Record<string, number>,
  settings: Record<string, unknown>,
): Promise<Record<string, string>> {
  if (result.targets.length > 1) return multiTargetFiles(result, series, source, missing, settings);
  const chart = await forecastChartSvg(result, series);
  const loss = await lossChartSvg(result.history, { title: `Training and validation loss (scaled ${LOSS_SHORT[result.targets[0]!.loss]})` });
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

/** The files of a run with several targets: a chart, a table and a verdict per target. */
async function multiTargetFiles(
  result: AnyForecastResult,
  series: ForecastSeries,
  source: string,
  missing: Record<string, number>,
  settings: Record<string, unknown>,
): Promise<Record<string, string>> {
  const names = result.targets.map((t) => t.name);
  const files = chartFileNames(names);
  const charts = await Promise.all(result.targets.map((_, k) => forecastChartSvg(result, series, k)));
  const loss = await lossChartSvg(result.history, { title: 'Training and validation loss (scaled; total and per target)' });
  const html = htmlReport({
    title: `lstm forecast: ${names.join(', ')}`,
    subtitle: source,
    sections: [
      { heading: 'Verdict', text: result.targets.map((t, k) => `${t.name}: ${verdict(scoredTarget(result, k))}`).join(' ') },
      ...result.targets.flatMap((t, k) => [
        { heading: `Actual vs predicted: ${t.name}`, svg: charts[k]! },
        { heading: `Test scores: ${t.name}`, table: { columns: ['method', 'RMSE', 'MAE', 'MAPE %'], rows: scoreRows(scoredTarget(result, k)) } },
      ]),
      { heading: 'Loss', svg: loss },
      { heading: 'Summary', pre: forecastSummary(result, series, source, missing) },
      { heading: 'Settings', pre: JSON.stringify(settings, null, 2) },
    ],
  });
  return { ...Object.fromEntries(files.map((f, k) => [f, charts[k]!])), 'loss.svg': loss, 'report.html': html };
}
