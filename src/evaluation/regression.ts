/**
 * Regression errors for reports, on plain number arrays (actual values first).
 */
import { type Values, checkPair } from './arguments.js';

/**
 * Mean squared error.
 * @example mse([1, 2, 3], [1, 2, 5]) // 4 / 3
 */
export function mse(yTrue: Values, yPred: Values): number {
  const { yTrue: t, yPred: p } = checkPair('mse', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += (p[i]! - t[i]!) ** 2;
  return sum / t.length;
}

/**
 * Root mean squared error, in the units of the data.
 * @example rmse([0, 0], [3, 4]) // sqrt((9 + 16) / 2) ≈ 3.5355
 */
export function rmse(yTrue: Values, yPred: Values): number {
  const { yTrue: t, yPred: p } = checkPair('rmse', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += (p[i]! - t[i]!) ** 2;
  return Math.sqrt(sum / t.length);
}

/**
 * Mean absolute error.
 * @example mae([1, 2, 3], [2, 2, 1]) // 1
 */
export function mae(yTrue: Values, yPred: Values): number {
  const { yTrue: t, yPred: p } = checkPair('mae', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += Math.abs(p[i]! - t[i]!);
  return sum / t.length;
}

export interface MapeDetails {
  /** Mean absolute percentage error over the non-zero actuals, in percent; NaN if all are zero. */
  value: number;
  /** Pairs whose actual value is exactly 0, left out of the mean. */
  skipped: number;
  /** Pairs in the mean. */
  counted: number;
}

/**
 * MAPE with the count of skipped pairs. Pairs whose actual value is exactly zero have no
 * percentage error and are skipped (Keras instead divides by max(|actual|, 1e-7), which
 * turns each such pair into an error of order 1e9 %); if every actual is zero the value is NaN.
 * @example mapeDetails([0, 100, 200], [5, 110, 180]) // { value: 10, skipped: 1, counted: 2 }
 */
export function mapeDetails(yTrue: Values, yPred: Values): MapeDetails {
  return percentageErrors('mapeDetails', yTrue, yPred);
}

function percentageErrors(where: string, yTrue: Values, yPred: Values): MapeDetails {
  const { yTrue: t, yPred: p } = checkPair(where, yTrue, yPred);
  let sum = 0;
  let counted = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 0) continue;
    sum += Math.abs((p[i]! - t[i]!) / t[i]!);
    counted++;
  }
  return { value: counted === 0 ? NaN : (100 * sum) / counted, skipped: t.length - counted, counted };
}

/**
 * Mean absolute percentage error in percent (10 means 10 %), skipping zero actuals; see
 * `mapeDetails` for how many were skipped.
 * @example mape([100, 200], [110, 180]) // 10
 */
export function mape(yTrue: Values, yPred: Values): number {
  return percentageErrors('mape', yTrue, yPred).value;
}
