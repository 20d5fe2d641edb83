import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { LayerNormalization, layerNormalization } from '../../src/layers/layerNormalization.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('defaults: gamma ones then beta zeros, epsilon 1e-3, per-row normalisation', () => {
  const layer = layerNormalization({ name: 'ln', dtype: 'float64' });
  assert.ok(layer instanceof LayerNormalization);
  assert.equal(layer.className, 'LayerNormalization');
  // Row [0, 1]: mean 0.5, variance 0.25 -> +-0.5 / sqrt(0.25 + 0.001).
  const y = out(layer.apply(tensor([[0, 1], [4, 4]], undefined, 'float64')));
  const v = 0.5 / Math.sqrt(0.251);
  assert.ok(Math.abs(y.data[0]! + v) < 1e-15 && Math.abs(y.data[1]! - v) < 1e-15);
  assert.deepEqual(Array.from(y.data.slice(2)), [0, 0]);
  assert.deepEqual(layer.weights.map((w) => [w.name, w.value.shape]), [['ln/gamma', [2]], ['ln/beta', [2]]]);
  assert.deepEqual(layer.getWeights().map((w) => w.toArray()), [[1, 1], [0, 0]]);
});

test('set gamma and beta scale and shift each feature ([B, T, F] input)', () => {
  const layer = layerNormalization({ epsilon: 0.01, dtype: 'float64' });
  const x = tensor([[[1, 2, 4], [3, 3, 9]]], undefined, 'float64');
  layer.apply(x);
  layer.setWeights([tensor([2, -1, 0.5]), tensor([1, 0, -1])]);
  const y = out(layer.apply(x));
  for (let r = 0; r < 2; r++) {
    const row = Array.from(x.data.slice(r * 3, r * 3 + 3));
    const mean = row.reduce((a, b) => a + b) / 3;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 3;
    const gamma = [2, -1, 0.5], beta = [1, 0, -1];
    row.forEach((value, j) => {
      const expected = ((value - mean) / Math.sqrt(variance + 0.01)) * gamma[j]! + beta[j]!;
      assert.ok(Math.abs(y.data[r * 3 + j]! - expected) < 1e-14, `row ${r} feature ${j}`);
    });
  }
});

test('center and scale switch beta and gamma off', () => {
  const noBeta = layerNormalization({ center: false });
  noBeta.apply(tensor([[1, 2]]));
  assert.deepEqual(noBeta.weights.map((w) => w.name.split('/')[1]), ['gamma']);
  const noGamma = layerNormalization({ scale: false });
  noGamma.apply(tensor([[1, 2]]));
  assert.deepEqual(noGamma.weights.map((w) => w.name.split('/')[1]), ['beta']);
});

test('layerNormalization gradients match finite differences', () => {
  setSeed(41);
  const layer = layerNormalization({ dtype: 'float64' });
  const x = randomTensor([2, 3, 4], -2, 2);
  layer.apply(x);
  layer.setWeights([randomTensor([4], 0.5, 1.5, false), randomTensor([4], -1, 1, false)]);
  checkGradients(() => linearLoss([out(layer.apply(x))]), [x, layer.gamma!, layer.beta!]);
});

test('options, axis and shape errors', () => {
  assert.throws(() => layerNormalization({ epsilon: -1 }), /layers.layerNormalization: option 'epsilon' expected a finite number in \[0, Infinity\], got -1/);
  assert.throws(() => layerNormalization({ rmsScaling: true } as never), /unknown option 'rmsScaling'/);
  const first = layerNormalization({ axis: 1 });
  assert.throws(() => first.apply(tensor([[[1, 2]]])), /option 'axis' is 1, but only the last axis \(-1 or 2 for input shape \[1, 1, 2\]\) is supported/);
  const ok = layerNormalization({ axis: [2] });
  assert.deepEqual(out(ok.apply(tensor([[[1, 3]]]))).shape, [1, 1, 2]);
  const layer = layerNormalization({ name: 'lnx' });
  layer.apply(tensor([[1, 2, 3]]));
  assert.throws(() => layer.apply(tensor([[1, 2]])), /lnx.apply: argument 'x' expected last axis 3, got shape \[1, 2\]/);
  assert.throws(() => layer.setWeights([tensor([1, 1]), tensor([0, 0, 0])]), /weights\[0\]' \(lnx\/gamma\) expected shape \[3\], got \[2\]/);
  assert.equal(layer.getConfig()['epsilon'], 1e-3);
});
