import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adam } from '../../src/optimizers/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assertClose, setGrad, variable } from './util.js';

const w0 = [0.5, -1.2, 2];
const grads = [
  [0.1, -0.2, 0.3],
  [-0.4, 0.05, 0.2],
  [1, 1, -1],
  [0.02, -0.5, 0.6],
];

/** Adam written out from the paper-style formulas with Keras's epsilon placement. */
function adamReference(
  opts: { lr: number; b1: number; b2: number; eps: number; amsgrad: boolean },
  steps: number,
): number[][] {
  const { lr, b1, b2, eps, amsgrad } = opts;
  const w = w0.slice();
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  const vMax = [0, 0, 0];
  const trajectory: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const g = grads[t - 1]!;
    for (let i = 0; i < 3; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
      vMax[i] = Math.max(vMax[i]!, v[i]!);
      const denomV = amsgrad ? vMax[i]! : v[i]!;
      const stepSize = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      w[i] = w[i]! - (stepSize * m[i]!) / (Math.sqrt(denomV) + eps);
    }
    trajectory.push(w.slice());
  }
  return trajectory;
}

test('adam: Keras defaults and config', () => {
  const opt = adam();
  assert.equal(opt.className, 'Adam');
  const c = opt.getConfig();
  assert.equal(c['learningRate'], 0.001);
  assert.equal(c['beta1'], 0.9);
  assert.equal(c['beta2'], 0.999);
  assert.equal(c['epsilon'], 1e-7);
  assert.equal(c['amsgrad'], false);
});

test('adam: first step with epsilon 0 moves every weight by exactly lr against the gradient sign', () => {
  // At t = 1: m = (1-b1) g, v = (1-b2) g^2, so m * sqrt(1-b2)/(1-b1) / sqrt(v) = sign(g).
  const v = variable('w', w0);
  const opt = adam({ learningRate: 0.01, epsilon: 0 });
  setGrad(v, [0.1, -0.2, 0.3]);
  opt.applyGradients([v]);
  assertClose(v.value.data, [0.49, -1.19, 1.99], 1e-15);
});

test('adam: bias correction at t = 1, 2, 3, 4 matches the reference formulas', () => {
  for (const eps of [1e-7, 0.1]) {
    const opts = { lr: 0.01, b1: 0.9, b2: 0.999, eps, amsgrad: false };
    const expected = adamReference(opts, 4);
    const v = variable('w', w0);
    const opt = adam({ learningRate: opts.lr, epsilon: eps });
    for (let t = 0; t < 4; t++) {
      setGrad(v, grads[t]!);
      opt.applyGradients([v]);
      assert.equal(opt.iterations, t + 1);
      assertClose(v.value.data, expected[t]!, 1e-14, `eps=${eps} t=${t + 1}`);
    }
    // Slots are the raw (uncorrected) moments.
    const s = opt.getState().slots['w']!.values;
    const m3 = (i: number): number => {
      let m = 0;
      for (const g of grads) m = 0.9 * m + 0.1 * g[i]!;
      return m;
    };
    assertClose(s['momentum']!, [m3(0), m3(1), m3(2)], 1e-14, 'momentum slot');
  }
});

test('adam: amsgrad keeps the running max of v in the denominator', () => {
  // Gradients shrink in step 2, so max(v) differs from v there.
  const opts = { lr: 0.02, b1: 0.5, b2: 0.6, eps: 1e-7, amsgrad: true };
  const expected = adamReference(opts, 4);
  const plain = adamReference({ ...opts, amsgrad: false }, 4);
  const v = variable('w', w0);
  const opt = adam({ learningRate: 0.02, beta1: 0.5, beta2: 0.6, amsgrad: true });
  for (let t = 0; t < 4; t++) {
    setGrad(v, grads[t]!);
    opt.applyGradients([v]);
    assertClose(v.value.data, expected[t]!, 1e-14, `t=${t + 1}`);
  }
  assert.notDeepEqual(expected[3], plain[3], 'the test must distinguish amsgrad from plain Adam');
  assert.deepEqual(Object.keys(opt.getState().slots['w']!.values).sort(), ['momentum', 'velocity', 'velocityHat']);
});

