/**
 * What the masks, the causal option and dropout do to the attention layers, as in Keras:
 * hidden keys get zero weight and cannot change the output, the query mask zeroes output
 * rows (Attention, AdditiveAttention) and is the output's mask, a row with every key hidden
 * spreads evenly in float32, dropout scales the kept weights.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { attention } from '../../../src/layers/attention/attention.js';
import { additiveAttention } from '../../../src/layers/attention/additiveAttention.js';
import { multiHeadAttention } from '../../../src/layers/attention/multiHeadAttention.js';
import type { Layer } from '../../../src/layers/layer.js';
import { randomTensor, setSeed } from '../../helpers/gradcheck.js';
import { pair } from './helpers.js';

const m = (rows: number[][]): Tensor => tensor(rows, undefined, 'float64');
const makers: [string, () => Layer][] = [
  ['attention', () => attention({ returnAttentionScores: true, dtype: 'float64' })],
  ['attention concat', () => attention({ scoreMode: 'concat', useScale: true, returnAttentionScores: true, dtype: 'float64' })],
  ['additiveAttention', () => additiveAttention({ returnAttentionScores: true, dtype: 'float64' })],
  ['multiHeadAttention', () => multiHeadAttention({ numHeads: 2, keyDim: 2, returnAttentionScores: true, dtype: 'float64' })],
];

test('Luong attention by hand: softmax of dot products, weighted sum of values', () => {
  const layer = attention({ returnAttentionScores: true, dtype: 'float64' });
  const q = tensor([[[1, 0]]], undefined, 'float64');
  const v = tensor([[[1, 0], [0, 2]]], undefined, 'float64');
  const [out, scores] = pair(layer.apply([q, v]));
  // scores [1, 0]: weights e/(e+1), 1/(e+1).
  const a = Math.E / (Math.E + 1);
  assert.deepEqual(Array.from(scores.data), [a, 1 - a]);
  assert.ok(Math.abs(out.data[0]! - a) < 1e-15 && Math.abs(out.data[1]! - 2 * (1 - a)) < 1e-15);
});

for (const [name, make] of makers) {
  test(`${name}: a masked value position gets zero weight and changing it leaves the output alone`, () => {
    setSeed(21);
    const layer = make();
    const q = randomTensor([2, 3, 4], -1, 1, false);
    const v = randomTensor([2, 5, 4], -1, 1, false);
    const vm = m([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]);
    const [out, scores] = pair(layer.apply([q, v], { mask: [null, vm] }));
    const perRow = scores.shape[scores.rank - 1]!;
    for (let r = 0; r < scores.size / perRow; r++) {
      const b = Math.floor(r / (scores.size / perRow / 2));
      for (let j = 3; j < 5; j++) {
        const w = scores.data[r * perRow + j]!;
        if (b === 1) assert.equal(w, 0, `row ${r} key ${j}`);
        else assert.ok(w > 0, `row ${r} key ${j} unmasked`);
      }
    }
    const v2 = v.clone();
    for (let i = (5 + 3) * 4; i < 10 * 4; i++) v2.data[i] = 100 * Math.sin(i); // batch 1, keys 3 and 4
    const [out2] = pair(layer.apply([q, v2], { mask: [null, vm] }));
    assert.deepEqual(Array.from(out2.data), Array.from(out.data));
    const [out3] = pair(layer.apply([q, v2]));
    assert.notDeepEqual(Array.from(out3.data), Array.from(out.data), 'without the mask the change shows');
  });

  test(`${name}: the output's mask is the query's`, () => {
    const layer = make();
    const qm = m([[1, 0]]);
    assert.equal(layer.computeMask([], [qm, null]), qm);
    assert.equal(layer.computeMask([], [null, m([[1, 1]])]), null);
  });
}

test('attention and additiveAttention zero the output rows of masked queries (Keras multiplies by the query mask)', () => {
  setSeed(22);
  for (const layer of [attention({ dtype: 'float64' }), additiveAttention({ dtype: 'float64' })]) {
    const q = randomTensor([2, 3, 2], -1, 1, false);
    const v = randomTensor([2, 4, 2], -1, 1, false);
    const y = layer.apply([q, v], { mask: [m([[1, 1, 1], [0, 1, 0]]), null] }) as Tensor;
    const rows = Array.from({ length: 6 }, (_, r) => Array.from(y.data.slice(r * 2, r * 2 + 2)));
    for (const r of [3, 5]) assert.deepEqual(rows[r], [0, 0], `row ${r}`);
    for (const r of [0, 1, 2, 4]) assert.ok(rows[r]!.some((x) => x !== 0), `row ${r}`);
  }
});

test('multiHeadAttention: a masked query row attends nowhere, so its weights spread evenly (Keras), in float32', () => {
  setSeed(23);
  const layer = multiHeadAttention({ numHeads: 1, keyDim: 3, returnAttentionScores: true });
  const q = randomTensor([1, 2, 3], -1, 1, false);
  const v = randomTensor([1, 4, 3], -1, 1, false);
  const toF32 = (t: Tensor): Tensor => new Tensor(Float32Array.from(t.data), t.shape);
  const [, scores] = pair(layer.apply([toF32(q), toF32(v)], { mask: [tensor([[1, 0]]), null] }));
  assert.deepEqual(Array.from(scores.data.slice(4, 8)), [0.25, 0.25, 0.25, 0.25]);
  assert.ok(new Set(scores.data.slice(0, 4)).size > 1, 'the unmasked row is not uniform');
});

test('useCausalMask: query i gives zero weight to keys after i, and later values cannot change earlier outputs', () => {
  setSeed(24);
  for (const layer of [
    attention({ useCausalMask: true, returnAttentionScores: true, dtype: 'float64' }),
    attention({ causal: true, returnAttentionScores: true, dtype: 'float64' }),
    additiveAttention({ useCausalMask: true, returnAttentionScores: true, dtype: 'float64' }),
    multiHeadAttention({ numHeads: 2, keyDim: 2, useCausalMask: true, returnAttentionScores: true, dtype: 'float64' }),
  ]) {
    const x = randomTensor([1, 4, 4], -1, 1, false);
    const [out, scores] = pair(layer.apply([x, x]));
    const T = 4;
    for (let r = 0; r < scores.size / T; r++) {
      const i = r % T;
      for (let j = 0; j < T; j++) {
        const w = scores.data[r * T + j]!;
        if (j > i) assert.equal(w, 0, `${layer.className} row ${r} key ${j}`);
        else assert.ok(w > 0);
      }
    }
    const x2 = x.clone();
    for (let i = 12; i < 16; i++) x2.data[i] = 7; // the last step
    // Self-attention: the last step is also a query, so only rows 0..2 must stay.
    const [out2] = pair(layer.apply([x, x2]));
    const width = out.shape[2]!;
    assert.deepEqual(Array.from(out2.data.slice(0, 3 * width)), Array.from(out.data.slice(0, 3 * width)));
  }
});

test('multiHeadAttention: key mask and explicit attention mask hide pairs', () => {
  setSeed(25);
  const layer = multiHeadAttention({ numHeads: 2, keyDim: 2, returnAttentionScores: true, dtype: 'float64' });
  const q = randomTensor([1, 2, 3], -1, 1, false);
  const v = randomTensor([1, 3, 3], -1, 1, false);
  const k = randomTensor([1, 3, 2], -1, 1, false);
  const [, s1] = pair(layer.apply([q, v, k], { mask: [null, null, m([[1, 0, 1]])] }));
  for (let r = 0; r < 4; r++) assert.equal(s1.data[r * 3 + 1], 0);
  const [, s2] = pair(layer.applyWithAttentionMask([q, v, k], [[[1, 0, 0], [0, 1, 1]]]));
  for (const head of [0, 1]) {
    const o = head * 6;
    assert.deepEqual([s2.data[o + 1], s2.data[o + 2], s2.data[o + 3]], [0, 0, 0]);
    assert.equal(s2.data[o], 1);
  }
  assert.throws(() => layer.applyWithAttentionMask([q, v, k], [[1, 0, 0]]), /argument 'attentionMask' expected shape \[1, 2, 3\]/);
});

test('dropout drops attention weights only while training; a seeded layer repeats its masks', () => {
  setSeed(26);
  const q = randomTensor([2, 5, 3], -1, 1, false);
  const v = randomTensor([2, 6, 3], -1, 1, false);
  for (const make of [
    (seed: number) => attention({ dropout: 0.5, seed, returnAttentionScores: true, dtype: 'float64' }),
    (seed: number) => multiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.5, seed, returnAttentionScores: true, dtype: 'float64' }),
  ]) {
    const layer = make(3);
    const [inferOut, inferScores] = pair(layer.apply([q, v]));
    const [trainOut, trainScores] = pair(layer.apply([q, v], { training: true }));
    assert.notDeepEqual(Array.from(trainOut.data), Array.from(inferOut.data));
    if (layer.className === 'Attention') {
      // Keras's Attention returns the weights after dropout: each 0 or twice the inference weight.
      let zeros = 0;
      trainScores.data.forEach((w, i) => {
        if (w === 0) zeros++;
        else assert.ok(Math.abs(w - 2 * inferScores.data[i]!) < 1e-15);
      });
      assert.ok(zeros > 10 && zeros < 50, `zeros ${zeros} of 60`);
    } else {
      // MultiHeadAttention returns them before dropout.
      assert.deepEqual(Array.from(trainScores.data), Array.from(inferScores.data));
    }
    const twin = make(3);
    pair(twin.apply([q, v]));
    twin.setWeights(layer.getWeights());
    const [twinOut] = pair(twin.apply([q, v], { training: true }));
    assert.deepEqual(Array.from(twinOut.data), Array.from(trainOut.data));
  }
});

test('float32 layers agree with float64 to float32 precision', () => {
  setSeed(27);
  const q = randomTensor([2, 3, 4], -1, 1, false);
  const v = randomTensor([2, 5, 4], -1, 1, false);
  const toF32 = (t: Tensor): Tensor => new Tensor(Float32Array.from(t.data), t.shape);
  for (const [make32, make64] of [
    [() => attention({ scoreMode: 'concat', useScale: true }), () => attention({ scoreMode: 'concat', useScale: true, dtype: 'float64' })],
    [() => additiveAttention(), () => additiveAttention({ dtype: 'float64' })],
    [() => multiHeadAttention({ numHeads: 2, keyDim: 3 }), () => multiHeadAttention({ numHeads: 2, keyDim: 3, dtype: 'float64' })],
  ] as [() => Layer, () => Layer][]) {
    const l32 = make32();
    const l64 = make64();
    const y64 = l64.apply([q, v], { mask: [null, m([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0]])] }) as Tensor;
    l32.apply([toF32(q), toF32(v)]);
    l32.setWeights(l64.getWeights());
    const y32 = l32.apply([toF32(q), toF32(v)], { mask: [null, tensor([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0]])] }) as Tensor;
    assert.equal(y32.dtype, 'float32');
    y64.data.forEach((x, i) => assert.ok(Math.abs(x - y32.data[i]!) < 1e-5, `${l32.className} ${i}`));
  }
});
