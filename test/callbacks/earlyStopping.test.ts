import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyStopping, earlyStopping, resolveMonitorMode, type EarlyStoppingArgs } from '../../src/models/callbacks/earlyStopping.js';
import type { Callback } from '../../src/models/callbacks/callback.js';
import { FakeModel, capture } from './fakes.js';

/**
 * Runs epochs like `fit` does: the model's weight is set to the epoch index before each
 * epoch ends, so the weight after training names the epoch whose weights are in the model.
 * Returns the epochs that ran and the final weight.
 */
function run(args: EarlyStoppingArgs, values: number[], key = 'val_loss'): { ran: number[]; weight: number; cb: EarlyStopping; model: FakeModel } {
  const cb = earlyStopping(args);
  const model = new FakeModel();
  cb.setModel(model);
  cb.onTrainBegin();
  const ran: number[] = [];
  for (let epoch = 0; epoch < values.length && !model.stopTraining; epoch++) {
    model.weight = epoch;
    cb.onEpochEnd(epoch, { loss: 0, [key]: values[epoch]! });
    ran.push(epoch);
  }
  cb.onTrainEnd();
  return { ran, weight: model.weight, cb, model };
}

test('patience 2: stops after two epochs without improvement', () => {
  // best 1.0 (e0), 0.8 (e1); e2 and e3 do not beat 0.8 -> wait reaches 2 at e3.
  const { ran, cb } = run({ patience: 2 }, [1.0, 0.8, 0.9, 0.85, 0.7, 0.6]);
  assert.deepEqual(ran, [0, 1, 2, 3]);
  assert.equal(cb.stoppedEpoch, 3);
  assert.equal(cb.best, 0.8);
  assert.equal(cb.bestEpoch, 1);
});

test('patience 0 stops at the first epoch without improvement, never at epoch 0', () => {
  assert.deepEqual(run({ patience: 0 }, [1, 1.1, 0.5]).ran, [0, 1]);
  assert.deepEqual(run({ patience: 0 }, [1, 0.9, 0.95, 0.1]).ran, [0, 1, 2]);
  // An equal value is not an improvement (strict comparison, as in Keras).
  assert.deepEqual(run({ patience: 0 }, [1, 1, 0.5]).ran, [0, 1]);
});

test('all epochs run while the value keeps improving', () => {
  const { ran, cb } = run({ patience: 0 }, [5, 4, 3, 2]);
  assert.deepEqual(ran, [0, 1, 2, 3]);
  assert.equal(cb.stoppedEpoch, 0);
});

test('minDelta: an improvement must exceed it', () => {
  // 0.85 beats 1.0 by 0.15 > 0.1; 0.80 beats 0.85 by only 0.05 -> no improvement, stop at e2.
  assert.deepEqual(run({ patience: 1, minDelta: 0.1 }, [1.0, 0.85, 0.8, 0.7]).ran, [0, 1, 2]);
  // Without minDelta 0.80 counts, and 0.7 too.
  assert.deepEqual(run({ patience: 1 }, [1.0, 0.85, 0.8, 0.7]).ran, [0, 1, 2, 3]);
  // Keras uses |minDelta|.
  assert.deepEqual(run({ patience: 1, minDelta: -0.1 }, [1.0, 0.85, 0.8, 0.7]).ran, [0, 1, 2]);
});

test("mode 'auto' maximises accuracy-like names and minimises the rest", () => {
  assert.equal(resolveMonitorMode('val_accuracy', 'auto'), 'max');
  assert.equal(resolveMonitorMode('acc', 'auto'), 'max');
  assert.equal(resolveMonitorMode('val_auc', 'auto'), 'max');
  assert.equal(resolveMonitorMode('precision', 'auto'), 'max');
  assert.equal(resolveMonitorMode('val_recall', 'auto'), 'max');
  assert.equal(resolveMonitorMode('f1_score', 'auto'), 'max');
  assert.equal(resolveMonitorMode('val_loss', 'auto'), 'min');
  assert.equal(resolveMonitorMode('mae', 'auto'), 'min');
  assert.equal(resolveMonitorMode('val_accuracy', 'min'), 'min');
  // 0.5, 0.6 improve; 0.6 again does not -> stop at e2.
  assert.deepEqual(run({ monitor: 'val_accuracy', patience: 1 }, [0.5, 0.6, 0.6, 0.9], 'val_accuracy').ran, [0, 1, 2]);
  // Forced 'min' on accuracy: 0.6 > 0.5 is no improvement -> stop at e1.
  assert.deepEqual(run({ monitor: 'val_accuracy', patience: 1, mode: 'min' }, [0.5, 0.6, 0.6], 'val_accuracy').ran, [0, 1]);
});

test('baseline: the wait count restarts only when the value also beats the baseline', () => {
  // wait: e0 1 (best .9, not < .5), e1 2 (improves, returns), e2 3 (improves), e3 4 (no) -> stop at e3.
  assert.deepEqual(run({ patience: 2, baseline: 0.5 }, [0.9, 0.8, 0.7, 0.7, 0.7, 0.7]).ran, [0, 1, 2, 3]);
  // Same values without a baseline: e3 wait 1, e4 wait 2 -> stop at e4.
  assert.deepEqual(run({ patience: 2 }, [0.9, 0.8, 0.7, 0.7, 0.7, 0.7]).ran, [0, 1, 2, 3, 4]);
  // e1 beats both best and baseline -> wait 0; e2 1; e3 2 -> stop at e3.
  assert.deepEqual(run({ patience: 2, baseline: 0.5 }, [0.9, 0.4, 0.45, 0.45, 0.45]).ran, [0, 1, 2, 3]);
});

