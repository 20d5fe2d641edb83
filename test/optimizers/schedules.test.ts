import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cosineDecay,
  cosineDecayRestarts,
  deserializeSchedule,
  exponentialDecay,
  inverseTimeDecay,
  piecewiseConstantDecay,
  polynomialDecay,
  serializeSchedule,
  sgd,
} from '../../src/optimizers/index.js';
import { assertClose, setGrad, variable } from './util.js';

function values(schedule: (step: number) => number, steps: number[]): number[] {
  return steps.map((s) => schedule(s));
}

test('exponentialDecay: 0.1 * 0.5^(step/10), staircase floors the exponent', () => {
  const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
  assertClose(values(s, [0, 5, 10, 20]), [0.1, 0.1 / Math.SQRT2, 0.05, 0.025], 1e-15);
  const st = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
  assertClose(values(st, [0, 9, 10, 15, 20]), [0.1, 0.1, 0.05, 0.05, 0.025], 1e-15);
  assert.equal(s.className, 'ExponentialDecay');
});

test('inverseTimeDecay: lr / (1 + rate * step / steps)', () => {
  const s = inverseTimeDecay({ initialLearningRate: 1, decaySteps: 10, decayRate: 1 });
  assertClose(values(s, [0, 5, 10, 30]), [1, 1 / 1.5, 0.5, 0.25], 1e-15);
  const st = inverseTimeDecay({ initialLearningRate: 1, decaySteps: 10, decayRate: 1, staircase: true });
  assertClose(values(st, [5, 15, 20]), [1, 0.5, 1 / 3], 1e-15);
});

test('piecewiseConstantDecay: boundaries are inclusive on the left interval', () => {
  const s = piecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
  assert.deepEqual(values(s, [0, 10, 11, 20, 21, 1000]), [1, 1, 0.5, 0.5, 0.1, 0.1]);
});

test('polynomialDecay: linear, power 2, default end rate, cycle', () => {
  const lin = polynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0 });
  assertClose(values(lin, [0, 5, 10, 20]), [1, 0.5, 0, 0], 1e-15);
  const sq = polynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0, power: 2 });
  assertClose(values(sq, [5]), [0.25], 1e-15);
  const dflt = polynomialDecay({ initialLearningRate: 1, decaySteps: 10 });
  assertClose(values(dflt, [5, 100]), [0.9999 * 0.5 + 0.0001, 0.0001], 1e-15);
  const cyc = polynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0, cycle: true });
  // step 15 -> decay over 20 steps: 1 - 15/20 = 0.25; step 10 -> exactly the end rate.
  assertClose(values(cyc, [0, 5, 10, 15, 20]), [1, 0.5, 0, 0.25, 0], 1e-15);
});

test('cosineDecay: without and with alpha, with linear warmup', () => {
  const s = cosineDecay({ initialLearningRate: 1, decaySteps: 10 });
  assertClose(values(s, [0, 5, 10, 20]), [1, 0.5, 0, 0], 1e-15);
  const a = cosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.1 });
  assertClose(values(a, [5, 10]), [0.55, 0.1], 1e-15);
  const w = cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 4 });
  assertClose(values(w, [0, 2, 4, 9, 14, 100]), [0, 0.5, 1, 0.5, 0, 0], 1e-15);
});

test('cosineDecayRestarts: restarts at 10, 30 (tMul 2) with period halves', () => {
  const s = cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10 });
  // step 40 is a quarter into the third period (30..70): 0.5 * (1 + cos(pi / 4))
  assertClose(values(s, [0, 5, 10, 20, 40]), [1, 0.5, 1, 0.5, 0.5 * (1 + Math.SQRT1_2)], 1e-12);
  const m = cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10, mMul: 0.5, tMul: 1 });
  assertClose(values(m, [10, 15, 20]), [0.5, 0.25, 0.25], 1e-12);
});

