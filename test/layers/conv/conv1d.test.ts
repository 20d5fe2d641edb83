import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { Conv1D, conv1d } from '../../../src/layers/conv/conv1d.js';
import { conv1d as conv1dOp } from '../../../src/ops/conv/conv1d.js';
import { planWindow } from '../../../src/ops/conv/padding.js';
import { assertClose, flat } from '../../helpers/fixtures.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../../helpers/gradcheck.js';
import { f64, loadConvFixture, runWithLoss, shapeOf } from './helpers.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);
const fixture = loadConvFixture();

test('conv1d: Keras kernel layout [kernelSize, in, filters], weights kernel then bias, hand-computed values', () => {
  const layer = conv1d({ filters: 1, kernelSize: 2, name: 'c', dtype: 'float64' });
  const x = tensor([[[1, 10], [2, 20], [3, 30]]], undefined, 'float64');
  layer.apply(x);
  assert.deepEqual(layer.weights.map((w) => [w.name, w.value.shape]), [['c/kernel', [2, 2, 1]], ['c/bias', [1]]]);
  // y[t] = x[t] . k[0] + x[t+1] . k[1] + b with k[0] = [1, 0.1], k[1] = [-1, 0], b = 0.5.
  layer.setWeights([tensor([[[1], [0.1]], [[-1], [0]]], undefined, 'float64'), tensor([0.5], undefined, 'float64')]);
  const y = out(layer.apply(x));
  assert.deepEqual(y.shape, [1, 2, 1]);
  assertClose(y.data, [1 + 1 - 2 + 0.5, 2 + 2 - 3 + 0.5], 'values', 0, 1e-12);
});

test('window plans follow TensorFlow: same pads floor(total/2) left, causal pads dilation*(k-1) left', () => {
  assert.deepEqual(planWindow('t', 7, 4, 1, 1, 'same'), { outLength: 7, padLeft: 1 });
  assert.deepEqual(planWindow('t', 7, 3, 2, 1, 'same'), { outLength: 4, padLeft: 1 });
  assert.deepEqual(planWindow('t', 7, 3, 1, 2, 'causal'), { outLength: 7, padLeft: 4 });
  assert.deepEqual(planWindow('t', 7, 3, 1, 1, 'valid'), { outLength: 5, padLeft: 0 });
  assert.throws(() => planWindow('t', 2, 3, 1, 1, 'valid'), /padding 'valid' needs at least 3 time steps/);
});

for (const c of fixture.conv1d) {
  const o = c.options;
  test(`conv1d matches PyTorch (float64): kernel ${o.kernelSize}, strides ${o.strides}, ${o.padding}, dilation ${o.dilationRate}, ${o.activation}`, () => {
    const layer = conv1d({ ...o, dtype: 'float64' });
    const x = f64(c.x, shapeOf(c.x), true);
    layer.apply(x);
    layer.setWeights([f64(c.kernel, shapeOf(c.kernel)), f64(c.bias, shapeOf(c.bias))]);
    const y = runWithLoss(() => out(layer.apply(x)), flat(c.wOutput));
    assert.deepEqual(y.shape, shapeOf(c.output));
    assert.deepEqual(layer.computeOutputShape([null, x.shape[1]!, x.shape[2]!]), [null, ...shapeOf(c.output).slice(1)]);
    assertClose(y.data, c.output, 'output', 1e-12, 1e-12);
    assertClose(x.grad!, c.gradX, 'dL/dx', 1e-12, 1e-12);
    assertClose(layer.kernel!.grad!, c.gradKernel, 'dL/dkernel', 1e-12, 1e-12);
    assertClose(layer.bias!.grad!, c.gradBias, 'dL/dbias', 1e-12, 1e-12);
  });
}

test('conv1d op gradients match finite differences (each padding, strides, dilation)', () => {
  setSeed(7);
  for (const [padding, strides, dilationRate, k] of [['valid', 1, 1, 3], ['same', 2, 1, 4], ['causal', 1, 2, 3], ['same', 3, 1, 2]] as const) {
    const x = randomTensor([2, 6, 3]);
    const kernel = randomTensor([k, 3, 2]);
    const bias = randomTensor([2]);
    checkGradients(() => linearLoss([conv1dOp(x, kernel, bias, { padding, strides, dilationRate })]), [x, kernel, bias], { label: `${padding} s${strides} d${dilationRate}` });
  }
});

