/**
 * Finite-difference checks of every public op's backward (float64), including broadcast
 * inputs (whose gradient is a sum over the repeats) and one tensor used several times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../../src/tensor/tensor.js';
import { backward, record } from '../../../src/autograd/tape.js';
import * as ops from '../../../src/ops/public/index.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../../helpers/gradcheck.js';

const L = (t: Tensor) => linearLoss([t]);

test('arithmetic gradients, same shape and broadcast', () => {
  setSeed(11);
  const a = randomTensor([2, 3, 4]);
  const b = randomTensor([2, 3, 4]);
  const row = randomTensor([4]);
  const col = randomTensor([3, 1]);
  const lead = randomTensor([2, 1, 1]);
  const pos = randomTensor([3, 1], 0.5, 2);
  for (const [name, f] of [['add', ops.add], ['sub', ops.sub], ['mul', ops.mul], ['div', ops.div]] as const) {
    const denom = name === 'div' ? randomTensor([2, 3, 4], 0.5, 2) : b;
    checkGradients(() => L(f(a, denom)), [a, denom], { label: `${name} same shape` });
    checkGradients(() => L(f(a, name === 'div' ? pos : col)), [a, name === 'div' ? pos : col], { label: `${name} [2,3,4] with [3,1]` });
    checkGradients(() => L(f(row, a)), [row, a], { label: `${name} [4] with [2,3,4]` });
    checkGradients(() => L(f(lead, name === 'div' ? pos : col)), [lead, name === 'div' ? pos : col], { label: `${name} [2,1,1] with [3,1]: both broadcast` });
    checkGradients(() => L(f(a, 1.5)), [a], { label: `${name} with a number` });
    checkGradients(() => L(f(2.5, name === 'div' ? pos : a)), [name === 'div' ? pos : a], { label: `${name} number first` });
  }
  checkGradients(() => L(ops.neg(a)), [a], { label: 'neg' });
});

test('unary gradients', () => {
  setSeed(12);
  const x = randomTensor([3, 4], -2, 2);
  const pos = randomTensor([3, 4], 0.3, 3);
  for (const [name, f] of [['tanh', ops.tanh], ['sigmoid', ops.sigmoid], ['relu', ops.relu], ['exp', ops.exp], ['square', ops.square], ['abs', ops.abs]] as const) {
    checkGradients(() => L(f(x)), [x], { label: name });
  }
  checkGradients(() => L(ops.log(pos)), [pos], { label: 'log' });
  checkGradients(() => L(ops.sqrt(pos)), [pos], { label: 'sqrt' });
});

test('matMul gradients: transposes and broadcast batch axes', () => {
  setSeed(13);
  const cases: [number[], number[], boolean, boolean][] = [
    [[3, 4], [4, 5], false, false],
    [[4, 3], [4, 5], true, false],
    [[3, 4], [5, 4], false, true],
    [[4, 3], [5, 4], true, true],
    [[2, 3, 4], [2, 4, 5], false, false],
    [[2, 1, 3, 4], [3, 5, 4], false, true],
    [[2, 3, 4], [4, 5], false, false],
    [[1, 4, 3], [2, 1, 4, 2], true, false],
  ];
  for (const [sa, sb, ta, tb] of cases) {
    const a = randomTensor(sa);
    const b = randomTensor(sb);
    checkGradients(() => L(ops.matMul(a, b, ta, tb)), [a, b], { label: `matMul ${JSON.stringify([sa, sb, ta, tb])}` });
  }
});

test('softmax, logSoftmax and reduction gradients on several axes', () => {
  setSeed(14);
  const x = randomTensor([2, 3, 4], -2, 2);
  for (const axis of [-1, 0, 1]) {
    checkGradients(() => L(ops.softmax(x, axis)), [x], { label: `softmax axis ${axis}` });
    checkGradients(() => L(ops.logSoftmax(x, axis)), [x], { label: `logSoftmax axis ${axis}` });
  }
  for (const axis of [undefined, 0, -1, 1, [0, 2]]) {
    for (const keepDims of [false, true]) {
      const label = `axis ${JSON.stringify(axis)} keepDims ${keepDims}`;
      checkGradients(() => L(ops.sum(x, axis, keepDims)), [x], { label: `sum ${label}` });
      checkGradients(() => L(ops.mean(x, axis, keepDims)), [x], { label: `mean ${label}` });
      checkGradients(() => L(ops.max(x, axis, keepDims)), [x], { label: `max ${label}` });
    }
  }
});

test('shape op gradients', () => {
  setSeed(15);
  const x = randomTensor([2, 3, 4]);
  const y = randomTensor([2, 1, 4]);
  checkGradients(() => L(ops.reshape(x, [4, -1])), [x], { label: 'reshape' });
  checkGradients(() => L(ops.transpose(x)), [x], { label: 'transpose default' });
  checkGradients(() => L(ops.transpose(x, [1, 2, 0])), [x], { label: 'transpose perm' });
  checkGradients(() => L(ops.concat([x, y], 1)), [x, y], { label: 'concat axis 1' });
  checkGradients(() => L(ops.concat([x, x, x], -1)), [x], { label: 'concat of one tensor thrice' });
  checkGradients(() => L(ops.stack([x, x], 2)), [x], { label: 'stack' });
  checkGradients(() => L(ops.slice(x, [1, 1], [1, -1])), [x], { label: 'slice' });
  checkGradients(() => L(ops.expandDims(x, -1)), [x], { label: 'expandDims' });
  checkGradients(() => L(ops.squeeze(y)), [y], { label: 'squeeze' });
  checkGradients(() => L(ops.broadcastTo(y, [3, 2, 3, 4])), [y], { label: 'broadcastTo' });
});

test('one tensor used many times accumulates every path', () => {
  setSeed(16);
  const x = randomTensor([3, 3]);
  const w = randomTensor([3]);
  // x feeds matMul on both sides, a broadcast product, a slice, and a reduction.
  const f = () => {
    const xx = ops.matMul(x, x, false, true);
    const scaled = ops.mul(xx, w);
    const top = ops.slice(x, [0, 0], [1, -1]);
    return ops.sum(ops.add(ops.tanh(scaled), ops.mul(top, ops.sum(x, 0, true))));
  };
  checkGradients(f, [x, w], { label: 'shared tensor' });
  checkGradients(() => ops.sum(ops.mul(x, x)), [x], { label: 'mul(x, x)' });
  checkGradients(() => ops.sum(ops.div(x, ops.add(ops.square(x), 1))), [x], { label: 'x / (x^2 + 1)' });
});

test('scaled dot-product attention composed from ops (the custom layer recipe)', () => {
  setSeed(17);
  const q = randomTensor([2, 3, 4]);
  const k = randomTensor([2, 5, 4]);
  const v = randomTensor([2, 5, 2]);
  const f = () => {
    const scores = ops.div(ops.matMul(q, k, false, true), Math.sqrt(4));
    return linearLoss([ops.matMul(ops.softmax(scores), v)]);
  };
  checkGradients(f, [q, k, v], { label: 'attention' });
});

test('float32 gradients agree with float64 ones', () => {
  setSeed(18);
  const a64 = randomTensor([2, 3, 4]);
  const b64 = randomTensor([4, 2]);
  const a32 = new Tensor(Float32Array.from(a64.data), a64.shape);
  const b32 = new Tensor(Float32Array.from(b64.data), b64.shape);
  // A sum of softmax outputs alone would be constant; fixed weights make every entry count.
  const weights = Array.from({ length: 12 }, (_, i) => Math.sin(1.3 * i + 0.2));
  const grads = (a: Tensor, b: Tensor) => {
    a.requiresGrad = true;
    b.requiresGrad = true;
    const w = new Tensor(a.dtype === 'float64' ? Float64Array.from(weights) : Float32Array.from(weights), [2, 3, 2]);
    const loss = record(() => ops.sum(ops.mul(ops.softmax(ops.tanh(ops.matMul(a, b)), 1), w)));
    backward(loss);
    return [Array.from(a.grad!), Array.from(b.grad!)];
  };
  const g64 = grads(a64, b64);
  const g32 = grads(a32, b32);
  assert.equal(a32.grad!.constructor, Float32Array);
  for (let t = 0; t < 2; t++) {
    assert.ok(g64[t]!.some((g) => Math.abs(g) > 1e-2), 'gradients are not trivially zero');
    for (let i = 0; i < g64[t]!.length; i++) assert.ok(Math.abs(g64[t]![i]! - g32[t]![i]!) < 1e-5, `grad ${t}[${i}]`);
  }
});

test('large float32 batched matMul (the wasm gemm where available) matches float64, forward and backward', () => {
  setSeed(19);
  // Each matrix product is 48 x 40 x 64 multiply-adds, above the size where gemm leaves plain
  // TypeScript, and the batch offsets are non-zero.
  const a64 = randomTensor([3, 48, 64]);
  const b64 = randomTensor([64, 40]);
  const a32 = new Tensor(Float32Array.from(a64.data), a64.shape);
  const b32 = new Tensor(Float32Array.from(b64.data), b64.shape);
  const run = (a: Tensor, b: Tensor) => {
    a.requiresGrad = true;
    b.requiresGrad = true;
    a.grad = null;
    b.grad = null;
    let y: Tensor | undefined;
    const loss = record(() => {
      y = ops.matMul(a, b);
      return ops.sum(ops.square(y));
    });
    backward(loss);
    return [y!.data, a.grad!, b.grad!] as const;
  };
  const r64 = run(a64, b64);
  const r32 = run(a32, b32);
  const names = ['y', 'dA', 'dB'];
  r64.forEach((want, t) => {
    let scale = 0;
    for (const v of want) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < want.length; i++) {
      assert.ok(Math.abs(want[i]! - r32[t]![i]!) <= 1e-5 * scale, `${names[t]}[${i}]: ${r32[t]![i]} vs ${want[i]}`);
    }
  });
});
