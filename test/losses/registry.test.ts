// getLoss by name, the softmax/sigmoid fusion pairing, per-sample values and mask weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NestedArray, Tensor, tensor } from '../../src/tensor/tensor.js';
import { ValueError } from '../../src/tensor/errors.js';
import {
  LOSS_NAMES,
  binaryCrossentropy,
  categoricalCrossentropy,
  describeLoss,
  getLoss,
  huber,
  logitsActivation,
  lossFromLogits,
  maskedSampleWeight,
  meanAbsoluteError,
  meanSquaredError,
  perSampleLoss,
  sparseCategoricalCrossentropy,
} from '../../src/losses/index.js';
import type { LossFn } from '../../src/losses/index.js';

const t64 = (v: NestedArray) => tensor(v, undefined, 'float64');
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('getLoss resolves tfjs, Keras snake_case and class names, and short aliases', () => {
  const expected: [string[], LossFn][] = [
    [['meanSquaredError', 'mse', 'MSE', 'mean_squared_error', 'MeanSquaredError'], meanSquaredError],
    [['meanAbsoluteError', 'mae', 'MAE', 'mean_absolute_error', 'MeanAbsoluteError'], meanAbsoluteError],
    [['huber', 'Huber', 'huber_loss', 'huberLoss'], huber],
    [['binaryCrossentropy', 'binary_crossentropy', 'BinaryCrossentropy', 'bce'], binaryCrossentropy],
    [['categoricalCrossentropy', 'categorical_crossentropy', 'CategoricalCrossentropy'], categoricalCrossentropy],
    [['sparseCategoricalCrossentropy', 'sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy'], sparseCategoricalCrossentropy],
  ];
  for (const [names, fn] of expected) for (const n of names) assert.equal(getLoss(n), fn, n);
  const custom: LossFn = (a, b) => meanSquaredError(a, b);
  assert.equal(getLoss(custom), custom);
});

test('getLoss binds options; the bound function computes with them', () => {
  const bce = getLoss('binary_crossentropy', { fromLogits: true });
  close(bce(t64([[1]]), t64([[0]])).data[0]!, Math.log(2));
  assert.deepEqual(describeLoss(bce), { name: 'binaryCrossentropy', options: { fromLogits: true, labelSmoothing: 0 } });
  const h = getLoss('huber', { delta: 2 });
  close(h(t64([[0]]), t64([[3]])).data[0]!, 4);
  // no options for MSE: an empty object is fine, anything else is refused
  assert.equal(getLoss('mse', {}), meanSquaredError);
  assert.throws(() => getLoss('mse', { delta: 1 }), /getLoss: 'meanSquaredError' takes no options, got 'delta'/);
  assert.throws(() => getLoss('huber', { fromLogits: true }), /huber: unknown option 'fromLogits'; expected one of: delta/);
});

test('getLoss: unknown names list every valid name; options with a function are refused', () => {
  assert.throws(
    () => getLoss('meanSquareError'),
    (e: Error) =>
      e instanceof ValueError &&
      e.message.startsWith('getLoss: unknown loss "meanSquareError"; expected a function or one of: meanSquaredError, mean_squared_error') &&
      LOSS_NAMES.every((n) => e.message.includes(n)),
  );
  assert.throws(() => getLoss(42 as never), /getLoss: unknown loss 42/);
  assert.throws(() => getLoss(meanSquaredError, { fromLogits: true }), /getLoss: argument 'options' applies to named losses only/);
  assert.throws(() => getLoss('bce', 'x' as never), /getLoss: argument 'options' expected an object, got "x"/);
});

