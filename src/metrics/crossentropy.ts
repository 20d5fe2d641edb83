/**
 * Cross-entropies as metrics (Keras's `BinaryCrossentropy`, `CategoricalCrossentropy` and
 * `SparseCategoricalCrossentropy` metrics, from probabilities): the per-sample loss values
 * averaged over all samples of the epoch. Unlike the loss, a sample weight also divides: the
 * epoch value is sum(w * loss) / sum(w).
 */
import type { Tensor } from '../tensor/tensor.js';
import { perSampleLossValues } from '../losses/index.js';
import { expectTensor } from '../losses/arguments.js';
import { meanOfTotals, samplewiseTotals } from './samplewise.js';
import type { MetricDefinition, MetricTotals } from './types.js';

type CrossentropyName = 'binaryCrossentropy' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy';

function crossentropyTotals(name: CrossentropyName): (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null) => MetricTotals {
  return (yTrue, yPred, sampleWeight) => {
    const p = expectTensor(name, 'yPred', yPred);
    const values = perSampleLossValues(name, name, yTrue, p);
    return samplewiseTotals(name, values, p.shape.slice(0, -1), sampleWeight);
  };
}

/** Binary cross-entropy (from probabilities) as a metric definition. */
export const binaryCrossentropyMetric: MetricDefinition = Object.freeze({
  kind: 'binaryCrossentropy',
  totals: crossentropyTotals('binaryCrossentropy'),
  finalize: meanOfTotals,
});

/** Categorical cross-entropy (from probabilities) as a metric definition. */
export const categoricalCrossentropyMetric: MetricDefinition = Object.freeze({
  kind: 'categoricalCrossentropy',
  totals: crossentropyTotals('categoricalCrossentropy'),
  finalize: meanOfTotals,
});

/** Sparse categorical cross-entropy (from probabilities) as a metric definition. */
export const sparseCategoricalCrossentropyMetric: MetricDefinition = Object.freeze({
  kind: 'sparseCategoricalCrossentropy',
  totals: crossentropyTotals('sparseCategoricalCrossentropy'),
  finalize: meanOfTotals,
});
