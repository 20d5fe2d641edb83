import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam,
  deserializeOptimizer,
  getOptimizer,
  rmsprop,
  schedules,
  serializeOptimizer,
} from '../../src/optimizers/index.js';

test('getOptimizer: names give Keras defaults, instances pass through', () => {
  const expected: Record<string, [string, number]> = {
    sgd: ['SGD', 0.01],
    adam: ['Adam', 0.001],
    adamw: ['AdamW', 0.001],
    rmsprop: ['RMSprop', 0.001],
    adagrad: ['Adagrad', 0.001],
  };
  for (const [name, [className, lr]] of Object.entries(expected)) {
    const opt = getOptimizer(name);
    assert.equal(opt.className, className);
    assert.equal(opt.currentLearningRate(), lr);
    assert.notEqual(getOptimizer(name), opt, 'a fresh optimizer each time');
  }
  assert.equal(getOptimizer('Adam').className, 'Adam');
  assert.equal(getOptimizer('RMSprop').className, 'RMSprop');
  assert.ok(getOptimizer('adam') instanceof Adam);
  const mine = rmsprop({ learningRate: 0.5 });
  assert.equal(getOptimizer(mine), mine);
});

test('getOptimizer: unknown names list the allowed ones', () => {
  assert.throws(
    () => getOptimizer('adamax'),
    /getOptimizer: argument 'optimizer' expected an Optimizer or one of 'sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', got 'adamax'/,
  );
  assert.throws(() => getOptimizer(42 as never), /got number/);
  assert.throws(() => getOptimizer('toString'), /got 'toString'/);
});

test('serializeOptimizer / deserializeOptimizer round trip, schedules included', () => {
  const opt = rmsprop({
    learningRate: schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5 }),
    rho: 0.8,
    centered: true,
    clipNorm: 2,
  });
  const json = JSON.parse(JSON.stringify(serializeOptimizer(opt)));
  assert.deepEqual(json.config.learningRate, {
    className: 'ExponentialDecay',
    config: { initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: false },
  });
  const back = deserializeOptimizer(json);
  assert.equal(back.className, 'RMSprop');
  assert.deepEqual(back.getConfig(), opt.getConfig());
  back.iterations = 3;
  assert.equal(back.currentLearningRate(), 0.05);
  assert.throws(() => deserializeOptimizer({ className: 'Nadam', config: {} }), /deserializeOptimizer: argument 'serialized\.className' expected one of 'SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', got "Nadam"/);
});
