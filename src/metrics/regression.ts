/**
 * Regression metrics, as Keras: mean squared error, mean absolute error and root mean
 * squared error. Per row the error is averaged over the last axis; samples are averaged over
 * the epoch. RMSE accumulates squared errors and takes the square root only of the epoch
 * mean (Keras's `RootMeanSquaredError`), never averaging per-batch roots.
 */
import type { Tensor } from '../tensor/tensor.js';
import { checkDenseTargets } from '../losses/arguments.js';
import { meanOfTotals, samplewiseTotals } from './samplewise.js';
import type { MetricDefinition, MetricTotals } from './types.js';

function rowErrors(where: string, yTrue: Tensor, yPred: Tensor, squared: boolean): { values: Float64Array; shape: number[] } {
  const c = checkDenseTargets(where, yTrue, yPred);
  const t = c.yTrue.data;
  const p = c.yPred.data;
  const values = new Float64Array(c.rows);
  for (let r = 0; r < c.rows; r++) {
    let sum = 0;
    for (let j = r * c.classes; j < (r + 1) * c.classes; j++) {
      const d = p[j]! - t[j]!;
      sum += squared ? d * d : Math.abs(d);
    }
    values[r] = sum / c.classes;
  }
  return { values, shape: c.yPred.shape.slice(0, -1) };
}

/**
 * Batch totals of the mean squared error.
 * @example metrics.meanSquaredErrorTotals(tensor([[0], [0]]), tensor([[1], [3]])) // { sum: 10, count: 2 }
 */
export function meanSquaredErrorTotals(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals {
  const where = 'meanSquaredError';
  const e = rowErrors(where, yTrue, yPred, true);
  return samplewiseTotals(where, e.values, e.shape, sampleWeight);
}

/**
 * Batch totals of the mean absolute error.
 * @example metrics.meanAbsoluteErrorTotals(tensor([[0], [0]]), tensor([[1], [-3]])) // { sum: 4, count: 2 }
 */
export function meanAbsoluteErrorTotals(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals {
  const where = 'meanAbsoluteError';
  const e = rowErrors(where, yTrue, yPred, false);
  return samplewiseTotals(where, e.values, e.shape, sampleWeight);
}

/**
 * Batch totals of the root mean squared error: the totals of the squared errors.
 * @example metrics.rootMeanSquaredErrorTotals(tensor([[0], [0]]), tensor([[1], [3]])) // { sum: 10, count: 2 }; RMSE sqrt(10 / 2)
 */
export function rootMeanSquaredErrorTotals(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals {
  const where = 'rootMeanSquaredError';
  const e = rowErrors(where, yTrue, yPred, true);
  return samplewiseTotals(where, e.values, e.shape, sampleWeight);
}

/** The RMSE of accumulated squared-error totals. */
export function rootOfMeanTotals(totals: MetricTotals): number {
  return Math.sqrt(meanOfTotals(totals));
}

/**
 * Mean squared error of one batch, as a number.
 * @example meanSquaredError(tensor([[0], [0]]), tensor([[1], [3]])) // 5
 */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): number {
  return meanOfTotals(meanSquaredErrorTotals(yTrue, yPred, sampleWeight));
}

/**
 * Mean absolute error of one batch, as a number.
 * @example meanAbsoluteError(tensor([[0], [0]]), tensor([[1], [-3]])) // 2
 */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): number {
  return meanOfTotals(meanAbsoluteErrorTotals(yTrue, yPred, sampleWeight));
}

/**
 * Root mean squared error of one batch, as a number.
 * @example rootMeanSquaredError(tensor([[0], [0]]), tensor([[1], [-1]])) // 1
 */
export function rootMeanSquaredError(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): number {
  return rootOfMeanTotals(rootMeanSquaredErrorTotals(yTrue, yPred, sampleWeight));
}

/** Short alias of `meanSquaredError`. */
export const mse = meanSquaredError;
/** Short alias of `meanAbsoluteError`. */
export const mae = meanAbsoluteError;
/** Short alias of `rootMeanSquaredError`. */
export const rmse = rootMeanSquaredError;

/** Mean squared error as a metric definition. */
export const meanSquaredErrorMetric: MetricDefinition = Object.freeze({
  kind: 'meanSquaredError',
  totals: meanSquaredErrorTotals,
  finalize: meanOfTotals,
});

/** Mean absolute error as a metric definition. */
export const meanAbsoluteErrorMetric: MetricDefinition = Object.freeze({
  kind: 'meanAbsoluteError',
  totals: meanAbsoluteErrorTotals,
  finalize: meanOfTotals,
});

/** Root mean squared error as a metric definition: squared errors accumulate, the root is taken at the end. */
export const rootMeanSquaredErrorMetric: MetricDefinition = Object.freeze({
  kind: 'rootMeanSquaredError',
  totals: rootMeanSquaredErrorTotals,
  finalize: rootOfMeanTotals,
});
