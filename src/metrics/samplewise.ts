/**
 * Keras's `reduce_to_samplewise_values` followed by `Mean.update_state`: per-row values
 * (shape `yPred.shape[:-1]`) are averaged down to the sample weight's shape, weighted, then
 * averaged to one value per sample; the batch adds the sum of those and the total per-sample
 * weight. Without weights every sample weighs 1, so with sequence outputs each sample counts
 * once whatever its length, exactly as in Keras.
 */
import { resolveSampleWeight } from '../losses/sampleWeight.js';
import type { MetricTotals } from './types.js';

/**
 * Totals for row values `values` laid out in `valueShape` (the per-sample shape, e.g.
 * `[B]` or `[B, T]`) and an optional sample weight checked against it.
 * @example metrics.samplewiseTotals('myMetric', [1, 3], [2], tensor([1, 3])) // { sum: 10, count: 4 }
 */
export function samplewiseTotals(
  where: string,
  values: ArrayLike<number>,
  valueShape: readonly number[],
  sampleWeight: unknown,
): MetricTotals {
  const rows = values.length;
  const resolved = resolveSampleWeight(where, sampleWeight, [...valueShape, 1]);
  let weights: ArrayLike<number>;
  let cellsPerSample: number;
  let rowsPerCell: number;
  if (resolved) {
    weights = resolved.values;
    cellsPerSample = resolved.shape.length === 0 ? 1 : weights.length / resolved.shape[0]!;
    rowsPerCell = resolved.rowsPerWeight;
  } else if (valueShape.length === 0) {
    // One value for the whole batch counts as one sample.
    weights = [1];
    cellsPerSample = 1;
    rowsPerCell = rows;
  } else {
    const batch = valueShape[0]!;
    weights = new Float64Array(batch).fill(1);
    cellsPerSample = 1;
    rowsPerCell = batch === 0 ? 0 : rows / batch;
  }
  let sum = 0;
  let count = 0;
  for (let c = 0; c < weights.length; c++) {
    const w = weights[c]!;
    count += w;
    if (w === 0 || rowsPerCell === 0) continue;
    let cell = 0;
    for (let r = c * rowsPerCell; r < (c + 1) * rowsPerCell; r++) cell += values[r]!;
    sum += (w * cell) / rowsPerCell;
  }
  return { sum: sum / cellsPerSample, count: count / cellsPerSample };
}

/**
 * The ratio of accumulated totals, 0 when nothing was counted (Keras's divide_no_nan).
 * @example metrics.meanOfTotals({ sum: 3, count: 4 }) // 0.75; with count 0 it is 0
 */
export function meanOfTotals(totals: MetricTotals): number {
  return totals.count === 0 ? 0 : totals.sum / totals.count;
}
