import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Tensor } from '../../src/tensor/tensor.js';
import { regularizers } from '../../src/index.js';
import { assertClose, flat } from '../helpers/fixtures.js';
import { checkGradients, randomTensor, setSeed } from '../helpers/gradcheck.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/conv/regularizers_constraints.json', import.meta.url), 'utf8'));

test('Keras defaults: l1, l2 and l1l2 each use 0.01', () => {
  assert.deepEqual([regularizers.l1().l1, regularizers.l1().l2], [0.01, 0]);
  assert.deepEqual([regularizers.l2().l1, regularizers.l2().l2], [0, 0.01]);
  assert.deepEqual([regularizers.l1l2().l1, regularizers.l1l2().l2], [0.01, 0.01]);
  assert.equal(regularizers.l2().penalty([1, -2]), 0.05);
  assert.ok(Math.abs(regularizers.l1({ l1: 0.001 }).penalty([1, -2]) - 0.003) < 1e-15);
});

for (const c of fixture.regularizers) {
  test(`penalty and gradient match PyTorch autograd: l1 ${c.l1}, l2 ${c.l2}`, () => {
    const r = regularizers.l1l2({ l1: c.l1, l2: c.l2 });
    const w = flat(c.w);
    assert.ok(Math.abs(r.penalty(w) - c.penalty) <= 1e-12 * Math.max(1, c.penalty));
    const g = new Float64Array(w.length);
    r.addGradient(w, g);
    assertClose(g, c.grad, 'gradient', 1e-12, 1e-14);
    // Accumulates with a scale.
    r.addGradient(w, g, 2);
    assertClose(g, flat(c.grad).map((v) => 3 * v), 'accumulated', 1e-12, 1e-14);
  });
}

test('regularizationPenalty is a differentiable scalar (finite differences, away from w = 0)', () => {
  setSeed(2);
  const w = randomTensor([3, 4], 0.1, 1);
  for (let i = 0; i < w.size; i += 2) w.data[i] = -w.data[i]!;
  checkGradients(() => regularizers.regularizationPenalty(regularizers.l1l2({ l1: 0.03, l2: 0.2 }), w), [w]);
});

test('Keras / tfjs serialisation both ways', () => {
  assert.deepEqual(regularizers.regularizerToKeras(regularizers.l2({ l2: 1e-4 })), { class_name: 'L1L2', config: { l1: 0, l2: 1e-4 } });
  const k3 = regularizers.regularizerFromKeras({ class_name: 'L2', config: { l2: 0.001 } });
  assert.deepEqual([k3.className, k3.l1, k3.l2], ['L2', 0, 0.001]);
  const k2 = regularizers.regularizerFromKeras({ class_name: 'L1L2', config: { l1: 0.5, l2: 0 } });
  assert.deepEqual([k2.l1, k2.l2], [0.5, 0]);
  assert.equal(regularizers.regularizerFromKeras('l1').l1, 0.01);
  assert.equal(regularizers.getRegularizer('l1_l2', 'x', 'y').className, 'L1L2');
  assert.throws(() => regularizers.regularizerFromKeras({ class_name: 'OrthogonalRegularizer', config: {} }), /class 'OrthogonalRegularizer' is not one lstm-ts has/);
  assert.throws(() => regularizers.l2({ l2: -1 }), /option 'l2' expected a finite number >= 0, got -1/);
  assert.throws(() => regularizers.l1({ l2: 1 } as never), /unknown option 'l2'/);
  assert.throws(() => regularizers.getRegularizer('l3', 'layers.dense', 'kernelRegularizer'), /layers.dense: option 'kernelRegularizer' expected a regularizer/);
});

test('a penalty steers plain gradient descent towards zero weights', () => {
  const w = new Tensor(Float64Array.from([1, -2, 0.5]), [3]);
  const r = regularizers.l2({ l2: 0.5 });
  for (let step = 0; step < 50; step++) {
    const g = new Float64Array(3);
    r.addGradient(w.data, g);
    for (let i = 0; i < 3; i++) w.data[i]! -= 0.1 * g[i]!;
  }
  assert.ok(r.penalty(w.data) < 1e-4 * r.penalty([1, -2, 0.5]), `penalty ${r.penalty(w.data)}`);
});
