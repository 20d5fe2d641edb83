import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adam, sgd, clipByNorm, clipByValue, globalClipScale } from '../../src/optimizers/index.js';
import { assertClose, setGrad, variable } from './util.js';

// SGD with lr 1 from zero weights makes the weights equal to minus the clipped gradient.
function clippedThroughSgd(options: Record<string, number>, grads: number[][]): number[][] {
  const vars = grads.map((g, i) => variable(`v${i}`, g.map(() => 0)));
  vars.forEach((v, i) => setGrad(v, grads[i]!));
  sgd({ learningRate: 1, ...options }).applyGradients(vars);
  return vars.map((v) => Array.from(v.value.data, (x) => -x));
}

test('clipNorm: [3, 4] with clipNorm 1 becomes [0.6, 0.8]; each variable clipped on its own', () => {
  const [a, b, c] = clippedThroughSgd({ clipNorm: 1 }, [[3, 4], [12], [0.3, 0.4]]);
  assertClose(a!, [0.6, 0.8], 1e-15);
  assertClose(b!, [1], 1e-15);
  assertClose(c!, [0.3, 0.4], 1e-15, 'norm 0.5 < 1 is unchanged');
});

test('clipNorm: an all-zero gradient stays zero (no 0/0)', () => {
  const [a] = clippedThroughSgd({ clipNorm: 1 }, [[0, 0]]);
  assert.deepEqual(a, [0, 0].map((x) => -x));
});

test('clipValue: elementwise into [-0.5, 0.5]', () => {
  const [a] = clippedThroughSgd({ clipValue: 0.5 }, [[3, -0.2, -4, 0.5]]);
  assertClose(a!, [0.5, -0.2, -0.5, 0.5], 0);
});

test('globalClipNorm: the whole list is scaled by 1/13 for norms [3, 4] and [12]', () => {
  const [a, b] = clippedThroughSgd({ globalClipNorm: 1 }, [[3, 4], [12]]);
  assertClose(a!, [3 / 13, 4 / 13], 1e-15);
  assertClose(b!, [12 / 13], 1e-15);
  // Below the threshold nothing changes.
  const [c, d] = clippedThroughSgd({ globalClipNorm: 100 }, [[3, 4], [12]]);
  assertClose(c!, [3, 4], 1e-15);
  assertClose(d!, [12], 1e-15);
});

test('globalClipScale is NaN for a non-finite global norm (Keras makes the step NaN)', () => {
  assert.ok(Number.isNaN(globalClipScale([[Infinity, 1]], 1)));
  assertClose([globalClipScale([[0, 0]], 2)], [1], 1e-15);
});

test('clipping helpers write to out and leave the input alone', () => {
  const g = new Float64Array([3, 4]);
  const out = new Float64Array(2);
  clipByNorm(g, 1, out);
  assertClose(out, [0.6, 0.8], 1e-15);
  clipByValue(g, 3.5, out);
  assertClose(out, [3, 3.5], 0);
  assert.deepEqual(Array.from(g), [3, 4]);
});

test('clipping happens before the update rule (Adam sees the clipped gradient)', () => {
  // Adam's first step with eps 0 is lr * sign(g) regardless of scale, so use the moment slot.
  const v = variable('w', [0, 0]);
  setGrad(v, [30, 40]);
  const opt = adam({ clipNorm: 5 });
  opt.applyGradients([v]);
  assertClose(opt.getState().slots['w']!.values['momentum']!, [0.1 * 3, 0.1 * 4], 1e-14);
  assert.deepEqual(Array.from(v.value.grad!), [30, 40], 'the gradient itself is not modified');
});

test('clipping options: at most one, each > 0', () => {
  assert.throws(
    () => adam({ clipNorm: 1, clipValue: 0.5 }),
    /adam: at most one of 'clipNorm', 'clipValue', 'globalClipNorm' may be set \(as in Keras\), got clipNorm=1, clipValue=0\.5/,
  );
  assert.throws(() => sgd({ clipNorm: 1, globalClipNorm: 1 }), /sgd: at most one of/);
  assert.throws(() => sgd({ clipNorm: 0 }), /sgd: option 'clipNorm' expected a finite number > 0 or null, got 0/);
  assert.throws(() => sgd({ clipValue: -1 }), /option 'clipValue'/);
  assert.throws(() => sgd({ globalClipNorm: Infinity }), /option 'globalClipNorm'/);
  assert.doesNotThrow(() => sgd({ clipNorm: null, clipValue: 1 }));
});
