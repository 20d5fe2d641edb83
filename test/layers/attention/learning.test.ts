/**
 * The gradients drive learning: plain gradient descent on the layers' weights solves small
 * attention tasks (a learnt scale sharpens a lookup; a student MultiHeadAttention fits a
 * teacher's outputs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../../src/tensor/tensor.js';
import { backward, record, zeroGrads } from '../../../src/autograd/tape.js';
import { attention } from '../../../src/layers/attention/attention.js';
import { multiHeadAttention } from '../../../src/layers/attention/multiHeadAttention.js';
import { addNode, gradOf } from '../../../src/autograd/tape.js';
import type { Layer } from '../../../src/layers/layer.js';
import { randomTensor, setSeed } from '../../helpers/gradcheck.js';

/** Mean squared error as one tape node. */
function mse(y: Tensor, target: Tensor): Tensor {
  let sum = 0;
  for (let i = 0; i < y.size; i++) sum += (y.data[i]! - target.data[i]!) ** 2;
  const out = new Tensor(new Float64Array([sum / y.size]), []);
  addNode([y], [out], () => {
    const g = out.grad![0]!;
    const gy = gradOf(y);
    for (let i = 0; i < y.size; i++) gy[i]! += (2 * g * (y.data[i]! - target.data[i]!)) / y.size;
  });
  return out;
}

function descend(layer: Layer, loss: () => Tensor, steps: number, lr: number): number[] {
  const losses: number[] = [];
  record(loss); // builds the layer
  const weights = layer.weights.map((w) => w.value);
  assert.ok(weights.length > 0);
  for (let s = 0; s < steps; s++) {
    zeroGrads(weights);
    const l = record(loss);
    backward(l);
    losses.push(l.data[0]!);
    for (const w of weights) for (let i = 0; i < w.size; i++) w.data[i]! -= lr * w.grad![i]!;
  }
  return losses;
}

test('attention with useScale learns to look up the value at the queried position', () => {
  setSeed(41);
  const B = 8, T = 5, D = 3;
  // Keys are one-hot positions; each query is the one-hot of the position to read.
  const key = new Tensor(new Float64Array(B * T * T), [B, T, T]);
  const query = new Tensor(new Float64Array(B * 1 * T), [B, 1, T]);
  const value = randomTensor([B, T, D], -1, 1, false);
  const target = new Tensor(new Float64Array(B * D), [B, 1, D]);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) key.data[(b * T + t) * T + t] = 1;
    const pick = (b * 3) % T;
    query.data[b * T + pick] = 1;
    for (let d = 0; d < D; d++) target.data[b * D + d] = value.data[(b * T + pick) * D + d]!;
  }
  const layer = attention({ useScale: true, dtype: 'float64' });
  const losses = descend(layer, () => mse(layer.apply([query, value, key]) as Tensor, target), 60, 20);
  assert.ok(losses[losses.length - 1]! < 0.05 * losses[0]!, `loss ${losses[0]} -> ${losses[losses.length - 1]}`);
  assert.ok(layer.scale!.data[0]! > 3, `scale ${layer.scale!.data[0]}`);
});

test('a student multiHeadAttention fits a teacher with other weights', () => {
  setSeed(42);
  const make = (): Layer => multiHeadAttention({ numHeads: 2, keyDim: 2, dtype: 'float64' });
  const x = randomTensor([6, 4, 3], -1, 1, false);
  const teacher = make();
  const target = teacher.apply([x, x]) as Tensor;
  const student = make();
  const losses = descend(student, () => mse(student.apply([x, x]) as Tensor, target), 200, 1.5);
  assert.ok(losses[losses.length - 1]! < 0.1 * losses[0]!, `loss ${losses[0]} -> ${losses[losses.length - 1]}`);
});
