/**
 * Baselines a forecast must be compared with: repeating the last value, repeating the value
 * one season ago, and a linear regression on the window's lags. Each predicts, for every
 * window, the next `horizon` values of the target from the same inputs the LSTM sees.
 */
import { ValueError } from '../../tensor/errors.js';

/** Windows of the target alone: `inputs[k]` is the `window` values before target `k`. */
export interface TargetWindows {
  /** `[n][window]` past target values. */
  inputs: number[][];
  /** `[n][horizon]` future target values. */
  targets: number[][];
}

/** Predicts every future step as the last observed value. @example lastValueForecast({ inputs: [[1, 2]], targets: [[3]] }) // [[2]] */
export function lastValueForecast(windows: TargetWindows): number[][] {
  return windows.inputs.map((w, k) => windows.targets[k]!.map(() => w[w.length - 1]!));
}

/**
 * Predicts step `h` ahead as the value one season earlier (`period` steps before the target).
 * Needs `period <= window`; returns null when the window is shorter than a season.
 * @example seasonalNaiveForecast({ inputs: [[1, 2, 3, 4]], targets: [[5]] }, 2) // [[3]]
 */
export function seasonalNaiveForecast(windows: TargetWindows, period: number): number[][] | null {
  const window = windows.inputs[0]?.length ?? 0;
  if (!Number.isInteger(period) || period < 1) {
    throw new ValueError(`seasonalNaiveForecast: argument 'period' expected an integer >= 1, got ${period}`);
  }
  if (period > window) return null;
  return windows.inputs.map((w, k) =>
    windows.targets[k]!.map((_, h) => {
      // Target h sits at window + h; one season back is window + h - period, which may be a
      // step this window has not seen when h >= period: reuse the season repeatedly.
      let back = window + h - period;
      while (back >= window) back -= period;
      return w[back]!;
    }),
  );
}

/** Solves `a x = b` for a symmetric positive definite `a` (Cholesky), in place on copies. */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (sum <= 0) throw new ValueError('linearLagRegression: the lag matrix is singular even with the ridge term');
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
    y[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** A fitted linear model per horizon step: `y_h = bias_h + sum_j coef_h[j] * lag_j`. */
export interface LinearLagModel {
  coefficients: number[][];
  bias: number[];
  /** Centre and scale applied to every value before the regression (for conditioning). */
  centre: number;
  scale: number;
}

/**
 * Ordinary least squares on the lags with an intercept (and a tiny ridge term), one regression
 * per horizon step. Values are centred and scaled by the training mean and standard deviation
 * first, so levels like 400 ppm do not spoil the conditioning; the fit itself is unchanged.
 * @example const m = fitLinearLagRegression(trainWindows); predictLinearLag(m, testWindows)
 */
export function fitLinearLagRegression(windows: TargetWindows, ridge = 1e-8): LinearLagModel {
  const n = windows.inputs.length;
  if (n === 0) throw new ValueError("fitLinearLagRegression: argument 'windows' has no samples");
  const lags = windows.inputs[0]!.length;
  const horizon = windows.targets[0]!.length;
  let sum = 0;
  let sumSq = 0;
  for (const w of windows.inputs) for (const v of w) (sum += v), (sumSq += v * v);
  const count = n * lags;
  const centre = sum / count;
  const scale = Math.sqrt(Math.max(sumSq / count - centre * centre, 0)) || 1;
  const dim = lags + 1;
  const xtx = new Float64Array(dim * dim);
  const rows = windows.inputs.map((w) => {
    const row = new Float64Array(dim);
    for (let j = 0; j < lags; j++) row[j] = (w[j]! - centre) / scale;
    row[lags] = 1;
    return row;
  });
  for (const row of rows) for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) xtx[i * dim + j]! += row[i]! * row[j]!;
  for (let i = 0; i < lags; i++) xtx[i * dim + i]! += ridge * n;
  const coefficients: number[][] = [];
  const bias: number[] = [];
  for (let h = 0; h < horizon; h++) {
    const xty = new Float64Array(dim);
    rows.forEach((row, k) => {
      const target = (windows.targets[k]![h]! - centre) / scale;
      for (let j = 0; j < dim; j++) xty[j]! += row[j]! * target;
    });
    const solution = solveSpd(xtx, xty, dim);
    coefficients.push(Array.from(solution.subarray(0, lags)));
    bias.push(solution[lags]!);
  }
  return { coefficients, bias, centre, scale };
}

/** Predictions of a fitted lag regression. */
export function predictLinearLag(model: LinearLagModel, windows: TargetWindows): number[][] {
  const { centre, scale } = model;
  return windows.inputs.map((w) =>
    model.coefficients.map((coef, h) => {
      let sum = model.bias[h]!;
      for (let j = 0; j < coef.length; j++) sum += coef[j]! * ((w[j]! - centre) / scale);
      return centre + scale * sum;
    }),
  );
}
