// Metric values worked out by hand, epoch accumulation as Keras's stateful Mean, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NestedArray, tensor } from '../../src/tensor/tensor.js';
import { ShapeError, ValueError } from '../../src/tensor/errors.js';
import {
  MetricAccumulator,
  binaryAccuracy,
  categoricalAccuracy,
  mae,
  meanAbsoluteError,
  meanSquaredError,
  mse,
  resolveMetric,
  rmse,
  rootMeanSquaredError,
  rootMeanSquaredErrorTotals,
  sparseCategoricalAccuracy,
} from '../../src/metrics/index.js';
import { binaryCrossentropy, sparseCategoricalCrossentropy } from '../../src/losses/index.js';

const t = (v: NestedArray) => tensor(v, undefined, 'float64');
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('binaryAccuracy: prediction > 0.5 must equal the target', () => {
  // 0.7 -> 1 right; 0.6 -> 1 wrong; 0.5 -> 0 (not greater) wrong; 0.1 -> 0 right
  assert.equal(binaryAccuracy(t([[1], [0], [1], [0]]), t([[0.7], [0.6], [0.5], [0.1]])), 0.5);
  assert.equal(binaryAccuracy(t([1, 0, 1, 0]), t([[0.7], [0.6], [0.5], [0.1]])), 0.5);
  // several units per sample: sample 1 gets 2/2, sample 2 gets 1/2
  assert.equal(binaryAccuracy(t([[1, 0], [1, 1]]), t([[0.9, 0.2], [0.8, 0.3]])), 0.75);
  // another threshold
  assert.equal(binaryAccuracy(t([[1], [0]]), t([[0.3], [0.1]]), null, { threshold: 0.2 }), 1);
  // weights: right samples weigh 1 and 3, wrong ones 0 and 4 -> 4 / 8
  assert.equal(binaryAccuracy(t([[1], [0], [1], [0]]), t([[0.7], [0.6], [0.5], [0.1]]), t([1, 0, 4, 3])), 0.5);
});

test('categoricalAccuracy compares argmaxes; ties go to the first index', () => {
  assert.equal(categoricalAccuracy(t([[0, 1], [1, 0]]), t([[0.2, 0.8], [0.3, 0.7]])), 0.5);
  // tie in yPred: argmax 0, target class 0 -> right; target class 1 -> wrong
  assert.equal(categoricalAccuracy(t([[1, 0, 0], [0, 1, 0]]), t([[0.4, 0.4, 0.2], [0.4, 0.4, 0.2]])), 0.5);
  // sequences [B, T, C]: steps right [[1, 0], [1, 1]] -> samples 0.5 and 1 -> 0.75
  const yTrue = t([[[1, 0], [1, 0]], [[0, 1], [0, 1]]]);
  const yPred = t([[[0.9, 0.1], [0.2, 0.8]], [[0.1, 0.9], [0.4, 0.6]]]);
  assert.equal(categoricalAccuracy(yTrue, yPred), 0.75);
  // [B] weights 1 and 3: (0.5 * 1 + 1 * 3) / 4; a scalar weight changes nothing
  assert.equal(categoricalAccuracy(yTrue, yPred, t([1, 3])), 0.875);
  assert.equal(categoricalAccuracy(yTrue, yPred, t(2)), 0.75);
});

test('sparseCategoricalAccuracy: labels [B], [B, 1] and [B, T]', () => {
  const yPred = t([[0.2, 0.8], [0.3, 0.7], [0.6, 0.4]]);
  assert.equal(sparseCategoricalAccuracy(t([1, 0, 0]), yPred), 2 / 3);
  assert.equal(sparseCategoricalAccuracy(t([[1], [0], [0]]), yPred), 2 / 3);
  const seq = t([[[0.9, 0.1], [0.2, 0.8]], [[0.1, 0.9], [0.4, 0.6]]]);
  assert.equal(sparseCategoricalAccuracy(t([[0, 0], [1, 1]]), seq), 0.75);
  // a [B, T] padding mask as weights: the second step of sample 1 is ignored
  // Keras: values*w averaged over T -> [0.5, 1], weights averaged over T -> [0.5, 1]; 1.5 / 1.5
  assert.equal(sparseCategoricalAccuracy(t([[0, 0], [1, 1]]), seq, t([[1, 0], [1, 1]])), 1);
  assert.throws(() => sparseCategoricalAccuracy(t([2, 0, 0]), yPred), /sparseCategoricalAccuracy: argument 'yTrue' has 2 at index \[0\] \(flat index 0\); expected an integer class index in \[0, 2\)/);
});

