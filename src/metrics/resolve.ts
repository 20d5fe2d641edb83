/**
 * Turns what the user passes in `compile({ metrics })` into metric definitions, mapping
 * 'accuracy'/'acc' to the binary, categorical or sparse variant as Keras and tfjs do.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { describeLoss } from '../losses/index.js';
import { formatValue } from '../losses/arguments.js';
import { binaryAccuracyMetric, categoricalAccuracyMetric, sparseCategoricalAccuracyMetric } from './accuracy.js';
import {
  binaryCrossentropyMetric,
  categoricalCrossentropyMetric,
  sparseCategoricalCrossentropyMetric,
} from './crossentropy.js';
import { auc, precision, recall } from './confusion.js';
import { meanAbsoluteErrorMetric, meanSquaredErrorMetric, rootMeanSquaredErrorMetric } from './regression.js';
import { meanOfTotals, samplewiseTotals } from './samplewise.js';
import type { MetricDefinition, MetricFn, MetricIdentifier, MetricKind, MetricObject, MetricTotals, ResolvedMetric } from './types.js';

const BUILT_IN: Readonly<Record<MetricKind, MetricDefinition>> = {
  binaryAccuracy: binaryAccuracyMetric,
  categoricalAccuracy: categoricalAccuracyMetric,
  sparseCategoricalAccuracy: sparseCategoricalAccuracyMetric,
  meanSquaredError: meanSquaredErrorMetric,
  meanAbsoluteError: meanAbsoluteErrorMetric,
  rootMeanSquaredError: rootMeanSquaredErrorMetric,
  binaryCrossentropy: binaryCrossentropyMetric,
  categoricalCrossentropy: categoricalCrossentropyMetric,
  sparseCategoricalCrossentropy: sparseCategoricalCrossentropyMetric,
  precision: precision(),
  recall: recall(),
  auc: auc(),
};

/** Accepted spellings: tfjs camelCase, Keras snake_case and class names, short aliases. */
const METRIC_ALIASES: Readonly<Record<string, MetricKind | 'accuracy'>> = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  binaryAccuracy: 'binaryAccuracy',
  binary_accuracy: 'binaryAccuracy',
  BinaryAccuracy: 'binaryAccuracy',
  categoricalAccuracy: 'categoricalAccuracy',
  categorical_accuracy: 'categoricalAccuracy',
  CategoricalAccuracy: 'categoricalAccuracy',
  sparseCategoricalAccuracy: 'sparseCategoricalAccuracy',
  sparse_categorical_accuracy: 'sparseCategoricalAccuracy',
  SparseCategoricalAccuracy: 'sparseCategoricalAccuracy',
  meanSquaredError: 'meanSquaredError',
  mean_squared_error: 'meanSquaredError',
  MeanSquaredError: 'meanSquaredError',
  mse: 'meanSquaredError',
  MSE: 'meanSquaredError',
  meanAbsoluteError: 'meanAbsoluteError',
  mean_absolute_error: 'meanAbsoluteError',
  MeanAbsoluteError: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
  MAE: 'meanAbsoluteError',
  rootMeanSquaredError: 'rootMeanSquaredError',
  root_mean_squared_error: 'rootMeanSquaredError',
  RootMeanSquaredError: 'rootMeanSquaredError',
  rmse: 'rootMeanSquaredError',
  RMSE: 'rootMeanSquaredError',
  binaryCrossentropy: 'binaryCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  BinaryCrossentropy: 'binaryCrossentropy',
  categoricalCrossentropy: 'categoricalCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  CategoricalCrossentropy: 'categoricalCrossentropy',
  sparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  SparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
  precision: 'precision',
  Precision: 'precision',
  recall: 'recall',
  Recall: 'recall',
  auc: 'auc',
  AUC: 'auc',
};

/** All metric names `resolveMetric` accepts. */
export const METRIC_NAMES: readonly string[] = Object.freeze(Object.keys(METRIC_ALIASES));

/**
 * Which accuracy 'accuracy' means for a model: binary when the loss is binary cross-entropy
 * or the output has one unit; sparse categorical when the loss is sparse categorical
 * cross-entropy; for a loss we do not know, sparse when the targets' shape says class
 * indices (Keras's rule: fewer axes than the output, or a last axis of 1 against several
 * units); categorical otherwise.
 * @example metrics.accuracyKind('categoricalCrossentropy', [null, 10]) // 'categoricalAccuracy'
 * @example metrics.accuracyKind(myLoss, [null, 5], [null, 1]) // 'sparseCategoricalAccuracy'
 */
