import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateScheduler } from '../../src/models/callbacks/learningRateScheduler.js';
import type { Logs } from '../../src/models/callbacks/callback.js';
import { FakeModel, capture } from './fakes.js';

test('the schedule sets the rate at each epoch begin from the current rate', () => {
  const cb = learningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.5));
  const model = new FakeModel();
  cb.setModel(model);
  cb.onTrainBegin();
  const used: number[] = [];
  const logged: number[] = [];
  for (let epoch = 0; epoch < 4; epoch++) {
    cb.onEpochBegin(epoch);
    used.push(model.optimizer.learningRate as number);
    const logs: Logs = { loss: 1 };
    cb.onEpochEnd(epoch, logs);
    logged.push(logs['learning_rate']!);
  }
  assert.deepEqual(used, [0.1, 0.1, 0.05, 0.025]);
  assert.deepEqual(logged, used);
});

test('a schedule of the epoch alone works too', () => {
  const cb = learningRateScheduler((epoch) => 0.01 * (epoch + 1));
  const model = new FakeModel();
  cb.setModel(model);
  cb.onEpochBegin(4);
  assert.ok(Math.abs((model.optimizer.learningRate as number) - 0.05) < 1e-15);
});

test('a bad schedule result throws naming the epoch', () => {
  const cb = learningRateScheduler((epoch) => (epoch === 1 ? NaN : 0.1));
  cb.setModel(new FakeModel());
  cb.onEpochBegin(0);
  assert.throws(() => cb.onEpochBegin(1), /learningRateScheduler: 'schedule' must return a finite number >= 0; for epoch 1 it returned null/);
  const negative = learningRateScheduler(() => -1);
  negative.setModel(new FakeModel());
  assert.throws(() => negative.onEpochBegin(0), /returned -1/);
});

test('a scheduled optimizer rate is refused at train begin', () => {
  const cb = learningRateScheduler((_e, lr) => lr);
  const model = new FakeModel();
  model.optimizer.learningRate = Object.assign(() => 0.1, { className: 'CosineDecay', getConfig: () => ({}) });
  cb.setModel(model);
  assert.throws(() => cb.onTrainBegin(), /learningRate is a CosineDecay schedule, so a callback cannot set it/);
});

test('bad arguments throw', () => {
  assert.throws(() => learningRateScheduler(0.1 as unknown as () => number), /argument 'schedule' expected a function/);
  assert.throws(() => learningRateScheduler(() => 1, -1), /option 'verbose'/);
  assert.throws(() => learningRateScheduler(() => 1).onEpochBegin(0), /no model/);
});

test('verbose 1 prints the new rate', async () => {
  const cb = learningRateScheduler(() => 0.02, 1);
  cb.setModel(new FakeModel());
  const lines = await capture('log', () => cb.onEpochBegin(2));
  assert.deepEqual(lines, ['\nEpoch 3: LearningRateScheduler setting learning rate to 0.02.']);
});