test('adam: float32 variables follow the float64 reference to float32 precision', () => {
  const opts = { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-7, amsgrad: false };
  const v = variable('w', w0, 'float32');
  const opt = adam({ learningRate: 0.01 });
  const g32 = grads.map((g) => g.map(Math.fround));
  // Reference run on the float32-rounded starting point and gradients.
  const w = w0.map(Math.fround);
  const m = [0, 0, 0];
  const s = [0, 0, 0];
  for (let t = 1; t <= 4; t++) {
    setGrad(v, g32[t - 1]!);
    opt.applyGradients([v]);
    for (let i = 0; i < 3; i++) {
      const g = g32[t - 1]![i]!;
      m[i] = opts.b1 * m[i]! + (1 - opts.b1) * g;
      s[i] = opts.b2 * s[i]! + (1 - opts.b2) * g * g;
      w[i] = w[i]! - ((opts.lr * Math.sqrt(1 - opts.b2 ** t)) / (1 - opts.b1 ** t)) * (m[i]! / (Math.sqrt(s[i]!) + opts.eps));
    }
  }
  assert.ok(v.value.data instanceof Float32Array);
  assertClose(v.value.data, w, 2e-6);
});

test('adam: float32 variables keep m, v and w exactly as a loop that stores each in float32 and reads it back', () => {
  // The float32 update rounds m and v with Math.fround instead of reading them back from
  // their Float32Arrays; this is the stored-and-reread loop, which must give the same bits.
  const n = 257;
  const wave = (k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + k) * (i % 7 === 0 ? 1e-4 : 1));
  const v = { name: 'w', value: new Tensor(wave(0), [n]) };
  const opt = adam({ learningRate: 0.003, beta1: 0.85, beta2: 0.995 });
  const w = wave(0), m = new Float32Array(n), s = new Float32Array(n);
  for (let t = 1; t <= 6; t++) {
    const g = wave(t);
    g[3] = 0;
    v.value.grad = g.slice();
    opt.applyGradients([v]);
    const alpha = (0.003 * Math.sqrt(1 - Math.pow(0.995, t))) / (1 - Math.pow(0.85, t));
    for (let i = 0; i < n; i++) {
      m[i] = m[i]! + (g[i]! - m[i]!) * (1 - 0.85);
      s[i] = s[i]! + (g[i]! * g[i]! - s[i]!) * (1 - 0.995);
      w[i] = w[i]! - (m[i]! * alpha) / (Math.sqrt(s[i]!) + 1e-7);
    }
  }
  const state = opt.getState().slots['w']!.values;
  assert.deepEqual(Array.from(v.value.data), Array.from(w), 'weights');
  assert.deepEqual(Array.from(state['momentum']!), Array.from(m), 'momentum');
  assert.deepEqual(Array.from(state['velocity']!), Array.from(s), 'velocity');
});

test('adam: variables without a gradient are skipped but the step still counts', () => {
  const a = variable('a', [1, 2]);
  const b = variable('b', [3]);
  const opt = adam({ learningRate: 0.1, epsilon: 0 });
  setGrad(a, [1, -1]);
  setGrad(b, null);
  opt.applyGradients([a, b]);
  assertClose(a.value.data, [0.9, 2.1], 1e-15);
  assert.deepEqual(Array.from(b.value.data), [3]);
  assert.deepEqual(Object.keys(opt.getState().slots), ['a']);
  assert.equal(opt.iterations, 1);
  // b's first real update is Adam's t = 2 (Keras counts steps globally), with fresh slots.
  setGrad(b, [2]);
  opt.applyGradients([a, b]);
  const t = 2;
  const alpha = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
  const expectedB = 3 - (alpha * (0.1 * 2)) / Math.sqrt(0.001 * 4);
  assertClose(b.value.data, [expectedB], 1e-14);
});

test('adam: option errors name the option', () => {
  assert.throws(() => adam({ beta1: 1 }), /adam: option 'beta1' expected a finite number in \[0, 1\), got 1/);
  assert.throws(() => adam({ beta2: -0.5 }), /adam: option 'beta2'/);
  assert.throws(() => adam({ epsilon: -1 }), /adam: option 'epsilon'/);
  assert.throws(() => adam({ amsgrad: 1 as unknown as boolean }), /adam: option 'amsgrad' expected true or false, got 1/);
  assert.throws(() => adam({ beta_1: 0.9 } as never), /adam: unknown option 'beta_1'; expected one of: .*beta1/);
  assert.throws(() => adam(null as never), /adam: argument 'options' expected an object, got null/);
});
