import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sgd } from '../../src/optimizers/index.js';
import { assertClose, setGrad, variable } from './util.js';

test('sgd: Keras defaults and config', () => {
  const opt = sgd();
  assert.equal(opt.className, 'SGD');
  assert.deepEqual(opt.getConfig(), {
    learningRate: 0.01,
    clipNorm: null,
    clipValue: null,
    globalClipNorm: null,
    weightDecay: null,
    excludeFromWeightDecay: [],
    momentum: 0,
    nesterov: false,
  });
});

test('sgd: plain update w -= lr * g, hand-worked', () => {
  const v = variable('w', [1, -2]);
  const opt = sgd({ learningRate: 0.1 });
  setGrad(v, [0.5, -1]);
  opt.applyGradients([v]);
  assertClose(v.value.data, [0.95, -1.9]);
  setGrad(v, [2, 0]);
  opt.applyGradients([v]);
  assertClose(v.value.data, [0.75, -1.9]);
  assert.equal(opt.iterations, 2);
  assert.deepEqual(opt.getState().slots, {}, 'no momentum slot when momentum is 0');
});

test('sgd: momentum, hand-worked (v = 0.9 v - 0.1 g; w += v)', () => {
  const v = variable('w', [1]);
  const opt = sgd({ learningRate: 0.1, momentum: 0.9 });
  setGrad(v, [0.5]);
  opt.applyGradients([v]);
  assertClose(v.value.data, [0.95]); // v = -0.05
  opt.applyGradients([v]);
  assertClose(v.value.data, [0.855]); // v = 0.9 * -0.05 - 0.05 = -0.095
  opt.applyGradients([v]);
  assertClose(v.value.data, [0.855 - 0.1355]); // v = 0.9 * -0.095 - 0.05 = -0.1355
  assertClose(opt.getState().slots['w']!.values['momentum']!, [-0.1355]);
});

test('sgd: nesterov, hand-worked (w += 0.9 v - 0.1 g)', () => {
  const v = variable('w', [1]);
  const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
  setGrad(v, [0.5]);
  opt.applyGradients([v]);
  assertClose(v.value.data, [1 + 0.9 * -0.05 - 0.05]); // 0.905
  opt.applyGradients([v]);
  assertClose(v.value.data, [0.905 + 0.9 * -0.095 - 0.05]); // 0.7695
});

test('sgd: momentum against an independent float64 loop over several steps', () => {
  const grads = [[0.3, -1.1, 2], [-0.7, 0.4, 0.1], [1.5, 1.5, -0.2], [0, -0.3, 0.9]];
  for (const nesterov of [false, true]) {
    const lr = 0.05;
    const mu = 0.8;
    const v = variable('w', [0.2, 0.4, -0.6]);
    const opt = sgd({ learningRate: lr, momentum: mu, nesterov });
    const w = [0.2, 0.4, -0.6];
    const vel = [0, 0, 0];
    for (const g of grads) {
      setGrad(v, g);
      opt.applyGradients([v]);
      for (let i = 0; i < 3; i++) {
        vel[i] = mu * vel[i]! - lr * g[i]!;
        w[i] = nesterov ? w[i]! + mu * vel[i]! - lr * g[i]! : w[i]! + vel[i]!;
      }
      assertClose(v.value.data, w, 1e-14, `nesterov=${nesterov}`);
    }
  }
});

test('sgd: float32 variables keep float32 slots and track the float64 rule', () => {
  const v = variable('w', [0.2, 0.4], 'float32');
  const opt = sgd({ learningRate: 0.1, momentum: 0.9 });
  const w = [0.2, 0.4];
  const vel = [0, 0];
  for (let s = 0; s < 5; s++) {
    const g = [Math.fround(0.3 * (s + 1)), Math.fround(-0.1 * s)];
    setGrad(v, g);
    opt.applyGradients([v]);
    for (let i = 0; i < 2; i++) {
      vel[i] = 0.9 * vel[i]! - 0.1 * g[i]!;
      w[i] = w[i]! + vel[i]!;
    }
  }
  assert.ok(v.value.data instanceof Float32Array);
  assertClose(v.value.data, w, 1e-6);
  assert.equal(opt.getState().slots['w']!.dtype, 'float32');
});

test('sgd: option errors name the option', () => {
  assert.throws(() => sgd({ momentum: -0.1 }), /sgd: option 'momentum' expected a finite number in \[0, 1\], got -0\.1/);
  assert.throws(() => sgd({ momentum: 1.5 }), /'momentum'/);
  assert.throws(() => sgd({ nesterov: 'yes' as unknown as boolean }), /sgd: option 'nesterov' expected true or false, got "yes"/);
  assert.throws(() => sgd({ learningRate: -1 }), /sgd: option 'learningRate' expected a finite number >= 0/);
  assert.throws(() => sgd({ learningRate: NaN }), /'learningRate'/);
  assert.throws(() => sgd({ lr: 0.1 } as never), /sgd: unknown option 'lr'/);
});
