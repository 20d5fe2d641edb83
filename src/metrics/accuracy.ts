/**
 * Accuracy metrics, as Keras: binary (prediction > threshold equals the target),
 * categorical (argmax of prediction equals argmax of the one-hot target) and sparse
 * categorical (argmax of prediction equals the class index). Ties in argmax go to the first
 * index, as in TensorFlow. Values are 1/0 per entry, averaged per sample, then over samples.
 */
import type { FloatArray, Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { checkDenseTargets, checkOptions, checkSparseTargets, formatValue } from '../losses/arguments.js';
import { meanOfTotals, samplewiseTotals } from './samplewise.js';
import type { MetricDefinition, MetricTotals } from './types.js';

function argmax(data: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  let bestValue = data[offset]!;
  for (let j = 1; j < n; j++) {
    const v = data[offset + j]!;
    if (v > bestValue || (Number.isNaN(bestValue) && !Number.isNaN(v))) {
      best = j;
      bestValue = v;
    }
  }
  return best;
}

function readThreshold(where: string, options: unknown): number {
  const o = checkOptions(where, options, ['threshold']);
  const t = o.threshold;
  if (t === undefined) return 0.5;
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new ValueError(`${where}: option 'threshold' expected a finite number, got ${formatValue(t)}`);
  }
  return t;
}

/**
 * Batch totals of binary accuracy: an entry is right when `(yPred > threshold) == yTrue`
 * (targets must be exactly 0 or 1 to count as right).
 * @example metrics.binaryAccuracyTotals(tensor([[1], [0], [1]]), tensor([[0.9], [0.6], [0.2]])) // { sum: 1, count: 3 }
 */
export function binaryAccuracyTotals(
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight?: Tensor | null,
  options?: { threshold?: number },
): MetricTotals {
  const where = 'binaryAccuracy';
  const threshold = readThreshold(where, options);
  const c = checkDenseTargets(where, yTrue, yPred);
  const t: FloatArray = c.yTrue.data;
  const p: FloatArray = c.yPred.data;
  const values = new Float64Array(c.rows);
  for (let r = 0; r < c.rows; r++) {
    let right = 0;
    for (let j = r * c.classes; j < (r + 1) * c.classes; j++) {
      if ((p[j]! > threshold ? 1 : 0) === t[j]) right++;
    }
    values[r] = right / c.classes;
  }
  return samplewiseTotals(where, values, c.yPred.shape.slice(0, -1), sampleWeight);
}

/**
 * Binary accuracy of one batch (threshold 0.5 unless given).
 * @example binaryAccuracy(tensor([[1], [0]]), tensor([[0.7], [0.6]])) // 0.5
 */
export function binaryAccuracy(
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight?: Tensor | null,
  options?: { threshold?: number },
): number {
  return meanOfTotals(binaryAccuracyTotals(yTrue, yPred, sampleWeight, options));
}

/**
 * Batch totals of categorical accuracy: argmax(yPred) == argmax(yTrue) per row.
 * @example metrics.categoricalAccuracyTotals(tensor([[0, 1], [1, 0]]), tensor([[0.2, 0.8], [0.3, 0.7]])) // { sum: 1, count: 2 }
 */
export function categoricalAccuracyTotals(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals {
  const where = 'categoricalAccuracy';
  const c = checkDenseTargets(where, yTrue, yPred);
  const values = new Float64Array(c.rows);
  for (let r = 0; r < c.rows; r++) {
    const off = r * c.classes;
    values[r] = argmax(c.yTrue.data, off, c.classes) === argmax(c.yPred.data, off, c.classes) ? 1 : 0;
  }
  return samplewiseTotals(where, values, c.yPred.shape.slice(0, -1), sampleWeight);
}

/**
 * Categorical accuracy of one batch (one-hot targets).
 * @example categoricalAccuracy(tensor([[0, 1], [1, 0]]), tensor([[0.2, 0.8], [0.3, 0.7]])) // 0.5
 */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): number {
  return meanOfTotals(categoricalAccuracyTotals(yTrue, yPred, sampleWeight));
}

/**
 * Batch totals of sparse categorical accuracy: argmax(yPred) == class index per row.
 * @example metrics.sparseCategoricalAccuracyTotals(tensor([1, 0]), tensor([[0.2, 0.8], [0.3, 0.7]])) // { sum: 1, count: 2 }
 */
export function sparseCategoricalAccuracyTotals(
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight?: Tensor | null,
): MetricTotals {
  const where = 'sparseCategoricalAccuracy';
  const c = checkSparseTargets(where, yTrue, yPred);
  const values = new Float64Array(c.rows);
  for (let r = 0; r < c.rows; r++) {
    values[r] = argmax(c.yPred.data, r * c.classes, c.classes) === c.labels[r] ? 1 : 0;
  }
  return samplewiseTotals(where, values, c.yPred.shape.slice(0, -1), sampleWeight);
}

/**
 * Sparse categorical accuracy of one batch (integer class indices).
 * @example sparseCategoricalAccuracy(tensor([1, 0]), tensor([[0.2, 0.8], [0.3, 0.7]])) // 0.5
 */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): number {
  return meanOfTotals(sparseCategoricalAccuracyTotals(yTrue, yPred, sampleWeight));
}

/** Binary accuracy as a metric definition (threshold 0.5). */
export const binaryAccuracyMetric: MetricDefinition = Object.freeze({
  kind: 'binaryAccuracy',
  totals: (t: Tensor, p: Tensor, w?: Tensor | null) => binaryAccuracyTotals(t, p, w),
  finalize: meanOfTotals,
});

/** Categorical accuracy as a metric definition. */
export const categoricalAccuracyMetric: MetricDefinition = Object.freeze({
  kind: 'categoricalAccuracy',
  totals: categoricalAccuracyTotals,
  finalize: meanOfTotals,
});

/** Sparse categorical accuracy as a metric definition. */
export const sparseCategoricalAccuracyMetric: MetricDefinition = Object.freeze({
  kind: 'sparseCategoricalAccuracy',
  totals: sparseCategoricalAccuracyTotals,
  finalize: meanOfTotals,
});
