/**
 * Metrics: per-batch values as plain numbers, per-batch totals for exact epoch averages,
 * the confusion-count metrics `precision`, `recall` and `auc` (streamed over the epoch as
 * Keras), an accumulator, and `resolveMetric` for `compile({ metrics })`.
 */
export type * from './types.js';
export {
  binaryAccuracy,
  binaryAccuracyMetric,
  binaryAccuracyTotals,
  categoricalAccuracy,
  categoricalAccuracyMetric,
  categoricalAccuracyTotals,
  sparseCategoricalAccuracy,
  sparseCategoricalAccuracyMetric,
  sparseCategoricalAccuracyTotals,
} from './accuracy.js';
export {
  mae,
  meanAbsoluteError,
  meanAbsoluteErrorMetric,
  meanAbsoluteErrorTotals,
  meanSquaredError,
  meanSquaredErrorMetric,
  meanSquaredErrorTotals,
  mse,
  rmse,
  rootMeanSquaredError,
  rootMeanSquaredErrorMetric,
  rootMeanSquaredErrorTotals,
} from './regression.js';
export {
  binaryCrossentropyMetric,
  categoricalCrossentropyMetric,
  sparseCategoricalCrossentropyMetric,
} from './crossentropy.js';
export {
  auc,
  precision,
  recall,
  type AucConfig,
  type AucOptions,
  type ConfigurableMetric,
  type ThresholdMetricConfig,
  type ThresholdMetricOptions,
} from './confusion.js';
export { METRIC_NAMES, accuracyKind, resolveMetric } from './resolve.js';
export { MetricAccumulator } from './accumulator.js';
export { meanOfTotals, samplewiseTotals } from './samplewise.js';