test('regression metrics', () => {
  // errors 1 and 3 on one unit
  assert.equal(meanSquaredError(t([[0], [0]]), t([[1], [3]])), 5);
  assert.equal(mse(t([[0], [0]]), t([[1], [3]])), 5);
  assert.equal(meanAbsoluteError(t([[0], [0]]), t([[1], [-3]])), 2);
  assert.equal(mae(t([[0], [0]]), t([[1], [-3]])), 2);
  assert.equal(rootMeanSquaredError(t([[0], [0]]), t([[1], [-1]])), 1);
  close(rmse(t([[0], [0]]), t([[1], [3]])), Math.sqrt(5));
  // two units: row means of squared errors (1 + 9) / 2 = 5 and (4 + 0) / 2 = 2; weights 1 and 3 -> (5 + 6) / 4
  close(meanSquaredError(t([[0, 0], [0, 0]]), t([[1, 3], [2, 0]]), t([1, 3])), 11 / 4);
});

test('RMSE over an epoch is the root of the mean squared error over all samples, not a mean of batch roots', () => {
  const acc = new MetricAccumulator(resolveMetric('rmse', 'mse', [null, 1]));
  // batch 1: errors 1, 1 (2 samples); batch 2: error 3 (1 sample)
  const b1 = acc.update(t([[0], [0]]), t([[1], [-1]]));
  assert.deepEqual(b1, { sum: 2, count: 2 });
  acc.update(t([[0]]), t([[3]]));
  close(acc.result(), Math.sqrt((1 + 1 + 9) / 3));
  assert.notEqual(acc.result(), (1 + 3) / 2);
  assert.deepEqual(rootMeanSquaredErrorTotals(t([[0]]), t([[3]])), { sum: 9, count: 1 });
  acc.reset();
  assert.equal(acc.result(), 0);
});

test('the epoch value weights every sample equally, whatever the batch sizes', () => {
  const acc = new MetricAccumulator(resolveMetric('accuracy', 'binaryCrossentropy', [null, 1]));
  acc.update(t([[1], [1], [1]]), t([[0.9], [0.9], [0.9]])); // 3 right
  acc.update(t([[1]]), t([[0.1]])); // 1 wrong
  assert.equal(acc.result(), 3 / 4); // not the mean of batch values (1 + 0) / 2
});

test('sequence samples count once each, as Keras averages per sample before the epoch mean', () => {
  const acc = new MetricAccumulator(resolveMetric('acc', 'sparseCategoricalCrossentropy', [null, null, 2]));
  // batch 1: one sample of 2 steps, right on 1 -> 0.5; batch 2: one sample of 4 steps, all right -> 1
  acc.update(t([[0, 0]]), t([[[0.9, 0.1], [0.1, 0.9]]]));
  acc.update(t([[1, 1, 1, 1]]), t([[[0, 1], [0, 1], [0, 1], [0, 1]]]));
  assert.equal(acc.result(), 0.75);
});

test("resolveMetric maps 'accuracy' as Keras/tfjs and keeps the user's string as the History key", () => {
  const kind = (name: string, loss: unknown, shape: (number | null)[], yTrueShape?: (number | null)[]) =>
    resolveMetric(name, loss, shape, yTrueShape).kind;
  assert.equal(kind('accuracy', 'binaryCrossentropy', [null, 3]), 'binaryAccuracy');
  assert.equal(kind('accuracy', 'mse', [null, 1]), 'binaryAccuracy');
  assert.equal(kind('accuracy', 'sparseCategoricalCrossentropy', [null, 10]), 'sparseCategoricalAccuracy');
  assert.equal(kind('acc', 'sparse_categorical_crossentropy', [null, null, 10]), 'sparseCategoricalAccuracy');
  assert.equal(kind('accuracy', 'categoricalCrossentropy', [null, 10]), 'categoricalAccuracy');
  assert.equal(kind('accuracy', 'mse', [null, 10]), 'categoricalAccuracy');
  // losses given as functions, bound with options or not
  assert.equal(kind('accuracy', sparseCategoricalCrossentropy({ fromLogits: true }), [null, 4]), 'sparseCategoricalAccuracy');
  assert.equal(kind('accuracy', sparseCategoricalCrossentropy, [null, 4]), 'sparseCategoricalAccuracy');
  assert.equal(kind('accuracy', binaryCrossentropy({ fromLogits: true }), [null, 4]), 'binaryAccuracy');
  // a user-defined loss: the targets' shape decides (Keras's rule)
  const custom = () => tensor(0);
  assert.equal(kind('accuracy', custom, [null, 4], [null]), 'sparseCategoricalAccuracy');
  assert.equal(kind('accuracy', custom, [null, 4], [null, 1]), 'sparseCategoricalAccuracy');
  assert.equal(kind('accuracy', custom, [null, 4], [null, 4]), 'categoricalAccuracy');
  for (const name of ['accuracy', 'acc', 'mse', 'mae', 'rmse', 'binary_accuracy', 'MeanSquaredError']) {
    assert.equal(resolveMetric(name, 'mse', [null, 1]).name, name);
  }
  assert.equal(resolveMetric('mse', 'mse', [null, 1]).kind, 'meanSquaredError');
  assert.equal(resolveMetric('root_mean_squared_error', 'mse', [null, 1]).kind, 'rootMeanSquaredError');
});

