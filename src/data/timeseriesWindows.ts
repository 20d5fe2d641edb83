/**
 * Supervised windows from a time series: each sample is `window` consecutive steps (all
 * features) and its target the following `horizon` steps of the target columns.
 */
import { ValueError, assertInt, assertKnownOptions } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { describeValue } from './describe.js';

/**
 * Options of {@link timeseriesWindows}; only `window` is required.
 * @example timeseriesWindows(rows, { window: 24, horizon: 6, targetColumns: [0] } satisfies TimeseriesWindowsOptions)
 */
export interface TimeseriesWindowsOptions {
  /** Past steps in each input sample. */
  window: number;
  /** Future steps predicted per sample (default 1). */
  horizon?: number;
  /** Steps between the starts of consecutive windows (default 1). */
  stride?: number;
  /** Columns predicted (default: every column; a univariate series has just column 0). */
  targetColumns?: number[];
}

/**
 * Inputs and targets ready for `model.fit`, with where each target sits in the series.
 * @example
 * const { x, y } = timeseriesWindows(values, { window: 12 });
 * await model.fit(x, y, { epochs: 20 });
 */
export interface TimeseriesWindows {
  /** `[n, window, features]` inputs. */
  x: Tensor;
  /**
   * `[n, horizon * targets]` targets, step-major: entry `h * targets + j` is column
   * `targetColumns[j]` at `h` steps after the window.
   */
  y: Tensor;
  /** For each sample, the index in the series of its first target step (window start + window). */
  targetIndex: number[];
}

/**
 * Cuts `series` (`number[]` for one feature, or rows × features) into overlapping windows.
 * The number of samples is `floor((length - window - horizon) / stride) + 1`.
 * @example
 * const { x, y, targetIndex } = timeseriesWindows([1, 2, 3, 4, 5], { window: 2 });
 * x.shape;       // [3, 2, 1]
 * y.toArray();   // [[3], [4], [5]]
 * targetIndex;   // [2, 3, 4]
 */
export function timeseriesWindows(
  series: readonly number[] | readonly (readonly number[])[],
  options: TimeseriesWindowsOptions,
): TimeseriesWindows {
  const where = 'timeseriesWindows';
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(`${where}: argument 'options' expected an object with 'window', got ${describeValue(options)}`);
  }
  assertKnownOptions(where, options, ['window', 'horizon', 'stride', 'targetColumns']);
  const { window, horizon = 1, stride = 1 } = options;
  assertInt(where, 'window', window, 1);
  assertInt(where, 'horizon', horizon, 1);
  assertInt(where, 'stride', stride, 1);
  const rows = toRows(where, series);
  const length = rows.length;
  const features = rows[0]?.length ?? 0;
  const targets = options.targetColumns ?? Array.from({ length: features }, (_, j) => j);
  if (!Array.isArray(targets) || targets.length === 0) {
    throw new ValueError(`${where}: option 'targetColumns' expected a non-empty array of column indices, got ${describeValue(targets)}`);
  }
  targets.forEach((c, j) => assertInt(where, `targetColumns[${j}]`, c, 0, Math.max(features - 1, 0)));
  if (length < window + horizon) {
    throw new ValueError(
      `${where}: argument 'series' has ${length} steps; expected at least window + horizon = ${window} + ${horizon} = ${window + horizon}`,
    );
  }
  const n = Math.floor((length - window - horizon) / stride) + 1;
  const x = new Float32Array(n * window * features);
  const y = new Float32Array(n * horizon * targets.length);
  const targetIndex: number[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const s = k * stride;
    for (let t = 0; t < window; t++) {
      const row = rows[s + t]!;
      for (let f = 0; f < features; f++) x[(k * window + t) * features + f] = row[f]!;
    }
    for (let h = 0; h < horizon; h++) {
      const row = rows[s + window + h]!;
      targets.forEach((c, j) => (y[(k * horizon + h) * targets.length + j] = row[c]!));
    }
    targetIndex[k] = s + window;
  }
  return {
    x: new Tensor(x, [n, window, features]),
    y: new Tensor(y, [n, horizon * targets.length]),
    targetIndex,
  };
}

/** Checks the series and returns it as rows × features. */
function toRows(where: string, series: unknown): (readonly number[])[] {
  if (!Array.isArray(series)) {
    throw new ValueError(`${where}: argument 'series' expected number[] or number[][], got ${series === null ? 'null' : typeof series}`);
  }
  if (series.length === 0) {
    throw new ValueError(`${where}: argument 'series' is empty; expected at least window + horizon steps`);
  }
  if (!Array.isArray(series[0])) {
    return series.map((v: unknown, t) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValueError(`${where}: argument 'series' expected finite numbers, got ${describeValue(v)} at step ${t}`);
      }
      return [v];
    });
  }
  const features = (series[0] as unknown[]).length;
  if (features === 0) throw new ValueError(`${where}: argument 'series' rows have no features; expected at least 1 column`);
  return series.map((row: unknown, t) => {
    if (!Array.isArray(row) || row.length !== features) {
      throw new ValueError(
        `${where}: argument 'series' expected ${features} features per step like step 0, got ${
          Array.isArray(row) ? `${row.length}` : describeValue(row)
        } at step ${t}`,
      );
    }
    row.forEach((v: unknown, f) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValueError(`${where}: argument 'series' expected finite numbers, got ${describeValue(v)} at step ${t}, column ${f}`);
      }
    });
    return row as number[];
  });
}
