/**
 * Metrics are accumulated over an epoch as Keras's stateful `Mean` does: each batch adds a
 * weighted sum of per-sample values and the total sample weight, and the epoch value is
 * derived from the two totals (their ratio; its square root for RMSE). Confusion-count
 * metrics (precision, recall: true positives over a count; AUC: per-threshold counts in
 * `counts`) are streamed the same way, so the epoch value is computed from the epoch's
 * counts, never a mean of batch values.
 */
import type { Tensor } from '../tensor/tensor.js';

/** What one batch adds to a metric: the weighted sum of per-sample values and the weight. */
export interface MetricTotals {
  /** Weighted sum of the per-sample values (for precision/recall: the true positives). */
  sum: number;
  /** Total sample weight: the denominator of the mean (for precision/recall: predicted or actual positives). */
  count: number;
  /**
   * Extra running counts added element-wise batch after batch (AUC's true/false
   * positives/negatives at each threshold); absent for metrics that need only the two sums.
   */
  counts?: Float64Array;
}

/** Computes a batch's totals. */
export type MetricTotalsFn = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null) => MetricTotals;

/** The canonical names of the built-in metrics. */
export type MetricKind =
  | 'binaryAccuracy'
  | 'categoricalAccuracy'
  | 'sparseCategoricalAccuracy'
  | 'meanSquaredError'
  | 'meanAbsoluteError'
  | 'rootMeanSquaredError'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'precision'
  | 'recall'
  | 'auc';

/** A metric: how a batch contributes and how the totals become the reported value. */
export interface MetricDefinition {
  /** The built-in metric's canonical name, or 'custom'. */
  readonly kind: MetricKind | 'custom';
  /** One batch's contribution; the accumulator adds these up over the epoch. */
  readonly totals: MetricTotalsFn;
  /** The value reported for accumulated totals (0 when nothing was seen, as Keras). */
  readonly finalize: (totals: MetricTotals) => number;
}

/** A metric as compiled into a model: its History key (exactly what the user passed) and definition. */
export interface ResolvedMetric extends MetricDefinition {
  /** The History and logs key, e.g. 'accuracy' or 'val_accuracy' for validation. */
  readonly name: string;
}

/** A user metric: per-sample values (a Tensor whose first axis is the batch) or one number per batch. */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor | number;

/**
 * What `compile({ metrics })` takes: a name ('accuracy', 'precision', 'auc', ...), a metric
 * function, or a metric object such as `metrics.auc({ curve: 'PR' })` (any object with a
 * `name`, `totals` and `finalize`).
 */
export type MetricIdentifier = string | MetricFn | MetricObject;

/** A metric object for `compile({ metrics })`: a `ResolvedMetric` whose `kind` may be left out ('custom'). */
export interface MetricObject {
  /** The History key. */
  readonly name: string;
  /** A built-in kind, or 'custom' (the default when left out). */
  readonly kind?: MetricKind | 'custom';
  /** One batch's sums (and `counts`), added up over the epoch. */
  readonly totals: MetricTotalsFn;
  /** Turns the epoch's accumulated totals into the logged value. */
  readonly finalize: (totals: MetricTotals) => number;
}
