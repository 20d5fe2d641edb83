/**
 * Metrics are accumulated over an epoch as Keras's stateful `Mean` does: each batch adds a
 * weighted sum of per-sample values and the total sample weight, and the epoch value is
 * derived from the two totals (their ratio; its square root for RMSE).
 */
import type { Tensor } from '../tensor/tensor.js';

/** What one batch adds to a metric: the weighted sum of per-sample values and the weight. */
export interface MetricTotals {
  sum: number;
  count: number;
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
  | 'sparseCategoricalCrossentropy';

/** A metric: how a batch contributes and how the totals become the reported value. */
export interface MetricDefinition {
  /** The built-in metric's canonical name, or 'custom'. */
  readonly kind: MetricKind | 'custom';
  readonly totals: MetricTotalsFn;
  /** The value reported for accumulated totals (0 when nothing was seen, as Keras). */
  readonly finalize: (totals: MetricTotals) => number;
}

/** A metric as compiled into a model: its History key (exactly what the user passed) and definition. */
export interface ResolvedMetric extends MetricDefinition {
  readonly name: string;
}

/** A user metric: per-sample values (a Tensor whose first axis is the batch) or one number per batch. */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor | number;