test('startFromEpoch: epochs before it are not watched', () => {
  // e0, e1 ignored; e2 sets best 3; e3 2.5 improves; e4 2.6 does not -> stop at e4.
  const { ran, cb } = run({ patience: 0, startFromEpoch: 2 }, [1, 2, 3, 2.5, 2.6, 0]);
  assert.deepEqual(ran, [0, 1, 2, 3, 4]);
  assert.equal(cb.bestEpoch, 3);
});

test('restoreBestWeights: the best epoch\'s weights are set back when patience runs out', () => {
  const { ran, weight, model } = run({ patience: 2, restoreBestWeights: true }, [1.0, 0.8, 0.9, 0.85, 0.7]);
  assert.deepEqual(ran, [0, 1, 2, 3]);
  assert.equal(weight, 1);
  assert.equal(model.setWeightsCalls, 1);
});

test('restoreBestWeights: Keras 3 also restores when every epoch ran', () => {
  const { ran, weight } = run({ patience: 5, restoreBestWeights: true }, [1.0, 0.5, 0.7]);
  assert.deepEqual(ran, [0, 1, 2]);
  assert.equal(weight, 1);
  // Best at the last epoch: the weights stay those of the last epoch.
  assert.equal(run({ patience: 5, restoreBestWeights: true }, [1.0, 0.7, 0.5]).weight, 2);
  // With startFromEpoch, the best is looked for only from that epoch on.
  assert.equal(run({ patience: 5, restoreBestWeights: true, startFromEpoch: 2 }, [0.1, 0.2, 0.6, 0.4, 0.5]).weight, 3);
});

test('without restoreBestWeights the weights are left alone', () => {
  // Stops at e2 (0.7 does not beat 0.5); the weights stay those of e2.
  const { ran, weight, model } = run({ patience: 1 }, [1.0, 0.5, 0.7, 0.8]);
  assert.deepEqual(ran, [0, 1, 2]);
  assert.equal(weight, 2);
  assert.equal(model.setWeightsCalls, 0);
});

test('a missing monitor warns once, listing the logged names, and never stops', async () => {
  const cb = earlyStopping({ patience: 0 });
  const model = new FakeModel();
  cb.setModel(model);
  cb.onTrainBegin();
  const warnings = await capture('warn', () => {
    for (let epoch = 0; epoch < 4; epoch++) cb.onEpochEnd(epoch, { loss: 1, accuracy: 0.5 });
  });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /'val_loss' which is not available\. Available metrics are: loss,accuracy/);
  assert.equal(model.stopTraining, false);
  // A new training warns again.
  cb.onTrainBegin();
  assert.equal((await capture('warn', () => cb.onEpochEnd(0, { loss: 1 }))).length, 1);
});

test('an instance can be reused: onTrainBegin resets its state', () => {
  const cb = earlyStopping({ patience: 0 });
  const model = new FakeModel();
  cb.setModel(model);
  cb.onTrainBegin();
  cb.onEpochEnd(0, { val_loss: 1 });
  cb.onEpochEnd(1, { val_loss: 2 });
  assert.equal(model.stopTraining, true);
  model.stopTraining = false;
  cb.onTrainBegin();
  assert.equal(cb.best, null);
  cb.onEpochEnd(0, { val_loss: 5 });
  cb.onEpochEnd(1, { val_loss: 4 });
  assert.equal(model.stopTraining, false);
});

test('verbose 1 prints the stop and the restore', async () => {
  const lines = await capture('log', () => run({ patience: 1, restoreBestWeights: true, verbose: 1 }, [1, 0.5, 0.7, 0.8]));
  assert.deepEqual(lines, ['Epoch 3: early stopping', 'Restoring model weights from the end of the best epoch: 2.']);
});

test('bad options throw naming the option', () => {
  assert.throws(() => earlyStopping({ patient: 3 } as EarlyStoppingArgs), /earlyStopping: unknown option 'patient'/);
  assert.throws(() => earlyStopping({ patience: -1 }), /option 'patience' expected an integer >= 0, got -1/);
  assert.throws(() => earlyStopping({ patience: 1.5 }), /option 'patience'/);
  assert.throws(() => earlyStopping({ mode: 'bigger' as 'max' }), /option 'mode' expected one of 'auto', 'min', 'max', got "bigger"/);
  assert.throws(() => earlyStopping({ monitor: '' }), /option 'monitor'/);
  assert.throws(() => earlyStopping({ minDelta: NaN }), /option 'minDelta'/);
  assert.throws(() => earlyStopping({ baseline: Infinity }), /option 'baseline'/);
  assert.throws(() => earlyStopping({ restoreBestWeights: 1 as unknown as boolean }), /option 'restoreBestWeights' expected true or false/);
  assert.throws(() => earlyStopping({ startFromEpoch: -2 }), /option 'startFromEpoch'/);
});

test('used without a model it says so', () => {
  const cb = earlyStopping();
  assert.throws(() => cb.onEpochEnd(0, { val_loss: 1 }), /earlyStopping: the callback has no model/);
});

test('it is a Callback', () => {
  const callbacks: Callback[] = [earlyStopping()];
  assert.equal(callbacks.length, 1);
});
