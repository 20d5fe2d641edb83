// Extreme logits stay finite and exact; probability-mode losses clip at Keras's epsilon with a
// zero gradient where the clip is active.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NestedArray, Tensor, tensor } from '../../src/tensor/tensor.js';
import { backward, record } from '../../src/autograd/tape.js';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
} from '../../src/losses/index.js';
import type { LossFn } from '../../src/losses/index.js';

const t64 = (v: NestedArray) => tensor(v, undefined, 'float64');

function valueAndGrad(loss: LossFn, yTrue: Tensor, yPred: Tensor): { value: number; grad: number[] } {
  yPred.requiresGrad = true;
  yPred.grad = null;
  const out = record(() => loss(yTrue, yPred));
  backward(out);
  return { value: out.data[0]!, grad: Array.from(yPred.grad ?? new Float64Array(yPred.size)) };
}

const cceLogits = categoricalCrossentropy({ fromLogits: true });
const scceLogits = sparseCategoricalCrossentropy({ fromLogits: true });
const bceLogits = binaryCrossentropy({ fromLogits: true });

for (const dtype of ['float64', 'float32'] as const) {
  test(`cross-entropy of logits [1e4, 0] is exact (${dtype})`, () => {
    const logits = () => tensor([[1e4, 0]], undefined, dtype);
    // label 0: log-sum-exp is 1e4, minus the true logit 1e4 -> 0; gradient softmax - onehot = [0, 0]
    let r = valueAndGrad(cceLogits, tensor([[1, 0]], undefined, dtype), logits());
    assert.equal(r.value, 0);
    assert.deepEqual(r.grad, [0, 0]);
    r = valueAndGrad(scceLogits, tensor([0], undefined, dtype), logits());
    assert.equal(r.value, 0);
    // label 1: 1e4 - 0; gradient [1, -1]
    r = valueAndGrad(cceLogits, tensor([[0, 1]], undefined, dtype), logits());
    assert.equal(r.value, 1e4);
    assert.deepEqual(r.grad, [1, -1]);
    r = valueAndGrad(scceLogits, tensor([1], undefined, dtype), logits());
    assert.equal(r.value, 1e4);
    assert.deepEqual(r.grad, [1, -1]);
    // both logits huge and negative: only their difference matters (ln 2 for equal logits)
    r = valueAndGrad(scceLogits, tensor([1], undefined, dtype), tensor([[-1e4, -1e4]], undefined, dtype));
    assert.ok(Math.abs(r.value - Math.log(2)) < 1e-7);
    assert.ok(r.grad.every((g) => Math.abs(Math.abs(g) - 0.5) < 1e-7));
  });

  test(`binary cross-entropy of logits ±1e4 is exact (${dtype})`, () => {
    // per element: max(x,0) - x y + log1p(exp(-|x|)); mean over the 4 units
    const yTrue = tensor([[1, 0, 1, 0]], undefined, dtype);
    const r = valueAndGrad(bceLogits, yTrue, tensor([[1e4, 1e4, -1e4, -1e4]], undefined, dtype));
    assert.equal(r.value, (0 + 1e4 + 1e4 + 0) / 4);
    // sigmoid(x) - y, divided by 4 units
    assert.deepEqual(r.grad, [0, 0.25, -0.25, 0]);
  });
}

test('probability-mode cross-entropies clip at 1e-7: the value at yPred = 0 is -log(1e-7)', () => {
  const cap = -Math.log(1e-7);
  assert.ok(Math.abs(binaryCrossentropy(t64([[1]]), t64([[0]])).data[0]! - cap) < 1e-12);
  assert.ok(Math.abs(categoricalCrossentropy(t64([[1, 0]]), t64([[0, 1]])).data[0]! - cap) < 1e-12);
  // sparse: clip both to [1e-7, 1 - 1e-7], renormalise (they still sum to 1)
  assert.ok(Math.abs(sparseCategoricalCrossentropy(t64([0]), t64([[0, 1]])).data[0]! - cap) < 1e-12);
  // the other side: target 0, prediction 1 -> -log(1 - (1 - 1e-7))
  const top = -Math.log(1 - (1 - 1e-7));
  assert.ok(Math.abs(binaryCrossentropy(t64([[0]]), t64([[1]])).data[0]! - top) < 1e-12);
  // predictions beyond [0, 1] clip the same way
  assert.ok(Math.abs(binaryCrossentropy(t64([[1]]), t64([[-3]])).data[0]! - cap) < 1e-12);
});

