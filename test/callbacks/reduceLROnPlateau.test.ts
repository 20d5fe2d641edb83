import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reduceLROnPlateau, type ReduceLROnPlateauArgs } from '../../src/models/callbacks/reduceLROnPlateau.js';
import type { Logs } from '../../src/models/callbacks/callback.js';
import { FakeModel, capture } from './fakes.js';

/** Runs epochs with scripted values; returns the `learning_rate` logged each epoch and the final rate. */
function run(args: ReduceLROnPlateauArgs, values: number[], key = 'loss', startRate = 0.1): { logged: number[]; final: number } {
  const cb = reduceLROnPlateau(args);
  const model = new FakeModel();
  model.optimizer.learningRate = startRate;
  cb.setModel(model);
  cb.onTrainBegin();
  const logged: number[] = [];
  values.forEach((value, epoch) => {
    const logs: Logs = { [key]: value };
    cb.onEpochEnd(epoch, logs);
    logged.push(logs['learning_rate']!);
  });
  return { logged, final: model.optimizer.learningRate as number };
}

function assertClose(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length, `lengths: ${actual} vs ${expected}`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) < 1e-12, `entry ${i}: ${a} vs ${expected[i]} (${actual})`));
}

test('patience 2, cooldown 1, minLr 0.02 on a flat loss', () => {
  // Hand-worked: e2 cut to .05 (cooldown 1); e3 cooldown ends, wait 1; e4 cut to .025;
  // e6 cut to max(.0125, .02) = .02; from then on rate == minLr and no cut happens.
  const { logged, final } = run({ monitor: 'loss', factor: 0.5, patience: 2, cooldown: 1, minLr: 0.02, minDelta: 0 }, Array(10).fill(1));
  assertClose(logged, [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02]);
  assert.equal(final, 0.02);
});

test('cooldown 2: counting resumes in the second epoch after a cut, as Keras counts', () => {
  // e2 cut to .05, cooldown 2; e3 counter 2->1 (in cooldown, no count); e4 counter 1->0, wait 1; e5 wait 2: cut to .025.
  const { logged } = run({ monitor: 'loss', factor: 0.5, patience: 2, cooldown: 2, minDelta: 0 }, Array(7).fill(1));
  assertClose(logged, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]);
});

test('an improvement resets the count; the default minDelta 1e-4 decides what improves', () => {
  // e1: 0.99995 is not below 1 - 1e-4 -> wait 1 >= 1 -> cut to .01; e2: 0.9998 improves.
  const { logged, final } = run({ monitor: 'loss', patience: 1 }, [1, 0.99995, 0.9998, 0.99975]);
  assertClose(logged, [0.1, 0.1, 0.01, 0.01]);
  // e3: 0.99975 is not below 0.9998 - 1e-4 -> cut again.
  assert.ok(Math.abs(final - 0.001) < 1e-12);
});

test('accuracy-like monitors are maximised', () => {
  // 0.5, 0.6 improve; 0.6 does not -> patience 1 cut at e2; 0.7 improves.
  const { logged, final } = run({ monitor: 'val_accuracy', patience: 1, factor: 0.5 }, [0.5, 0.6, 0.6, 0.7], 'val_accuracy');
  assertClose(logged, [0.1, 0.1, 0.1, 0.05]);
  assert.ok(Math.abs(final - 0.05) < 1e-12);
});

test('learning_rate is logged before the cut, and added for later callbacks', () => {
  const cb = reduceLROnPlateau({ monitor: 'loss', patience: 0 });
  const model = new FakeModel();
  cb.setModel(model);
  cb.onTrainBegin();
  const logs: Logs = { loss: 1 };
  cb.onEpochEnd(0, logs);
  assert.deepEqual(logs, { loss: 1, learning_rate: 0.1 });
});

test('a scheduled learning rate is refused with a clear error', () => {
  const schedule = Object.assign((step: number) => 0.1 * step, { className: 'ExponentialDecay', getConfig: () => ({}) });
  const cb = reduceLROnPlateau();
  const model = new FakeModel();
  model.optimizer.learningRate = schedule;
  cb.setModel(model);
  assert.throws(() => cb.onTrainBegin(), /reduceLROnPlateau: the optimizer's learningRate is a ExponentialDecay schedule, so a callback cannot set it/);
});

test('a missing monitor warns once and changes nothing', async () => {
  const cb = reduceLROnPlateau({ patience: 0 });
  const model = new FakeModel();
  cb.setModel(model);
  cb.onTrainBegin();
  const warnings = await capture('warn', () => {
    for (let e = 0; e < 3; e++) cb.onEpochEnd(e, { loss: 1 });
  });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /'val_loss' which is not available\. Available metrics are: loss,learning_rate/);
  assert.equal(model.optimizer.learningRate, 0.1);
});

test('verbose 1 prints each cut', async () => {
  const lines = await capture('log', () => run({ monitor: 'loss', patience: 0, factor: 0.5, verbose: 1 }, [1, 1]));
  assert.deepEqual(lines, ['\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.05.']);
});

test('bad options throw naming the option', () => {
  assert.throws(() => reduceLROnPlateau({ factor: 1 }), /reduceLROnPlateau: option 'factor' expected a number in \(0, 1\), got 1/);
  assert.throws(() => reduceLROnPlateau({ factor: 0 }), /option 'factor'/);
  assert.throws(() => reduceLROnPlateau({ patience: -1 }), /option 'patience'/);
  assert.throws(() => reduceLROnPlateau({ cooldown: 0.5 }), /option 'cooldown'/);
  assert.throws(() => reduceLROnPlateau({ minLr: -1 }), /option 'minLr'/);
  assert.throws(() => reduceLROnPlateau({ minDelta: -1 }), /option 'minDelta'/);
  assert.throws(() => reduceLROnPlateau({ mode: 'up' as 'max' }), /option 'mode'/);
  assert.throws(() => reduceLROnPlateau({ min_lr: 0 } as ReduceLROnPlateauArgs), /unknown option 'min_lr'/);
});
