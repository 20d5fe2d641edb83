// Finite-difference checks (float64) of every loss: rank-2 and rank-3 predictions, with and
// without sample weights, both fromLogits modes; plus the tape's bookkeeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { backward, record } from '../../src/autograd/tape.js';
import { uniform } from '../../src/tensor/random.js';
import { checkGradients, randomTensor, setSeed } from '../helpers/gradcheck.js';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  huber,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from '../../src/losses/index.js';
import type { LossFn } from '../../src/losses/index.js';

const SHAPES: number[][] = [
  [3, 4],
  [2, 3, 4],
];

/** Weights of the per-sample shape, and of the batch axis only. */
function weightVariants(shape: number[]): (Tensor | null)[] {
  const lossShape = shape.slice(0, -1);
  return [null, randomTensor([lossShape[0]!], 0.1, 2, false), randomTensor(lossShape, 0, 2, false)];
}

/** One-hot rows (or soft targets when `soft`), float64. */
function targetsFor(shape: number[], kind: 'dense' | 'binary' | 'onehot' | 'soft' | 'sparse'): Tensor {
  const classes = shape[shape.length - 1]!;
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (kind === 'sparse') {
    const labels = new Float64Array(rows);
    for (let r = 0; r < rows; r++) labels[r] = Math.floor(uniform(0, classes));
    return new Tensor(labels, shape.slice(0, -1));
  }
  const data = new Float64Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    if (kind === 'onehot') data[r * classes + Math.floor(uniform(0, classes))] = 1;
    else if (kind === 'soft') {
      let s = 0;
      for (let j = 0; j < classes; j++) s += data[r * classes + j] = uniform(0, 1);
      for (let j = 0; j < classes; j++) data[r * classes + j]! /= s;
    } else {
      for (let j = 0; j < classes; j++) {
        data[r * classes + j] = kind === 'binary' ? (uniform(0, 1) < 0.5 ? 0 : 1) : uniform(-1, 1);
      }
    }
  }
  return new Tensor(data, shape);
}

interface Case {
  label: string;
  loss: LossFn;
  targets: 'dense' | 'binary' | 'onehot' | 'soft' | 'sparse';
  /** Range of the predictions: probabilities stay clear of the clip, logits roam. */
  lo: number;
  hi: number;
}

const CASES: Case[] = [
  { label: 'meanSquaredError', loss: meanSquaredError, targets: 'dense', lo: -2, hi: 2 },
  { label: 'meanAbsoluteError', loss: meanAbsoluteError, targets: 'dense', lo: -2, hi: 2 },
  // errors up to 3 exercise both branches
  { label: 'huber', loss: huber, targets: 'dense', lo: -2, hi: 2 },
  { label: 'huber delta 0.5', loss: huber({ delta: 0.5 }), targets: 'dense', lo: -2, hi: 2 },
  { label: 'binaryCrossentropy probs', loss: binaryCrossentropy, targets: 'binary', lo: 0.02, hi: 0.98 },
  { label: 'binaryCrossentropy probs soft', loss: binaryCrossentropy({ labelSmoothing: 0.1 }), targets: 'dense', lo: 0.02, hi: 0.98 },
  { label: 'binaryCrossentropy logits', loss: binaryCrossentropy({ fromLogits: true }), targets: 'binary', lo: -4, hi: 4 },
  { label: 'categoricalCrossentropy probs', loss: categoricalCrossentropy, targets: 'onehot', lo: 0.05, hi: 1 },
  { label: 'categoricalCrossentropy probs soft', loss: categoricalCrossentropy, targets: 'soft', lo: 0.05, hi: 1 },
  { label: 'categoricalCrossentropy logits', loss: categoricalCrossentropy({ fromLogits: true }), targets: 'onehot', lo: -4, hi: 4 },
  {
    label: 'categoricalCrossentropy logits smoothed',
    loss: categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.2 }),
    targets: 'onehot',
    lo: -4,
    hi: 4,
  },
  { label: 'sparseCategoricalCrossentropy probs', loss: sparseCategoricalCrossentropy, targets: 'sparse', lo: 0.02, hi: 0.98 },
  {
    label: 'sparseCategoricalCrossentropy logits',
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
    targets: 'sparse',
    lo: -4,
    hi: 4,
  },
];

for (const c of CASES) {
  test(`gradient of ${c.label} matches finite differences (rank 2 and 3, with and without weights)`, () => {
    setSeed(11);
    for (const shape of SHAPES) {
      for (const w of weightVariants(shape)) {
        const yTrue = targetsFor(shape, c.targets);
        const yPred = randomTensor(shape, c.lo, c.hi);
        const label = `${c.label} ${JSON.stringify(shape)} weights ${w ? JSON.stringify(w.shape) : 'none'}`;
        checkGradients(() => c.loss(yTrue, yPred, w), [yPred], { label });
      }
    }
  });
}

test('the backward pass scales with the upstream gradient and accumulates into yPred.grad', () => {
  setSeed(3);
  const yTrue = targetsFor([2, 3], 'dense');
  const yPred = randomTensor([2, 3]);
  // d/dp of mean over 6 entries of (p - t)^2 is 2 (p - t) / 6
  const expected = Array.from(yPred.data, (p, i) => (2 * (p - yTrue.data[i]!)) / 6);
  const loss = record(() => meanSquaredError(yTrue, yPred));
  backward(loss, [3]);
  yPred.grad!.forEach((g, i) => assert.ok(Math.abs(g - 3 * expected[i]!) < 1e-14));
  // a second loss adds to the existing gradient
  const again = record(() => meanSquaredError(yTrue, yPred));
  backward(again);
  yPred.grad!.forEach((g, i) => assert.ok(Math.abs(g - 4 * expected[i]!) < 1e-14));
});

test('no gradient flows to yTrue or sampleWeight, and nothing is recorded outside record()', () => {
  const yTrue = randomTensor([2, 2]);
  const yPred = randomTensor([2, 2]);
  const w = randomTensor([2], 0, 1);
  const loss = record(() => meanSquaredError(yTrue, yPred, w));
  backward(loss);
  assert.equal(yTrue.grad, null);
  assert.equal(w.grad, null);
  assert.ok(yPred.grad);
  const plain = meanSquaredError(yTrue, yPred);
  assert.equal(plain.requiresGrad, false);
  assert.equal(plain.creator, null);
  // predictions that do not require grad record nothing even inside record()
  const frozen = tensor([[0.5, 0.5]], undefined, 'float64');
  const l2 = record(() => binaryCrossentropy(tensor([[1, 0]], undefined, 'float64'), frozen));
  assert.equal(l2.requiresGrad, false);
});

test('a zero weight removes a sample from the gradient', () => {
  const yTrue = tensor([[0], [0]], undefined, 'float64');
  const yPred = randomTensor([2, 1]);
  backward(record(() => meanSquaredError(yTrue, yPred, tensor([1, 0], undefined, 'float64'))));
  assert.equal(yPred.grad![1], 0);
  // the first row is still divided by both rows: 2 p / 2
  assert.ok(Math.abs(yPred.grad![0]! - yPred.data[0]!) < 1e-15);
});
