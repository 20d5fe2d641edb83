import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { BatchNormalization, batchNormalization } from '../../src/layers/batchNormalization.js';
import { batchNormInference, batchNormTraining } from '../../src/ops/batchNorm.js';
import { sequential } from '../../src/models/sequential.js';
import { dense } from '../../src/layers/dense.js';
import { assertClose, flat } from '../helpers/fixtures.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';
import { f64, loadConvFixture, runWithLoss, shapeOf } from './conv/helpers.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);
const fixture = loadConvFixture();

test('defaults as Keras: momentum 0.99, epsilon 1e-3; weights gamma, beta, moving_mean, moving_variance; the moving ones non-trainable', () => {
  const layer = batchNormalization({ name: 'bn' });
  assert.ok(layer instanceof BatchNormalization);
  assert.deepEqual([layer.momentum, layer.epsilon, layer.center, layer.scale], [0.99, 1e-3, true, true]);
  layer.apply(tensor([[1, 2]]));
  assert.deepEqual(layer.weights.map((w) => [w.name, w.trainable]), [['bn/gamma', true], ['bn/beta', true], ['bn/moving_mean', false], ['bn/moving_variance', false]]);
  assert.deepEqual(layer.trainableWeights.map((w) => w.name), ['bn/gamma', 'bn/beta']);
  assert.deepEqual(layer.getWeights().map((w) => w.toArray()), [[1, 1], [0, 0], [0, 0], [1, 1]]);
  assert.equal(layer.weights[2]!.value.requiresGrad, false);
  const noAffine = batchNormalization({ center: false, scale: false });
  noAffine.apply(tensor([[1, 2]]));
  assert.deepEqual(noAffine.weights.map((w) => w.name.split('/')[1]), ['moving_mean', 'moving_variance']);
});

for (const c of fixture.batchNorm) {
  const label = `${c.training ? 'training' : 'inference'}${c.mask ? ', masked' : ''}, input ${JSON.stringify(c.shape)}, momentum ${c.momentum}`;
  test(`batchNormalization matches PyTorch (float64): ${label}`, () => {
    const layer = batchNormalization({ momentum: c.momentum, epsilon: c.epsilon, dtype: 'float64' });
    const x = f64(c.x, c.shape, true);
    layer.apply(x);
    const C = c.shape[c.shape.length - 1];
    layer.setWeights([f64(c.gamma, [C]), f64(c.beta, [C]), f64(c.movingMean0, [C]), f64(c.movingVariance0, [C])]);
    const mask = c.mask ? f64(c.mask, shapeOf(c.mask)) : undefined;
    const y = runWithLoss(() => out(layer.apply(x, { training: c.training, ...(mask ? { mask } : {}) })), flat(c.wOutput));
    assertClose(y.data, c.output, 'output', 1e-12, 1e-12);
    assertClose(x.grad!, c.gradX, 'dL/dx', 1e-10, 1e-11);
    assertClose(layer.gamma!.grad!, c.gradGamma, 'dL/dgamma', 1e-12, 1e-12);
    assertClose(layer.beta!.grad!, c.gradBeta, 'dL/dbeta', 1e-12, 1e-12);
    assertClose(layer.movingMean!.data, c.movingMean, 'moving_mean', 1e-14, 1e-14);
    assertClose(layer.movingVariance!.data, c.movingVariance, 'moving_variance', 1e-14, 1e-14);
    if (c.torchRunningVarianceUnbiased) {
      // PyTorch's running_var (unbiased batch variance) differs from Keras's: not what we keep.
      const diff = Math.max(...flat(c.torchRunningVarianceUnbiased).map((v, i) => Math.abs(v - layer.movingVariance!.data[i]!)));
      assert.ok(diff > 1e-4, `torch's unbiased running variance should differ from Keras's, diff ${diff}`);
    }
  });
}

test('batch norm gradients match finite differences (training with and without mask, inference)', () => {
  setSeed(21);
  const x = randomTensor([3, 4, 2], -2, 2);
  const gamma = randomTensor([2], 0.5, 1.5);
  const beta = randomTensor([2]);
  checkGradients(() => linearLoss([batchNormTraining(x, gamma, beta, 1e-3).output]), [x, gamma, beta], { label: 'training' });
  const mask = tensor([[1, 1, 1, 0], [1, 0, 0, 0], [1, 1, 0, 0]], undefined, 'float64');
  checkGradients(() => linearLoss([batchNormTraining(x, gamma, beta, 1e-3, mask).output]), [x, gamma, beta], { label: 'masked' });
  checkGradients(() => linearLoss([batchNormTraining(x, null, null, 1e-3).output]), [x], { label: 'no affine' });
  const mean = randomTensor([2], -1, 1, false);
  const variance = randomTensor([2], 0.5, 2, false);
  checkGradients(() => linearLoss([batchNormInference(x, mean, variance, gamma, beta, 1e-3)]), [x, gamma, beta], { label: 'inference' });
});