test('float32 and float64 agree', () => {
  setSeed(3);
  const x64 = randomTensor([2, 9, 3], -1, 1, false);
  const k64 = randomTensor([3, 3, 5], -1, 1, false);
  const y64 = conv1dOp(x64, k64, null, { padding: 'same' });
  const y32 = conv1dOp(new Tensor(Float32Array.from(x64.data), x64.shape), new Tensor(Float32Array.from(k64.data), k64.shape), null, { padding: 'same' });
  assert.equal(y32.dtype, 'float32');
  assertClose(y32.data, y64.data, 'float32 vs float64', 1e-5, 1e-5);
});

test('conv1d learns a known filter from data (float64, plain gradient steps)', () => {
  setSeed(11);
  const target = tensor([[[0.5]], [[-1]], [[2]]], undefined, 'float64');
  const x = randomTensor([8, 12, 1], -1, 1, false);
  const yTrue = conv1dOp(x, target, null, { padding: 'causal' });
  const layer = conv1d({ filters: 1, kernelSize: 3, padding: 'causal', useBias: false, dtype: 'float64' });
  layer.apply(x);
  const mse = (): number => { const y = out(layer.apply(x)); let s = 0; for (let i = 0; i < y.size; i++) s += (y.data[i]! - yTrue.data[i]!) ** 2; return s / y.size; };
  const before = mse();
  for (let step = 0; step < 200; step++) {
    const w = Array.from(out(layer.apply(x)).data, (v, i) => (2 * (v - yTrue.data[i]!)) / yTrue.size);
    layer.kernel!.grad = null;
    runWithLoss(() => out(layer.apply(x)), w);
    const g = layer.kernel!.grad!;
    for (let i = 0; i < g.length; i++) layer.kernel!.data[i]! -= 0.5 * g[i]!;
  }
  const after = mse();
  assert.ok(after < before * 1e-4, `mse ${before} -> ${after}`);
  assertClose(layer.kernel!.data, target.data, 'learned kernel', 0, 1e-2);
});

test('shape inference, unknown time and errors', () => {
  const layer = conv1d({ filters: 4, kernelSize: [3], strides: 2, padding: 'same' });
  assert.ok(layer instanceof Conv1D);
  assert.deepEqual(layer.computeOutputShape([null, null, 2]), [null, null, 4]);
  assert.deepEqual(layer.computeOutputShape([null, 9, 2]), [null, 5, 4]);
  assert.throws(() => conv1d({ filters: 4, kernelSize: 3, strides: 2, dilationRate: 2 }), /cannot both exceed 1, as in Keras/);
  assert.throws(() => conv1d({ filters: 4, kernelSize: 3, padding: 'full' as never }), /option 'padding' expected one of 'valid', 'same', 'causal', got "full"/);
  assert.throws(() => conv1d({ filters: 0, kernelSize: 3 }), /option 'filters' expected an integer >= 1, got 0/);
  assert.throws(() => conv1d({ filters: 2, kernelSize: [3, 3] }), /option 'kernelSize' expected an integer >= 1 or a list of one, got \[3,3\]/);
  assert.throws(() => conv1d({ filters: 2, kernelSize: 3, kernelRegulariser: 'l2' } as never), /unknown option 'kernelRegulariser'/);
  assert.throws(() => conv1d({ filters: 2, kernelSize: 3, kernelRegularizer: 'l3' } as never), /kernelRegularizer/);
  assert.equal(conv1d({ filters: 2, kernelSize: 3, kernelRegularizer: 'l2' }).penalties.kernelRegularizer?.l2, 0.01);
  const built = conv1d({ filters: 2, kernelSize: 3 });
  built.apply(tensor([[[1, 2], [3, 4], [5, 6]]]));
  assert.throws(() => built.apply(tensor([[[1], [2], [3]]])), /expected 2 channels \(last axis\), got shape \[1, 3, 1\]/);
  assert.throws(() => built.apply(tensor([[1, 2]])), /expected rank 3 \[batch, time, channels\], got shape \[1, 2\]/);
  assert.throws(() => built.apply(tensor([[[1, 2], [3, 4]]])), /padding 'valid' needs at least 3 time steps/);
  assert.throws(() => conv1d({ filters: 2, kernelSize: 5 }).computeOutputShape([null, 4, 1]), /shorter than the kernel's span 5/);
});

test('conv1d drops an incoming mask (as Keras: Conv1D does not support masking)', () => {
  const layer = conv1d({ filters: 1, kernelSize: 1 });
  const x = tensor([[[1], [2]]]);
  assert.equal(layer.computeMask(x, tensor([[1, 0]])), null);
});