test('lossFromLogits pairs softmax with (sparse) categorical and sigmoid with binary cross-entropy', () => {
  // the fused loss of softmax(z) equals the probability loss wherever no clipping happens
  const z = t64([[0.3, -1.2, 2.0], [1.0, 0.5, -0.5]]);
  const softmax = (row: number[]) => {
    const e = row.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const probs = t64((z.toArray() as number[][]).map(softmax));
  const labels = t64([2, 0]);
  const onehot = t64([[0, 0, 1], [1, 0, 0]]);

  const fusedSparse = lossFromLogits('sparseCategoricalCrossentropy', 'softmax')!;
  close(fusedSparse(labels, z).data[0]!, sparseCategoricalCrossentropy(labels, probs).data[0]!, 1e-12);
  const fusedCat = lossFromLogits(categoricalCrossentropy)!;
  close(fusedCat(onehot, z).data[0]!, categoricalCrossentropy(onehot, probs).data[0]!, 1e-12);
  assert.deepEqual(describeLoss(fusedCat), { name: 'categoricalCrossentropy', options: { fromLogits: true, labelSmoothing: 0 } });

  const sigmoidProbs = t64((z.toArray() as number[][]).map((r) => r.map((v) => 1 / (1 + Math.exp(-v)))));
  const targets = t64([[1, 0, 1], [0, 0, 1]]);
  const fusedBinary = lossFromLogits('bce', 'sigmoid')!;
  close(fusedBinary(targets, z).data[0]!, binaryCrossentropy(targets, sigmoidProbs).data[0]!, 1e-12);

  // options other than fromLogits survive the pairing
  const smoothed = lossFromLogits(categoricalCrossentropy({ labelSmoothing: 0.1 }))!;
  assert.deepEqual(describeLoss(smoothed)!.options, { fromLogits: true, labelSmoothing: 0.1 });
});

test('lossFromLogits returns null when there is no pairing', () => {
  assert.equal(lossFromLogits('mse'), null);
  assert.equal(lossFromLogits('huber', 'softmax'), null);
  assert.equal(lossFromLogits('categoricalCrossentropy', 'sigmoid'), null);
  assert.equal(lossFromLogits('binaryCrossentropy', 'softmax'), null);
  assert.equal(lossFromLogits(sparseCategoricalCrossentropy({ fromLogits: true }), 'softmax'), null);
  assert.equal(lossFromLogits((a: Tensor, b: Tensor) => meanSquaredError(a, b)), null);
  assert.equal(lossFromLogits('nope'), null);
  assert.equal(logitsActivation('sparse_categorical_crossentropy'), 'softmax');
  assert.equal(logitsActivation(binaryCrossentropy), 'sigmoid');
  assert.equal(logitsActivation('mae'), null);
});

test('perSampleLoss returns one value per row, as Keras functional losses', () => {
  // squared errors per row: (0 + 4) / 2 = 2 and 0
  assert.deepEqual(perSampleLoss('mse', t64([[1, 1], [0, 0]]), t64([[1, 3], [0, 0]])).toArray(), [2, 0]);
  const seq = perSampleLoss(
    sparseCategoricalCrossentropy({ fromLogits: true }),
    t64([[0, 1]]),
    t64([[[0, 0], [0, Math.log(3)]]]),
  );
  assert.deepEqual(seq.shape, [1, 2]);
  // ln 2, and -ln(3 / 4)
  close((seq.toArray() as number[][])[0]![0]!, Math.log(2));
  close((seq.toArray() as number[][])[0]![1]!, Math.log(4 / 3));
  assert.throws(() => perSampleLoss((a: Tensor) => a, t64([[1]]), t64([[1]])), /perSampleLoss: argument 'identifier' expected a built-in loss \(name or function\), got a user-defined function/);
});

test('maskedSampleWeight follows Keras apply_mask: loss weights rescale by total / valid', () => {
  const mask = t64([[1, 1, 0], [1, 0, 0]]); // 3 of 6 steps are real
  assert.deepEqual(maskedSampleWeight(mask, null, 'sum_over_batch_size').toArray(), [[2, 2, 0], [2, 0, 0]]);
  assert.deepEqual(maskedSampleWeight(mask, null, 'sum').toArray(), [[1, 1, 0], [1, 0, 0]]);
  // sample weights [B] multiply every step of their row
  assert.deepEqual(maskedSampleWeight(mask, t64([3, 0.5]), 'sum_over_batch_size').toArray(), [[6, 6, 0], [1, 0, 0]]);
  assert.deepEqual(maskedSampleWeight(mask, t64([[3], [0.5]]), 'sum').toArray(), [[3, 3, 0], [0.5, 0, 0]]);
  // an all-padding batch gets zero weights, not NaN
  assert.deepEqual(maskedSampleWeight(t64([[0, 0]]), null, 'sum_over_batch_size').toArray(), [[0, 0]]);
  // with these weights the loss is the mean over real steps only: squared errors 1, 4, 9 on real steps
  const yTrue = t64([[[0], [0], [0]], [[0], [0], [0]]]);
  const yPred = t64([[[1], [2], [50]], [[3], [60], [70]]]);
  close(meanSquaredError(yTrue, yPred, maskedSampleWeight(mask, null, 'sum_over_batch_size')).data[0]!, (1 + 4 + 9) / 3);
  assert.throws(() => maskedSampleWeight(mask, t64([1, 2, 3]), 'sum'), /maskedSampleWeight: argument 'sampleWeight' has shape \[3\]/);
  assert.throws(() => maskedSampleWeight(mask, null, 'mean' as never), /maskedSampleWeight: argument 'reduction' expected 'sum_over_batch_size' or 'sum', got "mean"/);
});
