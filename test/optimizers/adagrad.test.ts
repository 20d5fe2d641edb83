import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adagrad } from '../../src/optimizers/index.js';
import { assertClose, setGrad, variable } from './util.js';

test('adagrad: Keras defaults', () => {
  const c = adagrad().getConfig();
  assert.equal(c['learningRate'], 0.001);
  assert.equal(c['initialAccumulatorValue'], 0.1);
  assert.equal(c['epsilon'], 1e-7);
  assert.equal(adagrad().className, 'Adagrad');
});

test('adagrad: hand-worked steps (accumulator starts at 0.1)', () => {
  const v = variable('w', [1, 1]);
  const opt = adagrad({ learningRate: 0.1, epsilon: 0 });
  setGrad(v, [1, 3]);
  opt.applyGradients([v]);
  // acc = [1.1, 9.1]
  assertClose(v.value.data, [1 - 0.1 / Math.sqrt(1.1), 1 - 0.3 / Math.sqrt(9.1)], 1e-15);
  setGrad(v, [2, 0]);
  opt.applyGradients([v]);
  // acc = [5.1, 9.1]; the second weight does not move
  assertClose(v.value.data, [1 - 0.1 / Math.sqrt(1.1) - 0.2 / Math.sqrt(5.1), 1 - 0.3 / Math.sqrt(9.1)], 1e-15);
  assertClose(opt.getState().slots['w']!.values['accumulator']!, [5.1, 9.1], 1e-15);
});

test('adagrad: several steps against an independent loop', () => {
  const grads = [[0.5, -1], [0.1, 0.3], [-0.9, -0.2]];
  const lr = 0.2;
  const init = 0.5;
  const eps = 1e-3;
  const v = variable('w', [0.3, -0.3]);
  const opt = adagrad({ learningRate: lr, initialAccumulatorValue: init, epsilon: eps });
  const w = [0.3, -0.3];
  const acc = [init, init];
  for (const g of grads) {
    setGrad(v, g);
    opt.applyGradients([v]);
    for (let i = 0; i < 2; i++) {
      acc[i] = acc[i]! + g[i]! ** 2;
      w[i] = w[i]! - (lr * g[i]!) / Math.sqrt(acc[i]! + eps);
    }
    assertClose(v.value.data, w, 1e-14);
  }
});

test('adagrad: option errors', () => {
  assert.throws(() => adagrad({ initialAccumulatorValue: -1 }), /adagrad: option 'initialAccumulatorValue'/);
  assert.throws(() => adagrad({ epsilon: NaN }), /adagrad: option 'epsilon'/);
  assert.throws(() => adagrad({ initial_accumulator_value: 0.1 } as never), /adagrad: unknown option 'initial_accumulator_value'/);
});
