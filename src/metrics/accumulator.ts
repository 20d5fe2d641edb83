/**
 * A metric's epoch state: the running totals of the batches seen, reported as Keras reports
 * a stateful metric (the value over everything seen since the last reset, not a mean of
 * batch values).
 */
import type { Tensor } from '../tensor/tensor.js';
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

  constructor(readonly metric: MetricDefinition) {}

  /** Adds one batch and returns that batch's own totals. */
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals {
    const batch = this.metric.totals(yTrue, yPred, sampleWeight);
    this.sum += batch.sum;
    this.count += batch.count;
    return batch;
  }

  /** Adds totals computed elsewhere (e.g. by another worker). */
  add(totals: MetricTotals): void {
    this.sum += totals.sum;
    this.count += totals.count;
  }

  /** The metric over all batches since the last reset (0 before any, as Keras). */
  result(): number {
    return this.metric.finalize({ sum: this.sum, count: this.count });
  }

  /** The raw totals. */
  totals(): MetricTotals {
    return { sum: this.sum, count: this.count };
  }

  /** Starts a new epoch. */
  reset(): void {
    this.sum = 0;
    this.count = 0;
  }
}
