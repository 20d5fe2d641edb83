/**
 * A metric's epoch state: the running totals of the batches seen, reported as Keras reports
 * a stateful metric (the value over everything seen since the last reset, not a mean of
 * batch values).
 */
import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import type { MetricDefinition, MetricTotals } from './types.js';

/**
 * Accumulates a metric over batches.
 * @example
 * const acc = new MetricAccumulator(resolveMetric('rmse', 'mse', [null, 1]));
 * acc.update(yTrue1, yPred1); acc.update(yTrue2, yPred2);
 * acc.result(); // sqrt of the mean squared error over both batches
 */
export class MetricAccumulator {
  private sum = 0;
  private count = 0;
  /** Running element-wise sum of the batches' `counts` (confusion-count metrics only). */
  private counts: Float64Array | null = null;

  constructor(
    /** The metric whose batch totals are accumulated. */
    readonly metric: MetricDefinition,
  ) {}

  /** Adds one batch and returns that batch's own totals. */
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals {
    const batch = this.metric.totals(yTrue, yPred, sampleWeight);
    this.add(batch);
    return batch;
  }

  /** Adds totals computed elsewhere (e.g. by another worker). */
  add(totals: MetricTotals): void {
    this.sum += totals.sum;
    this.count += totals.count;
    const extra = totals.counts;
    if (extra) {
      if (this.counts === null) this.counts = new Float64Array(extra.length);
      if (this.counts.length !== extra.length) {
        throw new ValueError(
          `MetricAccumulator: a batch brought ${extra.length} counts but earlier batches brought ${this.counts.length}; a metric's counts must keep one length`,
        );
      }
      for (let i = 0; i < extra.length; i++) this.counts[i]! += extra[i]!;
    }
  }

  /** The metric over all batches since the last reset (0 before any, as Keras). */
  result(): number {
    const totals: MetricTotals = { sum: this.sum, count: this.count };
    if (this.counts) totals.counts = this.counts;
    return this.metric.finalize(totals);
  }

  /** The raw totals (a copy). */
  totals(): MetricTotals {
    const totals: MetricTotals = { sum: this.sum, count: this.count };
    if (this.counts) totals.counts = this.counts.slice();
    return totals;
  }

  /** Starts a new epoch. */
  reset(): void {
    this.sum = 0;
    this.count = 0;
    this.counts = null;
  }
}