test('inference uses the moving statistics and leaves them; a frozen layer never updates them, even in training', () => {
  const layer = batchNormalization({ momentum: 0.5, epsilon: 0, dtype: 'float64' });
  const x = tensor([[1], [3]], undefined, 'float64');
  layer.apply(x);
  layer.setWeights([[1], [0], [1], [4]]);
  assert.deepEqual(out(layer.apply(x)).toArray(), [[0], [1]]);
  assert.deepEqual(layer.getWeights().slice(2).map((w) => w.toArray()), [[1], [4]]);
  // Training: batch mean 2, biased variance 1 -> moving 0.5 * old + 0.5 * batch.
  assert.deepEqual(out(layer.apply(x, { training: true })).toArray(), [[-1], [1]]);
  assert.deepEqual(layer.getWeights().slice(2).map((w) => w.toArray()), [[1.5], [2.5]]);
  layer.trainable = false;
  assert.deepEqual(out(layer.apply(x, { training: true })).toArray(), [[(1 - 1.5) / Math.sqrt(2.5)], [(3 - 1.5) / Math.sqrt(2.5)]]);
  assert.deepEqual(layer.getWeights().slice(2).map((w) => w.toArray()), [[1.5], [2.5]]);
});

test('in fit, moving statistics follow the data while the optimizer updates only gamma and beta', async () => {
  setSeed(4);
  const model = sequential({ layers: [batchNormalization({ inputShape: [2], momentum: 0.9 }), dense({ units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const rows = Array.from({ length: 64 }, (_, i) => [5 + Math.sin(i), -3 + 2 * Math.cos(i * 1.3)]);
  const x = tensor(rows);
  const y = tensor(rows.map((r) => [r[0]! - r[1]!]));
  await model.fit(x, y, { epochs: 20, batchSize: 16, verbose: 0, shuffle: false });
  const [gamma, , movingMean, movingVariance] = model.layers[0]!.getWeights().map((w) => flat(w.toArray()));
  const mean = [0, 1].map((c) => rows.reduce((s, r) => s + r[c]!, 0) / rows.length);
  assertClose(movingMean!, mean, 'moving mean near the data mean', 0.02, 0.05);
  assert.ok(movingVariance![1]! > 1 && movingVariance![0]! < 1, `moving variance ${movingVariance}`);
  assert.ok(gamma!.some((g) => Math.abs(g - 1) > 1e-3), 'gamma trained');
  assert.deepEqual(model.trainableWeights.map((v) => v.name.split('/')[1]), ['gamma', 'beta', 'kernel', 'bias']);
});

test('float32 agrees with float64', () => {
  setSeed(8);
  const x64 = randomTensor([4, 3, 2], -2, 2, false);
  const x32 = new Tensor(Float32Array.from(x64.data), x64.shape);
  const y32 = batchNormTraining(x32, null, null, 1e-3);
  assert.equal(y32.output.dtype, 'float32');
  assertClose(y32.output.data, batchNormTraining(x64, null, null, 1e-3).output.data, 'training', 1e-5, 1e-5);
});

test('options and shape errors', () => {
  assert.throws(() => batchNormalization({ momentum: 1.5 }), /option 'momentum' expected a finite number in \[0, 1\], got 1.5/);
  assert.throws(() => batchNormalization({ axis: 1 }).apply(tensor([[[1, 2]]])), /option 'axis' is 1, but only the last axis \(-1 or 2 for input shape \[1, 1, 2\]\) is supported/);
  assert.throws(() => batchNormalization({ renorm: true } as never), /unknown option 'renorm'/);
  const built = batchNormalization();
  built.apply(tensor([[1, 2]]));
  assert.throws(() => built.apply(tensor([[1, 2, 3]])), /expected last axis 2, got shape \[1, 3\]/);
  assert.throws(() => built.apply(tensor([1, 2])), /expected rank >= 2/);
});
