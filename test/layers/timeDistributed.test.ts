import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { dense } from '../../src/layers/dense.js';
import { TimeDistributed, timeDistributed } from '../../src/layers/timeDistributed.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('timeDistributed(dense) equals dense applied to the rank-3 input', () => {
  setSeed(31);
  const inner = dense({ units: 3, activation: 'tanh', dtype: 'float64' });
  const td = timeDistributed({ layer: inner });
  assert.ok(td instanceof TimeDistributed);
  assert.equal(td.className, 'TimeDistributed');
  const x = randomTensor([2, 4, 5], -1, 1, false);
  const y = out(td.apply(x));
  assert.deepEqual(y.shape, [2, 4, 3]);
  const plain = dense({ units: 3, activation: 'tanh', dtype: 'float64' });
  plain.apply(x);
  plain.setWeights(td.getWeights());
  const expected = out(plain.apply(x));
  for (let i = 0; i < y.size; i++) assert.ok(Math.abs(y.data[i]! - expected.data[i]!) < 1e-15);
  // Per step by hand, too: step t of example b is dense(x[b, t]).
  const [k, bias] = td.getWeights() as [Tensor, Tensor];
  const b = 1, t = 2, u = 1;
  let s = bias.data[u]!;
  for (let f = 0; f < 5; f++) s += x.data[(b * 4 + t) * 5 + f]! * k.data[f * 3 + u]!;
  assert.ok(Math.abs(y.data[(b * 4 + t) * 3 + u]! - Math.tanh(s)) < 1e-15);
});

test('its weights are the inner layer\'s, built with the per-step shape', () => {
  const inner = dense({ units: 2, name: 'inner' });
  const td = timeDistributed({ layer: inner });
  td.apply(tensor(new Float32Array(2 * 3 * 4), [2, 3, 4]));
  assert.deepEqual(inner.builtInputShape, [null, 4]);
  assert.deepEqual(td.weights.map((w) => w.name), ['inner/kernel', 'inner/bias']);
  assert.equal(td.weights[0]!.value, inner.weights[0]!.value, 'the same tensors, shared');
  assert.equal(td.trainableWeights.length, 2);
  assert.equal(td.countParams(), 10);
  td.setWeights([tensor([[1, 0], [0, 1], [1, 1], [0, 0]]), tensor([0, 1])]);
  assert.deepEqual(inner.getWeights()[1]!.toArray(), [0, 1]);
  assert.deepEqual(td.computeOutputShape([null, 3, 4]), [null, 3, 2]);
  assert.deepEqual(td.getConfig()['layer'], { className: 'Dense', config: inner.getConfig() });
});

test('gradients flow through timeDistributed into the inner weights', () => {
  setSeed(32);
  const inner = dense({ units: 3, activation: 'sigmoid', dtype: 'float64' });
  const td = timeDistributed({ layer: inner });
  const x = randomTensor([2, 3, 4]);
  td.apply(x);
  checkGradients(() => linearLoss([out(td.apply(x))]), [x, inner.kernel!, inner.bias!]);
});

test('timeDistributed passes the mask through and checks its input', () => {
  const td = timeDistributed({ layer: dense({ units: 2 }) });
  const mask = tensor([[1, 1, 0]]);
  assert.equal(td.computeMask(tensor(new Float32Array(6), [1, 3, 2]), mask), mask);
  assert.throws(() => td.apply(tensor([[1, 2]])), /argument 'x' expected rank >= 3 \[batch, timesteps, \.\.\.\], got shape \[1, 2\]/);
  assert.throws(() => timeDistributed({ layer: {} as never }), /layers.timeDistributed: option 'layer' expected a Layer/);
  assert.throws(() => timeDistributed({ layer: dense({ units: 1 }), units: 3 } as never), /unknown option 'units'/);
});

test('timeDistributed(dense softmax) hands its logits to the loss like a plain dense head', async () => {
  const { sequential } = await import('../../src/models/sequential.js');
  const { lstm } = await import('../../src/layers/lstm.js');
  const make = (wrapped: boolean) => {
    setSeed(5);
    const head = dense({ units: 3, activation: 'softmax' });
    const m = sequential({ layers: [lstm({ units: 4, returnSequences: true, inputShape: [3, 2] }), wrapped ? timeDistributed({ layer: head }) : head] });
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    return m;
  };
  const a = make(true);
  const b = make(false);
  // A huge output kernel makes confident wrong predictions: probabilities clipped at 1e-7 would
  // cap the loss near 16 and zero its gradient, while the fused logits loss keeps both.
  const big = b.getWeights().map((w, i) => (i === 3 ? new Tensor(w.data.map((v) => v * 2000), w.shape) : w));
  a.setWeights(big);
  b.setWeights(big);
  const x = [[[1, 0], [0, 1], [1, 1]], [[0, 0], [1, -1], [2, 0]]];
  const y = [[0, 1, 2], [2, 1, 0]];
  const la = a.trainOnBatch(x, y) as number;
  const lb = b.trainOnBatch(x, y) as number;
  assert.ok(lb > 50, `the plain dense head's loss should be large here, got ${lb}`);
  assert.ok(Math.abs(la - lb) < 1e-4 * lb, `${la} vs ${lb}`);
  a.getWeights().forEach((w, i) => {
    const other = b.getWeights()[i]!;
    w.data.forEach((v, k) => assert.ok(Math.abs(v - other.data[k]!) < 1e-4 * Math.max(1, Math.abs(v)), `weight ${i}[${k}]: ${v} vs ${other.data[k]}`));
  });
});
