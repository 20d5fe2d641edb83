/**
 * Compile-time checks (run by `tsc`): every callback here is a `Callback`, and a `Sequential`
 * is enough of a model for them. At run time this only checks the list is built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sequential } from '../../src/models/sequential.js';
import * as callbacks from '../../src/models/callbacks/index.js';

test('each callback is a Callback and accepts a Sequential', () => {
  const list: callbacks.Callback[] = [
    callbacks.earlyStopping(),
    callbacks.reduceLROnPlateau(),
    callbacks.learningRateScheduler((_epoch, lr) => lr),
    callbacks.csvLogger({ filename: 'unused.csv' }),
    callbacks.jsonLogger({ onLog: () => undefined }),
    new callbacks.ProgressLogger({ verbose: 0, epochs: 1, stepsPerEpoch: 1, metricNames: [] }),
    new callbacks.History(),
  ];
  const asModel = (model: Sequential): [callbacks.StoppableModel, callbacks.LearningRateModel] => [model, model];
  assert.equal(typeof asModel, 'function');
  assert.equal(new callbacks.CallbackList(list).callbacks.length, 7);
});
