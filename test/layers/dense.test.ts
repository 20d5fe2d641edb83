import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { Dense, dense } from '../../src/layers/dense.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('dense builds kernel [in, units] then bias [units], in Keras order', () => {
  const layer = dense({ units: 3, name: 'd1' });
  assert.ok(layer instanceof Dense);
  assert.equal(layer.className, 'Dense');
  const y = out(layer.apply(tensor([[1, 2, 3, 4], [5, 6, 7, 8]])));
  assert.deepEqual(y.shape, [2, 3]);
  assert.deepEqual(layer.weights.map((w) => [w.name, w.value.shape]), [['d1/kernel', [4, 3]], ['d1/bias', [3]]]);
  assert.equal(layer.countParams(), 15);
  assert.deepEqual(layer.getWeights()[1]!.toArray(), [0, 0, 0], 'bias starts at zeros');
  const noBias = dense({ units: 2, useBias: false });
  noBias.apply(tensor([[1, 2]]));
  assert.equal(noBias.weights.length, 1);
});

test('dense output equals activation(x @ kernel + bias) with set weights', () => {
  const layer = dense({ units: 2, activation: 'relu' });
  layer.apply(tensor([[0, 0, 0]]));
  layer.setWeights([tensor([[1, -1], [2, 0], [0, 3]]), tensor([0.5, -10])]);
  // [1, 1, 1] -> [3 + 0.5, 2 - 10] -> relu -> [3.5, 0]
  assert.deepEqual(out(layer.apply(tensor([[1, 1, 1]]))).toArray(), [[3.5, 0]]);
  const sm = dense({ units: 2, activation: 'softmax', useBias: false, dtype: 'float64' });
  sm.apply(tensor([[0]], undefined, 'float64'));
  sm.setWeights([tensor([[1, 2]])]);
  const p = out(sm.apply(tensor([[1]], undefined, 'float64'))).data;
  assert.ok(Math.abs(p[1]! - Math.E / (Math.E + 1)) < 1e-15);
});

test('dense on rank-3 input applies to the last axis', () => {
  setSeed(11);
  const layer = dense({ units: 2, dtype: 'float64' });
  const x = randomTensor([2, 3, 4], -1, 1, false);
  const y = out(layer.apply(x));
  assert.deepEqual(y.shape, [2, 3, 2]);
  assert.deepEqual(layer.computeOutputShape([null, 3, 4]), [null, 3, 2]);
  const [k, b] = layer.getWeights() as [Tensor, Tensor];
  for (let r = 0; r < 6; r++) {
    for (let u = 0; u < 2; u++) {
      let s = b.data[u]!;
      for (let f = 0; f < 4; f++) s += x.data[r * 4 + f]! * k.data[f * 2 + u]!;
      assert.ok(Math.abs(y.data[r * 2 + u]! - s) < 1e-14);
    }
  }
});

test('dense gradients for input, kernel and bias match finite differences', () => {
  setSeed(12);
  for (const act of ['linear', 'tanh', 'softmax'] as const) {
    const layer = dense({ units: 3, activation: act, dtype: 'float64' });
    const x = randomTensor([2, 4, 5]);
    layer.apply(x);
    layer.setWeights([randomTensor([5, 3], -1, 1, false), randomTensor([3], -1, 1, false)]);
    checkGradients(() => linearLoss([out(layer.apply(x))]), [x, layer.kernel!, layer.bias!], { label: `dense ${act}` });
  }
});

test('dense passes the mask through', () => {
  const layer = dense({ units: 2 });
  const mask = tensor([[1, 0]]);
  assert.equal(layer.computeMask(tensor([[[1], [2]]]), mask), mask);
  assert.equal(layer.supportsMasking, true);
});

test('dense option and shape errors name the problem', () => {
  assert.throws(() => dense({ units: 2, activaton: 'relu' } as never), /layers.dense: unknown option 'activaton'; expected one of: name, .*units/);
  assert.throws(() => dense({ units: 0 }), /layers.dense: option 'units' expected an integer >= 1, got 0/);
  assert.throws(() => dense({ units: 2, activation: 'bogus' as never }), /option 'activation' expected one of 'linear'/);
  assert.throws(() => dense({ units: 2, kernelInitializer: 'nope' as never }), /option 'kernelInitializer'/);
  const layer = dense({ units: 2, name: 'dd' });
  layer.apply(tensor([[1, 2, 3]]));
  assert.throws(() => layer.apply(tensor([[1, 2]])), /dd.apply: argument 'x' expected last axis 3, got shape \[1, 2\]/);
  assert.throws(() => layer.apply(tensor([1, 2, 3])), /argument 'x' expected rank >= 2/);
  assert.throws(() => layer.setWeights([tensor([[1, 2]]), tensor([1, 2])]), /dd.setWeights: argument 'weights\[0\]' \(dd\/kernel\) expected shape \[3, 2\], got \[1, 2\]/);
  assert.throws(() => layer.setWeights([tensor([[1, 2], [3, 4], [5, 6]])]), /expected 2 weight arrays/);
});

test('dense config round-trips its options; inputDim sets the input shape', () => {
  const layer = dense({ units: 4, activation: 'tanh', useBias: false, inputDim: 3, name: 'cfg' });
  assert.deepEqual(layer.batchInputShape, [null, 3]);
  const config = layer.getConfig();
  assert.equal(config['units'], 4);
  assert.equal(config['activation'], 'tanh');
  assert.equal(config['useBias'], false);
  assert.equal(config['kernelInitializer'], 'glorotUniform');
  assert.equal(config['biasInitializer'], 'zeros');
  assert.equal(config['name'], 'cfg');
  const again = dense({ units: 4, activation: 'tanh', useBias: false, inputShape: [3] });
  assert.deepEqual(again.computeOutputShape([null, 3]), [null, 4]);
});