export function accuracyKind(
  loss: unknown,
  outputShape: readonly (number | null)[],
  yTrueShape?: readonly (number | null)[],
): 'binaryAccuracy' | 'categoricalAccuracy' | 'sparseCategoricalAccuracy' {
  const lossName = describeLoss(loss)?.name ?? null;
  const units = outputShape.length > 0 ? outputShape[outputShape.length - 1] : null;
  if (units === 1 || lossName === 'binaryCrossentropy') return 'binaryAccuracy';
  if (lossName === 'sparseCategoricalCrossentropy') return 'sparseCategoricalAccuracy';
  if (lossName === null && yTrueShape) {
    const last = yTrueShape.length > 0 ? yTrueShape[yTrueShape.length - 1] : null;
    if (yTrueShape.length < outputShape.length || (last === 1 && units !== null && units > 1)) {
      return 'sparseCategoricalAccuracy';
    }
  }
  return 'categoricalAccuracy';
}

function customMetric(name: string, fn: MetricFn): ResolvedMetric {
  const totals = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals => {
    const value = fn(yTrue, yPred);
    if (typeof value === 'number') {
      // Keras's Mean counts a scalar batch value as one sample, and cannot weight it.
      if (sampleWeight !== undefined && sampleWeight !== null) {
        throw new ValueError(`metric '${name}': a metric function returning one number per batch cannot take 'sampleWeight'; return per-sample values (a Tensor) instead`);
      }
      return { sum: value, count: 1 };
    }
    if (!(value instanceof Tensor)) {
      throw new ValueError(`metric '${name}': the metric function must return a number or a Tensor, got ${formatValue(value)}`);
    }
    if (value.shape.length > 0 && yPred.shape.length > 0 && value.shape[0] !== yPred.shape[0]) {
      throw new ShapeError(
        `metric '${name}': the metric function returned shape ${formatShape(value.shape)}; expected per-sample values with the batch size ${yPred.shape[0]} first (or a scalar)`,
      );
    }
    return samplewiseTotals(`metric '${name}'`, value.data, value.shape, sampleWeight);
  };
  return Object.freeze({ name, kind: 'custom', totals, finalize: meanOfTotals });
}

/** Factories of metric objects; passed uncalled to compile they give their defaults. */
const METRIC_FACTORIES = [precision, recall, auc] as const;

/** Checks a metric object passed to compile (e.g. `metrics.auc({ curve: 'PR' })`). */
function metricObject(identifier: MetricObject): ResolvedMetric {
  const m = identifier as Partial<MetricObject>;
  if (typeof m.name !== 'string' || m.name.length === 0) {
    throw new ValueError(`resolveMetric: a metric object needs a non-empty string 'name' (its History key), got ${formatValue(m.name)}`);
  }
  for (const key of ['totals', 'finalize'] as const) {
    if (typeof m[key] !== 'function') {
      throw new ValueError(`resolveMetric: metric object '${m.name}' needs a function '${key}', got ${formatValue(m[key])}`);
    }
  }
  if (typeof m.kind === 'string') return identifier as ResolvedMetric;
  const totals = m.totals!.bind(identifier);
  const finalize = m.finalize!.bind(identifier);
  return Object.freeze({ name: m.name, kind: 'custom', totals, finalize });
}

/**
 * Resolves one entry of `compile({ metrics })`. The History key (`name`) is exactly the
 * string passed ('accuracy' stays 'accuracy', 'mse' stays 'mse'); for a function it is the
 * function's name; for a metric object (`metrics.precision({ thresholds: 0.7 })`) its `name`. `loss` is the compiled loss (name or function) and `outputShape` the
 * model output's shape (batch axis included or not; only the last axis matters), both used
 * to pick the accuracy variant; `yTrueShape` helps for user-defined losses.
 * @example resolveMetric('accuracy', 'sparseCategoricalCrossentropy', [null, 10]).kind // 'sparseCategoricalAccuracy'
 */
export function resolveMetric(
  identifier: MetricIdentifier,
  loss: unknown,
  outputShape: readonly (number | null)[],
  yTrueShape?: readonly (number | null)[],
): ResolvedMetric {
  if (typeof identifier === 'function') {
    // The factories themselves, uncalled (`metrics: [metrics.auc]`), mean their defaults,
    // as Keras instantiates a metric class given in place of an object.
    if ((METRIC_FACTORIES as readonly unknown[]).includes(identifier)) return (identifier as unknown as () => ResolvedMetric)();
    const name = identifier.name;
    if (!name) {
      throw new ValueError(`resolveMetric: a metric function needs a name (its History key); got an anonymous function`);
    }
    return customMetric(name, identifier);
  }
  if (typeof identifier === 'object' && identifier !== null) return metricObject(identifier);
  const alias =
    typeof identifier === 'string' && Object.prototype.hasOwnProperty.call(METRIC_ALIASES, identifier)
      ? METRIC_ALIASES[identifier]!
      : null;
  if (!alias) {
    throw new ValueError(
      `resolveMetric: unknown metric ${formatValue(identifier)}; expected a function, a metric object or one of: ${METRIC_NAMES.join(', ')}`,
    );
  }
  const kind = alias === 'accuracy' ? accuracyKind(loss, outputShape, yTrueShape) : alias;
  const def = BUILT_IN[kind];
  return Object.freeze({ name: identifier, kind: def.kind, totals: def.totals, finalize: def.finalize });
}
