// Every error names the function, the argument, what was expected and what was received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NestedArray, Tensor, tensor } from '../../src/tensor/tensor.js';
import { ShapeError, ValueError } from '../../src/tensor/errors.js';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  huber,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from '../../src/losses/index.js';
import type { LossFn } from '../../src/losses/index.js';

const t = (v: NestedArray) => tensor(v);

const DENSE: [string, LossFn][] = [
  ['meanSquaredError', meanSquaredError],
  ['meanAbsoluteError', meanAbsoluteError],
  ['huber', huber],
  ['binaryCrossentropy', binaryCrossentropy],
  ['categoricalCrossentropy', categoricalCrossentropy],
];

test('dense losses: mismatched shapes name both shapes', () => {
  for (const [name, loss] of DENSE) {
    assert.throws(
      () => loss(t([[1, 0, 0]]), t([[0.5, 0.5]])),
      (e: Error) =>
        e instanceof ShapeError &&
        e.message.includes(`${name}: argument 'yTrue' has shape [1, 3] but 'yPred' has shape [1, 2]`),
      name,
    );
    // a trailing 1 may be dropped, but [2] against [2, 3] is not that
    assert.throws(() => loss(t([1, 0]), t([[0.5, 0.2, 0.3], [0.1, 0.2, 0.7]])), /has shape \[2\] but 'yPred' has shape \[2, 3\]/);
  }
});

test('NaN or Infinity in yTrue throws naming yTrue and the index', () => {
  for (const [name, loss] of DENSE) {
    assert.throws(
      () => loss(t([[0.5, NaN]]), t([[0.5, 0.5]])),
      (e: Error) => e instanceof ValueError && e.message.includes(`${name}: argument 'yTrue' contains NaN at flat index 1`),
    );
    assert.throws(() => loss(t([[Infinity, 0]]), t([[0.5, 0.5]])), /argument 'yTrue' contains Infinity at flat index 0/);
  }
  assert.throws(
    () => sparseCategoricalCrossentropy(t([NaN]), t([[0.5, 0.5]])),
    /sparseCategoricalCrossentropy: argument 'yTrue' contains NaN at flat index 0/,
  );
});

test('sparse labels out of range or not integers: value, index and valid range', () => {
  const yPred = t([[[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]], [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]]]);
  assert.throws(
    () => sparseCategoricalCrossentropy(t([[0, 1], [3, 2]]), yPred),
    (e: Error) =>
      e instanceof ValueError &&
      e.message ===
        "sparseCategoricalCrossentropy: argument 'yTrue' has 3 at index [1, 0] (flat index 2); expected an integer class index in [0, 3) for 'yPred' of shape [2, 2, 3]",
  );
  assert.throws(() => sparseCategoricalCrossentropy(t([[0, -1], [1, 2]]), yPred), /has -1 at index \[0, 1\] \(flat index 1\); expected an integer class index in \[0, 3\)/);
  assert.throws(() => sparseCategoricalCrossentropy(t([[0, 1.5], [1, 2]]), yPred), /has 1.5 at index \[0, 1\]/);
  assert.throws(() => sparseCategoricalCrossentropy(t([[1], [7]]), t([[0.5, 0.5], [0.5, 0.5]])), /has 7 at index \[1, 0\] \(flat index 1\); expected an integer class index in \[0, 2\)/);
});

test('sparse labels of the wrong shape name both shapes and the expected one', () => {
  assert.throws(
    () => sparseCategoricalCrossentropy(t([[0, 1]]), t([[0.5, 0.5], [0.5, 0.5]])),
    (e: Error) =>
      e instanceof ShapeError &&
      e.message ===
        "sparseCategoricalCrossentropy: argument 'yTrue' has shape [1, 2] but 'yPred' has shape [2, 2]; expected integer class indices of shape [2] or [2, 1]",
  );
  // one-hot targets passed to the sparse loss
  assert.throws(() => sparseCategoricalCrossentropy(t([[0, 1, 0]]), t([[0.2, 0.3, 0.5]])), /has shape \[1, 3\] but 'yPred' has shape \[1, 3\]; expected integer class indices of shape \[1\] or \[1, 1\]/);
});

test('bad sampleWeight shapes list the accepted shapes; non-finite weights are refused', () => {
  const yPred = t([[[1], [2], [3]], [[1], [2], [3]]]); // per-sample loss shape [2, 3]
  assert.throws(
    () => meanSquaredError(yPred, yPred, t([1, 2, 3])),
    (e: Error) =>
      e instanceof ShapeError &&
      e.message ===
        "meanSquaredError: argument 'sampleWeight' has shape [3]; expected one of [], [2], [2, 3] (a prefix of the per-sample loss shape [2, 3], which is the shape of 'yPred' [2, 3, 1] without its last axis)",
  );
  assert.throws(() => meanSquaredError(yPred, yPred, t([[1, 2]])), /'sampleWeight' has shape \[1, 2\]/);
  assert.throws(() => meanSquaredError(yPred, yPred, t([1, NaN])), /meanSquaredError: argument 'sampleWeight' contains NaN at flat index 1/);
});

test('arguments that are not tensors, and predictions without a class axis', () => {
  assert.throws(
    () => meanSquaredError([[1]] as unknown as Tensor, t([[1]])),
    (e: Error) => e instanceof ValueError && e.message === "meanSquaredError: argument 'yTrue' expected a Tensor, got an array",
  );
  assert.throws(() => binaryCrossentropy(t([[1]]), undefined as unknown as Tensor, null, {}), /binaryCrossentropy: argument 'yPred' expected a Tensor, got undefined/);
  assert.throws(() => meanSquaredError(t([[1]]), t([[1]]), 2 as unknown as Tensor), /argument 'sampleWeight' expected a Tensor, got number/);
  assert.throws(
    () => meanSquaredError(t(1), t(1)),
    /meanSquaredError: argument 'yPred' expected rank >= 1 with a last axis of size >= 1 \(\[batch, \.\.\., units\]\), got shape \[\]/,
  );
  assert.throws(() => categoricalCrossentropy(tensor(new Float32Array(0), [2, 0]), tensor(new Float32Array(0), [2, 0])), /got shape \[2, 0\]/);
});

test('bad options name the option and the value', () => {
  const y = t([[1]]);
  assert.throws(() => binaryCrossentropy(y, y, null, { fromLogit: true } as never), /binaryCrossentropy: unknown option 'fromLogit'; expected one of: fromLogits, labelSmoothing/);
  assert.throws(() => binaryCrossentropy({ fromLogits: 'yes' } as never), /binaryCrossentropy: option 'fromLogits' expected a boolean, got "yes"/);
  assert.throws(() => categoricalCrossentropy({ labelSmoothing: 1.5 }), /categoricalCrossentropy: option 'labelSmoothing' expected a number in \[0, 1\], got 1.5/);
  assert.throws(() => categoricalCrossentropy({ labelSmoothing: NaN }), /got NaN/);
  assert.throws(() => sparseCategoricalCrossentropy({ labelSmoothing: 0.1 } as never), /sparseCategoricalCrossentropy: unknown option 'labelSmoothing'; expected one of: fromLogits/);
  assert.throws(() => huber({ delta: 0 }), /huber: option 'delta' expected a finite number > 0, got 0/);
  assert.throws(() => huber(y, y, null, { delta: -1 }), /got -1/);
  assert.throws(() => huber(y, y, null, [1] as never), /huber: argument 'options' expected an object, got an array/);
});