test('the optimizer evaluates its schedule at iterations (the count before the update)', () => {
  const v = variable('w', [0]);
  const opt = sgd({ learningRate: piecewiseConstantDecay({ boundaries: [0], values: [1, 0.1] }) });
  assert.equal(opt.currentLearningRate(), 1);
  setGrad(v, [1]);
  opt.applyGradients([v]); // step 0: lr 1
  assertClose(v.value.data, [-1], 0);
  assert.equal(opt.currentLearningRate(), 0.1);
  opt.applyGradients([v]); // step 1: lr 0.1
  assertClose(v.value.data, [-1.1], 1e-15);
});

test('learningRate is settable (e.g. by reduceLROnPlateau) and validated', () => {
  const v = variable('w', [0]);
  const opt = sgd({ learningRate: 1 });
  opt.learningRate = 0.5;
  setGrad(v, [1]);
  opt.applyGradients([v]);
  assertClose(v.value.data, [-0.5], 0);
  opt.learningRate = exponentialDecay({ initialLearningRate: 2, decaySteps: 1, decayRate: 0.5 });
  assert.equal(opt.currentLearningRate(), 1); // 2 * 0.5^1 at iterations = 1
  assert.throws(() => {
    opt.learningRate = -0.1;
  }, /SGD\.learningRate: option 'learningRate' expected a finite number >= 0 or a LearningRateSchedule, got -0\.1/);
  assert.throws(() => {
    opt.learningRate = ((step: number) => step) as never;
  }, /a function without className\/getConfig/);
});

test('schedules serialise and deserialise to the same values', () => {
  const all = [
    exponentialDecay({ initialLearningRate: 0.1, decaySteps: 7, decayRate: 0.3, staircase: true }),
    inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 7, decayRate: 0.3 }),
    piecewiseConstantDecay({ boundaries: [3, 8], values: [0.3, 0.2, 0.1] }),
    polynomialDecay({ initialLearningRate: 0.1, decaySteps: 7, power: 0.5, cycle: true }),
    cosineDecay({ initialLearningRate: 0.1, decaySteps: 7, alpha: 0.2, warmupTarget: 0.3, warmupSteps: 2 }),
    cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 3, tMul: 1.5, mMul: 0.9, alpha: 0.1 }),
  ];
  const steps = [0, 1, 2, 3, 5, 8, 13, 21];
  for (const s of all) {
    const back = deserializeSchedule(JSON.parse(JSON.stringify(serializeSchedule(s))));
    assert.equal(back.className, s.className);
    assert.deepEqual(values(back, steps), values(s, steps), s.className);
  }
});

test('schedule errors name the schedule and the option', () => {
  assert.throws(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }), /exponentialDecay: option 'decaySteps' expected a finite number > 0, got 0/);
  assert.throws(() => inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: -1 }), /inverseTimeDecay: option 'decayRate'/);
  assert.throws(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5, stairs: true } as never), /exponentialDecay: unknown option 'stairs'/);
  assert.throws(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5, staircase: 1 as never }), /option 'staircase' expected true or false/);
  assert.throws(() => piecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] }), /piecewiseConstantDecay: option 'values' expected 3 entries \(one more than 'boundaries'\), got 2/);
  assert.throws(() => piecewiseConstantDecay({ boundaries: [2, 2], values: [1, 2, 3] }), /'boundaries' must be strictly increasing/);
  assert.throws(() => polynomialDecay({ initialLearningRate: 1, decaySteps: -3 }), /polynomialDecay: option 'decaySteps'/);
  assert.throws(() => cosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 2 }), /cosineDecay: option 'alpha'/);
  assert.throws(() => cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 0 }), /cosineDecayRestarts: option 'firstDecaySteps'/);
  const s = cosineDecay({ initialLearningRate: 1, decaySteps: 10 });
  assert.throws(() => s(-1), /CosineDecay: argument 'step' expected a finite number >= 0, got -1/);
  assert.throws(() => deserializeSchedule({ className: 'Nope', config: {} }), /deserializeSchedule: argument 'serialized.className' expected one of 'ExponentialDecay'.*got "Nope"/);
});
