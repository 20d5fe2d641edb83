import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmsprop } from '../../src/optimizers/index.js';
import { assertClose, setGrad, variable } from './util.js';

test('rmsprop: Keras defaults', () => {
  const c = rmsprop().getConfig();
  assert.equal(c['learningRate'], 0.001);
  assert.equal(c['rho'], 0.9);
  assert.equal(c['momentum'], 0);
  assert.equal(c['epsilon'], 1e-7);
  assert.equal(c['centered'], false);
  assert.equal(rmsprop().className, 'RMSprop');
});

test('rmsprop: hand-worked first step (plain and centered)', () => {
  const plain = variable('w', [1]);
  const opt = rmsprop({ learningRate: 0.01, epsilon: 0 });
  setGrad(plain, [2]);
  opt.applyGradients([plain]);
  // v = 0.1 * 4 = 0.4; increment = 0.01 * 2 / sqrt(0.4)
  assertClose(plain.value.data, [1 - 0.02 / Math.sqrt(0.4)], 1e-15);

  const centered = variable('w', [1]);
  const optC = rmsprop({ learningRate: 0.01, epsilon: 0, centered: true });
  setGrad(centered, [2]);
  optC.applyGradients([centered]);
  // mg = 0.2; denominator = 0.4 - 0.04 = 0.36; increment = 0.02 / 0.6
  assertClose(centered.value.data, [1 - 0.02 / 0.6], 1e-15);
});

test('rmsprop: several steps against an independent loop, all four variants', () => {
  const grads = [[0.5, -1, 0.25], [0.1, 0.3, -0.7], [-0.9, -0.2, 0.4], [0.05, 0.6, 0]];
  for (const centered of [false, true]) {
    for (const momentum of [0, 0.7]) {
      const lr = 0.03;
      const rho = 0.8;
      const eps = 1e-4;
      const v = variable('w', [0.1, 0.2, 0.3]);
      const opt = rmsprop({ learningRate: lr, rho, momentum, epsilon: eps, centered });
      const w = [0.1, 0.2, 0.3];
      const ms = [0, 0, 0];
      const mg = [0, 0, 0];
      const mom = [0, 0, 0];
      for (const g of grads) {
        setGrad(v, g);
        opt.applyGradients([v]);
        for (let i = 0; i < 3; i++) {
          ms[i] = rho * ms[i]! + (1 - rho) * g[i]! * g[i]!;
          mg[i] = rho * mg[i]! + (1 - rho) * g[i]!;
          const denom = centered ? ms[i]! - mg[i]! ** 2 : ms[i]!;
          const inc = (lr * g[i]!) / Math.sqrt(denom + eps);
          if (momentum > 0) {
            mom[i] = momentum * mom[i]! + inc;
            w[i] = w[i]! - mom[i]!;
          } else {
            w[i] = w[i]! - inc;
          }
        }
        assertClose(v.value.data, w, 1e-14, `centered=${centered} momentum=${momentum}`);
      }
      const expectedSlots = ['velocity', ...(momentum > 0 ? ['momentum'] : []), ...(centered ? ['averageGradient'] : [])];
      assert.deepEqual(Object.keys(opt.getState().slots['w']!.values).sort(), expectedSlots.sort());
    }
  }
});

test('rmsprop: option errors', () => {
  assert.throws(() => rmsprop({ rho: 1.5 }), /rmsprop: option 'rho' expected a finite number in \[0, 1\], got 1\.5/);
  assert.throws(() => rmsprop({ momentum: -1 }), /rmsprop: option 'momentum'/);
  assert.throws(() => rmsprop({ epsilon: Infinity }), /rmsprop: option 'epsilon'/);
  assert.throws(() => rmsprop({ centered: 'no' as unknown as boolean }), /rmsprop: option 'centered'/);
  assert.throws(() => rmsprop({ decay: 0.9 } as never), /rmsprop: unknown option 'decay'/);
});
