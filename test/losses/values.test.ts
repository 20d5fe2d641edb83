// Loss values against numbers worked out by hand (comments show the arithmetic) or formulas
// written out independently here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NestedArray, tensor } from '../../src/tensor/tensor.js';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  huber,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from '../../src/losses/index.js';

const t64 = (v: NestedArray) => tensor(v, undefined, 'float64');
const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} vs ${expected}`);
const ln = Math.log;

test('meanSquaredError: per-sample mean over the last axis, then mean over samples', () => {
  // rows: ((1-0)^2 + 0) / 2 = 0.5 and (0 + (5-3)^2) / 2 = 2; mean 1.25
  const loss = meanSquaredError(t64([[0, 1], [2, 3]]), t64([[1, 1], [2, 5]]));
  assert.deepEqual(loss.shape, []);
  assert.equal(loss.dtype, 'float64');
  close(loss.data[0]!, 1.25);
  // weights [1, 3]: (0.5 * 1 + 2 * 3) / 2 rows = 3.25 (the divisor ignores the weights)
  close(meanSquaredError(t64([[0, 1], [2, 3]]), t64([[1, 1], [2, 5]]), t64([1, 3])).data[0]!, 3.25);
  // a weight of shape [B, 1] is the same as [B]
  close(meanSquaredError(t64([[0, 1], [2, 3]]), t64([[1, 1], [2, 5]]), t64([[1], [3]])).data[0]!, 3.25);
  // a scalar weight scales everything
  close(meanSquaredError(t64([[0, 1], [2, 3]]), t64([[1, 1], [2, 5]]), t64(2)).data[0]!, 2.5);
});

test('meanSquaredError accepts targets [B] for outputs [B, 1] and the reverse', () => {
  // (1 - 0)^2 and (2 - 4)^2 -> mean 2.5
  close(meanSquaredError(t64([0, 4]), t64([[1], [2]])).data[0]!, 2.5);
  close(meanSquaredError(t64([[0], [4]]), t64([1, 2])).data[0]!, 2.5);
});

test('meanSquaredError on sequences [B, T, C] averages over B*T entries; weights [B] or [B, T]', () => {
  // B = 2, T = 2, C = 1: squared errors [[1, 4], [9, 0]]
  const yTrue = t64([[[0], [0]], [[0], [0]]]);
  const yPred = t64([[[1], [2]], [[3], [0]]]);
  close(meanSquaredError(yTrue, yPred).data[0]!, (1 + 4 + 9 + 0) / 4);
  // [B] weights [2, 0] cover every step of their sample: (2*1 + 2*4) / 4
  close(meanSquaredError(yTrue, yPred, t64([2, 0])).data[0]!, 10 / 4);
  // [B, T] weights: (1*1 + 0*4 + 0*9 + 5*0) / 4
  close(meanSquaredError(yTrue, yPred, t64([[1, 0], [0, 5]])).data[0]!, 1 / 4);
  // [B, T, 1] is the same as [B, T]
  close(meanSquaredError(yTrue, yPred, t64([[[1], [0]], [[0], [5]]])).data[0]!, 1 / 4);
});

test('meanAbsoluteError', () => {
  // rows: (1 + 0) / 2 = 0.5 and (0 + 2) / 2 = 1; mean 0.75
  close(meanAbsoluteError(t64([[0, 1], [2, 3]]), t64([[1, 1], [2, 5]])).data[0]!, 0.75);
  close(meanAbsoluteError(t64([[0, 1], [2, 3]]), t64([[1, 1], [2, 5]]), t64([0, 4])).data[0]!, 2);
});

test('huber: quadratic inside delta, linear outside', () => {
  // errors 0.5 and 3 with delta 1: 0.5 * 0.25 = 0.125 and 1 * 3 - 0.5 = 2.5; mean 1.3125
  close(huber(t64([[0, 0]]), t64([[0.5, 3]])).data[0]!, 1.3125);
  // delta 2: 0.125 and 2 * 3 - 0.5 * 4 = 4; mean 2.0625
  close(huber(t64([[0, 0]]), t64([[0.5, 3]]), null, { delta: 2 }).data[0]!, 2.0625);
  const bound = huber({ delta: 2 });
  close(bound(t64([[0, 0]]), t64([[0.5, -3]])).data[0]!, 2.0625);
  // exactly at delta both branches agree: 0.5
  close(huber(t64([[0]]), t64([[1]])).data[0]!, 0.5);
});

test('binaryCrossentropy from probabilities', () => {
  // -(ln 0.9) and -(ln 0.8)
  close(binaryCrossentropy(t64([[1], [0]]), t64([[0.9], [0.2]])).data[0]!, (-ln(0.9) - ln(0.8)) / 2);
  // two units per sample are averaged: row = (-ln 0.7 - ln 0.6) / 2
  close(binaryCrossentropy(t64([[1, 0]]), t64([[0.7, 0.4]])).data[0]!, (-ln(0.7) - ln(0.6)) / 2);
  // soft targets: -(0.3 ln 0.6 + 0.7 ln 0.4)
  close(binaryCrossentropy(t64([[0.3]]), t64([[0.6]])).data[0]!, -(0.3 * ln(0.6) + 0.7 * ln(0.4)));
});

test('binaryCrossentropy from logits and with label smoothing', () => {
  // -ln sigmoid(2) = ln(1 + e^-2); target 0, logit -1: -ln(1 - sigmoid(-1)) = ln(1 + e^-1)
  const v = binaryCrossentropy(t64([[1, 0]]), t64([[2, -1]]), null, { fromLogits: true }).data[0]!;
  close(v, (ln(1 + Math.exp(-2)) + ln(1 + Math.exp(-1))) / 2);
  // smoothing 0.2: target 1 -> 0.9, 0 -> 0.1
  const s = binaryCrossentropy(t64([[1], [0]]), t64([[0.8], [0.3]]), null, { labelSmoothing: 0.2 }).data[0]!;
  close(s, (-(0.9 * ln(0.8) + 0.1 * ln(0.2)) - (0.1 * ln(0.3) + 0.9 * ln(0.7))) / 2);
  const bound = binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2 });
  // logit 0 is p = 0.5 whatever the target: ln 2
  close(bound(t64([[1]]), t64([[0]])).data[0]!, ln(2));
});

test('categoricalCrossentropy from probabilities normalises the row first', () => {
  close(categoricalCrossentropy(t64([[0, 1, 0]]), t64([[0.1, 0.8, 0.1]])).data[0]!, -ln(0.8));
  // [1, 2, 1] / 4 -> the true class has 0.5
  close(categoricalCrossentropy(t64([[0, 1, 0]]), t64([[1, 2, 1]])).data[0]!, ln(2));
  // soft targets: -(0.25 ln 0.2 + 0.75 ln 0.5)
  close(categoricalCrossentropy(t64([[0.25, 0.75, 0]]), t64([[0.2, 0.5, 0.3]])).data[0]!, -(0.25 * ln(0.2) + 0.75 * ln(0.5)));
});

test('categoricalCrossentropy from logits and with label smoothing', () => {
  const lse = ln(Math.E + Math.E ** 2 + Math.E ** 3);
  close(categoricalCrossentropy(t64([[0, 1, 0]]), t64([[1, 2, 3]]), null, { fromLogits: true }).data[0]!, lse - 2);
  // smoothing 0.3 over 3 classes: [0, 1, 0] -> [0.1, 0.8, 0.1]
  const probs = [0.2, 0.5, 0.3];
  const expected = -(0.1 * ln(0.2) + 0.8 * ln(0.5) + 0.1 * ln(0.3));
  close(categoricalCrossentropy(t64([[0, 1, 0]]), t64([probs]), null, { labelSmoothing: 0.3 }).data[0]!, expected);
  const bound = categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.3 });
  const logits = probs.map(ln); // softmax(ln p) = p since p sums to 1
  close(bound(t64([[0, 1, 0]]), t64([logits])).data[0]!, expected);
});

test('sparseCategoricalCrossentropy: labels [B] or [B, 1]', () => {
  const yPred = t64([[0.1, 0.8, 0.1], [0.5, 0.25, 0.25]]);
  const expected = (-ln(0.8) - ln(0.5)) / 2;
  close(sparseCategoricalCrossentropy(t64([1, 0]), yPred).data[0]!, expected);
  close(sparseCategoricalCrossentropy(t64([[1], [0]]), yPred).data[0]!, expected);
  // probabilities not summing to 1 are renormalised (log-probs used as logits): 2 / (1 + 2 + 1)
  close(sparseCategoricalCrossentropy(t64([1]), t64([[0.1, 0.2, 0.1]])).data[0]!, ln(2));
  // weights: (-ln 0.8 * 3 + -ln 0.5 * 1) / 2
  close(sparseCategoricalCrossentropy(t64([1, 0]), yPred, t64([3, 1])).data[0]!, (-3 * ln(0.8) - ln(0.5)) / 2);
});

test('sparseCategoricalCrossentropy on sequences [B, T, C] with labels [B, T]', () => {
  // B = 2, T = 2, C = 2 logits
  const logits = t64([[[0, 0], [1, 3]], [[2, 0], [0, 0]]]);
  const labels = t64([[0, 1], [1, 0]]);
  const rows = [ln(2), ln(1 + Math.exp(-2)), ln(1 + Math.exp(2)), ln(2)];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  close(sparseCategoricalCrossentropy(labels, logits, null, { fromLogits: true }).data[0]!, mean(rows));
  // labels [B, T, 1]
  close(sparseCategoricalCrossentropy(t64([[[0], [1]], [[1], [0]]]), logits, null, { fromLogits: true }).data[0]!, mean(rows));
  // [B, T] weights (a padding mask): the divisor stays B * T = 4
  const w = t64([[1, 1], [1, 0]]);
  close(sparseCategoricalCrossentropy(labels, logits, w, { fromLogits: true }).data[0]!, (rows[0]! + rows[1]! + rows[2]!) / 4);
  // [B] weights
  close(sparseCategoricalCrossentropy(labels, logits, t64([0, 2]), { fromLogits: true }).data[0]!, (2 * rows[2]! + 2 * rows[3]!) / 4);
});

test('float32 inputs give a float32 scalar close to the float64 value', () => {
  const l32 = categoricalCrossentropy(tensor([[0, 1, 0]]), tensor([[0.1, 0.8, 0.1]]));
  assert.equal(l32.dtype, 'float32');
  assert.ok(Math.abs(l32.data[0]! + ln(0.8)) < 1e-6);
});

test('an empty batch has loss 0', () => {
  const empty = tensor(new Float64Array(0), [0, 3], 'float64');
  assert.equal(meanSquaredError(empty, empty).data[0], 0);
  assert.equal(sparseCategoricalCrossentropy(tensor(new Float64Array(0), [0], 'float64'), empty).data[0], 0);
});
