import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Optimizer,
  type TrainableVariable,
  adagrad,
  adam,
  adamw,
  deserializeOptimizer,
  rmsprop,
  schedules,
  serializeOptimizer,
  sgd,
} from '../../src/optimizers/index.js';
import { assertBitIdentical, setGrad, variable } from './util.js';

const makers: [string, () => Optimizer][] = [
  ['sgd', () => sgd({ learningRate: 0.1 })],
  ['sgd nesterov', () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, clipNorm: 0.5 })],
  ['adam', () => adam({ learningRate: 0.01 })],
  ['adam amsgrad', () => adam({ learningRate: 0.01, amsgrad: true, globalClipNorm: 1 })],
  ['adamw schedule', () => adamw({ learningRate: schedules.cosineDecay({ initialLearningRate: 0.01, decaySteps: 5 }) })],
  ['rmsprop', () => rmsprop({ learningRate: 0.01, momentum: 0.5, centered: true, clipValue: 0.3 })],
  ['adagrad', () => adagrad({ learningRate: 0.05 })],
];

function gradientsFor(step: number): number[][] {
  // Irregular but deterministic values; float32 weights get float32 gradients from setGrad.
  const g = (i: number): number => Math.sin(7.3 * step + 1.7 * i) * (1 + 0.5 * Math.cos(3.1 * i));
  return [Array.from({ length: 6 }, (_, i) => g(i)), Array.from({ length: 3 }, (_, i) => g(10 + i))];
}

function model(): TrainableVariable[] {
  return [variable('dense/kernel', [0.1, -0.2, 0.3, 0.4, -0.5, 0.6], 'float32'), variable('dense/bias', [0, 0.1, -0.1], 'float32')];
}

function step(opt: Optimizer, vars: TrainableVariable[], s: number): void {
  const g = gradientsFor(s);
  vars.forEach((v, i) => setGrad(v, g[i]!));
  opt.applyGradients(vars);
}

for (const [label, make] of makers) {
  test(`state round trip (${label}): stop after 3 steps, resume from JSON, bit-identical to an uninterrupted run`, () => {
    const straight = make();
    const straightVars = model();
    for (let s = 0; s < 6; s++) step(straight, straightVars, s);

    const first = make();
    const firstVars = model();
    for (let s = 0; s < 3; s++) step(first, firstVars, s);
    const savedState = JSON.stringify(first.getState());
    const savedConfig = JSON.stringify(serializeOptimizer(first));
    const savedWeights = firstVars.map((v) => Array.from(v.value.data));

    const resumed = deserializeOptimizer(JSON.parse(savedConfig));
    resumed.setState(JSON.parse(savedState));
    assert.equal(resumed.iterations, 3);
    const resumedVars = model();
    resumedVars.forEach((v, i) => v.value.data.set(savedWeights[i]!));
    for (let s = 3; s < 6; s++) step(resumed, resumedVars, s);

    resumedVars.forEach((v, i) => assertBitIdentical(v.value.data, straightVars[i]!.value.data, `${label} ${v.name}`));
    assert.deepEqual(resumed.getState(), straight.getState());
  });
}

test('getState returns copies; setState replaces all slots and iterations', () => {
  const v = variable('w', [1, 2]);
  const opt = adam();
  setGrad(v, [0.1, 0.2]);
  opt.applyGradients([v]);
  const state = opt.getState();
  const m = state.slots['w']!.values['momentum']!.slice();
  opt.applyGradients([v]);
  assert.deepEqual(state.slots['w']!.values['momentum'], m, 'state is a snapshot');
  opt.setState(state);
  assert.equal(opt.iterations, 1);
  assert.deepEqual(opt.getState(), state);
  opt.setState({ className: 'Adam', iterations: 0, slots: {} });
  assert.deepEqual(opt.getState().slots, {});
});

test('setState restores a learning rate changed during training', () => {
  const a = sgd({ learningRate: 0.1 });
  a.learningRate = 0.025;
  const b = sgd({ learningRate: 0.1 });
  b.setState(JSON.parse(JSON.stringify(a.getState())));
  assert.equal(b.currentLearningRate(), 0.025);
});

test('setState errors', () => {
  const opt = adam();
  assert.throws(() => opt.setState(null as never), /Adam\.setState: argument 'state' expected an object/);
  assert.throws(() => opt.setState({ className: 'SGD', iterations: 0, slots: {} }), /Adam\.setState: argument 'state\.className' expected 'Adam', got "SGD"/);
  assert.throws(() => opt.setState({ className: 'Adam', iterations: -1, slots: {} }), /argument 'state\.iterations' expected an integer >= 0, got -1/);
  assert.throws(
    () => opt.setState({ className: 'Adam', iterations: 1, slots: { w: { dtype: 'float32', values: { momentum: [0] } } } }),
    /argument 'state\.slots\['w'\]\.values' expected slots \[momentum, velocity\] for this Adam configuration, got \[momentum\]/,
  );
  assert.throws(
    () => opt.setState({ className: 'Adam', iterations: 1, slots: { w: { dtype: 'float32', values: { momentum: [0], velocity: [0, 1] } } } }),
    /has 2 values, expected 1/,
  );
  assert.throws(
    () => opt.setState({ className: 'Adam', iterations: 1, slots: { w: { dtype: 'int8' as never, values: {} } } }),
    /state\.slots\['w'\]' expected \{dtype/,
  );
  const sched = adam({ learningRate: schedules.cosineDecay({ initialLearningRate: 1, decaySteps: 2 }) });
  assert.throws(() => sched.setState({ className: 'Adam', iterations: 0, learningRate: 0.1, slots: {} }), /uses a CosineDecay schedule/);
  // A restored state whose size no longer fits the variable is caught at the next update.
  opt.setState({ className: 'Adam', iterations: 1, slots: { w: { dtype: 'float64', values: { momentum: [0], velocity: [0] } } } });
  const v = variable('w', [1, 2]);
  setGrad(v, [1, 1]);
  assert.throws(() => opt.applyGradients([v]), /Adam\.applyGradients: variable 'w' has 2 values but the optimizer's state for it has 1/);
  assert.deepEqual(Array.from(v.value.data), [1, 2], 'nothing changed');
});

test('applyGradients errors (nothing is changed when they throw)', () => {
  const opt = sgd();
  const a = variable('a', [1, 2]);
  const b = variable('a', [3]);
  setGrad(a, [1, 1]);
  setGrad(b, [1]);
  assert.throws(() => opt.applyGradients([a, b]), /SGD\.applyGradients: variable name 'a' appears twice/);
  const c = variable('c', [1, 2]);
  setGrad(c, [1, 2, 3]);
  assert.throws(() => opt.applyGradients([c]), /SGD\.applyGradients: gradient of 'c' has 3 values, expected 2/);
  setGrad(c, null);
  assert.throws(() => opt.applyGradients([c]), /SGD\.applyGradients: no gradients provided for any variable \(c\)/);
  assert.deepEqual(Array.from(c.value.data), [1, 2]);
  assert.equal(opt.iterations, 0);
  opt.applyGradients([]);
  assert.equal(opt.iterations, 0, 'an empty list is a no-op, as in Keras');
});