test('cross-entropy metrics average per-sample losses, dividing by the total weight', () => {
  const m = resolveMetric('binary_crossentropy', 'mse', [null, 1]);
  const totals = m.totals(t([[1], [0]]), t([[0.9], [0.2]]), t([1, 3]));
  close(totals.sum, -Math.log(0.9) - 3 * Math.log(0.8));
  assert.equal(totals.count, 4);
  close(m.finalize(totals), (-Math.log(0.9) - 3 * Math.log(0.8)) / 4);
  const s = resolveMetric('sparseCategoricalCrossentropy', 'mse', [null, 2]);
  close(s.finalize(s.totals(t([0, 1]), t([[0.5, 0.5], [0.2, 0.8]]))), (Math.log(2) - Math.log(0.8)) / 2);
});

test('user metric functions: per-sample tensors are averaged per sample; numbers count once per batch', () => {
  function doubled(yTrue: unknown, yPred: { shape: readonly number[] }) {
    void yTrue;
    return tensor(new Float64Array(yPred.shape[0]!).fill(2), [yPred.shape[0]!], 'float64');
  }
  const m = resolveMetric(doubled as never, 'mse', [null, 1]);
  assert.equal(m.name, 'doubled');
  assert.deepEqual(m.totals(t([[0], [0], [0]]), t([[0], [0], [0]])), { sum: 6, count: 3 });
  function batchValue() {
    return 7;
  }
  const n = resolveMetric(batchValue, 'mse', [null, 1]);
  assert.deepEqual(n.totals(t([[0], [0], [0]]), t([[0], [0], [0]])), { sum: 7, count: 1 });
  assert.throws(() => n.totals(t([[0]]), t([[0]]), t([1])), /metric 'batchValue': a metric function returning one number per batch cannot take 'sampleWeight'/);
  function wrongShape() {
    return t([1, 2]);
  }
  assert.throws(() => resolveMetric(wrongShape, 'mse', [null, 1]).totals(t([[0]]), t([[0]])), (e: Error) => e instanceof ShapeError && /returned shape \[2\]; expected per-sample values with the batch size 1 first/.test(e.message));
  function notATensor() {
    return 'x' as never;
  }
  assert.throws(() => resolveMetric(notATensor, 'mse', [null, 1]).totals(t([[0]]), t([[0]])), /must return a number or a Tensor, got "x"/);
});

test('resolveMetric errors name the bad value and list the valid names', () => {
  assert.throws(
    () => resolveMetric('accuracyy', 'mse', [null, 1]),
    (e: Error) =>
      e instanceof ValueError &&
      e.message.startsWith('resolveMetric: unknown metric "accuracyy"; expected a function, a metric object or one of: accuracy, acc, binaryAccuracy'),
  );
  assert.throws(() => resolveMetric((() => 1) as never, 'mse', [null, 1]), /resolveMetric: a metric function needs a name/);
});

test('metrics check their arguments like the losses', () => {
  assert.throws(() => meanSquaredError(t([[1, 2]]), t([[1]])), /meanSquaredError: argument 'yTrue' has shape \[1, 2\] but 'yPred' has shape \[1, 1\]/);
  assert.throws(() => binaryAccuracy(t([[NaN]]), t([[1]])), /binaryAccuracy: argument 'yTrue' contains NaN at flat index 0/);
  assert.throws(() => categoricalAccuracy(t([[1, 0]]), t([[1, 0]]), t([1, 1])), /categoricalAccuracy: argument 'sampleWeight' has shape \[2\]; expected one of \[\], \[1\]/);
  assert.throws(() => binaryAccuracy(t([[1]]), t([[1]]), null, { threshold: 'high' } as never), /binaryAccuracy: option 'threshold' expected a finite number, got "high"/);
});