test('in float32 the clip bounds are float32 numbers, as in Keras', () => {
  // 1 - 1e-7 rounds to 1 - 2^-23 in float32, so a confident wrong 1 costs -ln(2^-23) = 15.9424
  const v = binaryCrossentropy(tensor([[0]]), tensor([[1]])).data[0]!;
  assert.ok(Math.abs(v - 23 * Math.LN2) < 1e-5, `${v}`);
  const w = binaryCrossentropy(tensor([[1]]), tensor([[0]])).data[0]!;
  assert.ok(Math.abs(w + Math.log(Math.fround(1e-7))) < 1e-5, `${w}`);
});

test('the gradient is zero where the clip is active and flows inside it', () => {
  // BCE: entries 0, 1 and 1e-9 are clipped; 0.5 is not: d/dp = ((1-y)/(1-p) - y/p) / 4 = -2/4
  let r = valueAndGrad(binaryCrossentropy, t64([[1, 0, 1, 1]]), t64([[0, 1, 1e-9, 0.5]]));
  assert.deepEqual(r.grad, [0, 0, 0, -0.5]);
  // CCE: q = [0, 1] is clipped on both sides -> no gradient at all
  r = valueAndGrad(categoricalCrossentropy, t64([[1, 0]]), t64([[0, 1]]));
  assert.deepEqual(r.grad, [0, 0]);
  // SCCE: p = [0, 1] both clipped -> no gradient
  r = valueAndGrad(sparseCategoricalCrossentropy, t64([0]), t64([[0, 1]]));
  assert.deepEqual(r.grad, [0, 0]);
  // SCCE: a clipped wrong class still lowers its neighbours through the sum:
  // p = [0, 0.5, 0.5], label 1: loss = ln(1e-7 + 1) - ln 0.5; d/dp_1 = 1/S - 1/0.5, d/dp_2 = 1/S
  r = valueAndGrad(sparseCategoricalCrossentropy, t64([1]), t64([[0, 0.5, 0.5]]));
  const s = 1e-7 + 1;
  assert.equal(r.grad[0], 0);
  assert.ok(Math.abs(r.grad[1]! - (1 / s - 2)) < 1e-12);
  assert.ok(Math.abs(r.grad[2]! - 1 / s) < 1e-12);
});

test('probability-mode losses stay finite for saturated predictions, logits mode for huge logits', () => {
  const checks: [LossFn, Tensor, Tensor][] = [
    [binaryCrossentropy, t64([[1, 0]]), t64([[0, 1]])],
    [categoricalCrossentropy, t64([[1, 0, 0]]), t64([[0, 0, 1]])],
    [sparseCategoricalCrossentropy, t64([2]), t64([[1, 0, 0]])],
    [bceLogits, t64([[1, 0]]), t64([[-1e300, 1e300]])],
    [cceLogits, t64([[1, 0, 0]]), t64([[-1e300, 0, 1e300]])],
    [scceLogits, t64([0]), t64([[-1e300, 0, 1e300]])],
  ];
  for (const [loss, yTrue, yPred] of checks) {
    const r = valueAndGrad(loss, yTrue, yPred);
    assert.ok(Number.isFinite(r.value), `value ${r.value}`);
    assert.ok(r.grad.every(Number.isFinite), `grad ${r.grad}`);
  }
});
