import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adamw, adam, sgd, schedules } from '../../src/optimizers/index.js';
import { assertClose, setGrad, variable } from './util.js';

test('adamw: defaults: Adam defaults plus weightDecay 0.004', () => {
  const c = adamw().getConfig();
  assert.equal(c['learningRate'], 0.001);
  assert.equal(c['weightDecay'], 0.004);
  assert.equal(c['beta1'], 0.9);
  assert.equal(c['epsilon'], 1e-7);
  assert.equal(adamw().className, 'AdamW');
});

test('adamw: decoupled decay w -= w * wd * lr happens before the Adam step', () => {
  const lr = 0.01;
  const wd = 0.1;
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-7;
  const grads = [[0.3, -0.1], [0.2, 0.4], [-0.5, 0.05]];
  const v = variable('w', [2, -3]);
  const opt = adamw({ learningRate: lr, weightDecay: wd });
  const w = [2, -3];
  const m = [0, 0];
  const s = [0, 0];
  for (let t = 1; t <= 3; t++) {
    const g = grads[t - 1]!;
    setGrad(v, g);
    opt.applyGradients([v]);
    for (let i = 0; i < 2; i++) {
      w[i] = w[i]! * (1 - wd * lr);
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      s[i] = b2 * s[i]! + (1 - b2) * g[i]! ** 2;
      w[i] = w[i]! - ((lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)) * (m[i]! / (Math.sqrt(s[i]!) + eps));
    }
    assertClose(v.value.data, w, 1e-14, `t=${t}`);
  }
});

test('adamw: a zero gradient leaves only the decay (hand-worked)', () => {
  const v = variable('w', [10]);
  const opt = adamw({ learningRate: 0.5, weightDecay: 0.2 });
  setGrad(v, [0]);
  opt.applyGradients([v]);
  assertClose(v.value.data, [10 - 10 * 0.2 * 0.5], 1e-15); // 9; Adam's step is 0 / eps = 0
});

test('adamw: decay uses the scheduled learning rate of the current step', () => {
  const v = variable('w', [10]);
  const lr = schedules.piecewiseConstantDecay({ boundaries: [0], values: [0.5, 0.25] });
  const opt = adamw({ learningRate: lr, weightDecay: 0.2 });
  setGrad(v, [0]);
  opt.applyGradients([v]); // step 0: lr 0.5 -> 10 * (1 - 0.1) = 9
  opt.applyGradients([v]); // step 1: lr 0.25 -> 9 * (1 - 0.05) = 8.55
  assertClose(v.value.data, [8.55], 1e-14);
});

test('adamw: excludeFromWeightDecay skips matching variables (option and method)', () => {
  for (const viaMethod of [false, true]) {
    const k = variable('lstm/kernel', [10]);
    const b = variable('lstm/bias', [10]);
    const opt = viaMethod
      ? adamw({ learningRate: 0.5, weightDecay: 0.2 })
      : adamw({ learningRate: 0.5, weightDecay: 0.2, excludeFromWeightDecay: ['bias'] });
    if (viaMethod) opt.excludeFromWeightDecay(['bias']);
    setGrad(k, [0]);
    setGrad(b, [0]);
    opt.applyGradients([k, b]);
    assertClose(k.value.data, [9], 1e-15);
    assertClose(b.value.data, [10], 0);
  }
});

test('weightDecay works on any optimizer (Keras 3): sgd', () => {
  const v = variable('w', [2]);
  const opt = sgd({ learningRate: 0.1, weightDecay: 0.5 });
  setGrad(v, [1]);
  opt.applyGradients([v]);
  assertClose(v.value.data, [2 - 2 * 0.5 * 0.1 - 0.1 * 1], 1e-15); // 1.8
  assert.equal(adam().weightDecay, null);
});

test('adamw: option errors', () => {
  assert.throws(() => adamw({ weightDecay: null as unknown as number }), /adamw: option 'weightDecay' expected a finite number >= 0, got null/);
  assert.throws(() => adamw({ weightDecay: -1 }), /adamw: option 'weightDecay'/);
  assert.throws(() => adamw({ beta1: 2 }), /adamw: option 'beta1'/);
  assert.throws(() => adamw({ decay: 0.1 } as never), /adamw: unknown option 'decay'/);
  assert.throws(() => adamw({ excludeFromWeightDecay: 'bias' as unknown as string[] }), /adamw: option 'excludeFromWeightDecay' expected an array of strings/);
});
