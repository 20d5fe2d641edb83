/**
 * Finite-difference gradient checks (float64) of the three attention layers and their ops:
 * inputs, keys, scale weights, masks, the causal mask, returned scores and dropout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { attention } from '../../../src/layers/attention/attention.js';
import { additiveAttention } from '../../../src/layers/attention/additiveAttention.js';
import { multiHeadAttention } from '../../../src/layers/attention/multiHeadAttention.js';
import { dotAttention } from '../../../src/ops/attention/dotAttention.js';
import { additiveAttention as additiveAttentionOp } from '../../../src/ops/attention/additiveAttention.js';
import { multiHeadAttention as multiHeadAttentionOp } from '../../../src/ops/attention/multiHeadAttention.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../../helpers/gradcheck.js';

const asList = (y: Tensor | Tensor[]): Tensor[] => (Array.isArray(y) ? y : [y]);
const mask = (rows: number[][]): Tensor => tensor(rows, undefined, 'float64');
// Batch row 1 hides its last two keys; query row 1 of batch row 1 is masked.
const valueMask = mask([[1, 1, 1, 1], [1, 1, 0, 0]]);
const queryMask = mask([[1, 1, 1], [1, 0, 1]]);

test('attention (dot, useScale, key, query and value masks, causal, scores returned): gradients', () => {
  setSeed(11);
  const layer = attention({ useScale: true, useCausalMask: true, returnAttentionScores: true, dtype: 'float64' });
  const q = randomTensor([2, 3, 3]);
  const v = randomTensor([2, 4, 2]);
  const k = randomTensor([2, 4, 3]);
  const opts = { mask: [queryMask, valueMask, null] };
  layer.apply([q, v, k], opts);
  layer.setWeights([tensor(0.7, undefined, 'float64')]);
  const worst = checkGradients(() => linearLoss(asList(layer.apply([q, v, k], opts))), [q, v, k, layer.scale!]);
  assert.ok(worst < 1e-8, `worst ${worst}`);
});

test('attention (concat, useScale, value as key, masks): gradients reach both scalar weights', () => {
  setSeed(12);
  const layer = attention({ useScale: true, scoreMode: 'concat', dtype: 'float64' });
  const q = randomTensor([2, 3, 3]);
  const v = randomTensor([2, 4, 3]);
  const opts = { mask: [queryMask, valueMask] };
  layer.apply([q, v], opts);
  layer.setWeights([tensor(0.8, undefined, 'float64'), tensor(1.3, undefined, 'float64')]);
  checkGradients(() => linearLoss(asList(layer.apply([q, v], opts))), [q, v, layer.scale!, layer.concatScoreWeight!]);
});

test('additiveAttention (scale, key, masks, causal, scores returned): gradients', () => {
  setSeed(13);
  for (const withKey of [true, false]) {
    const layer = additiveAttention({ returnAttentionScores: true, useCausalMask: !withKey, dtype: 'float64' });
    const q = randomTensor([2, 3, 3]);
    const v = randomTensor([2, 4, withKey ? 2 : 3]);
    const k = randomTensor([2, 4, 3]);
    const inputs = withKey ? [q, v, k] : [q, v];
    const opts = { mask: withKey ? [queryMask, valueMask, null] : [queryMask, valueMask] };
    layer.apply(inputs, opts);
    checkGradients(() => linearLoss(asList(layer.apply(inputs, opts))), [...inputs, layer.scale!], { label: `withKey ${withKey}` });
  }
});

test('multiHeadAttention (key, value and key masks, causal, valueDim, outputShape [2, 2], scores): gradients of inputs and all 8 weights', () => {
  setSeed(14);
  const layer = multiHeadAttention({
    numHeads: 2, keyDim: 3, valueDim: 2, outputShape: [2, 2], useCausalMask: true, returnAttentionScores: true, dtype: 'float64',
  });
  const q = randomTensor([2, 3, 4]);
  const v = randomTensor([2, 4, 5]);
  const k = randomTensor([2, 4, 3]);
  // Every query row keeps key 0 (causal), so no row is entirely hidden: an all-hidden row is
  // softmax(s - 1e9), whose float64 spacing near 1e9 (1.2e-7) would swamp a 1e-6 step.
  const opts = { mask: [null, valueMask, mask([[1, 0, 1, 1], [1, 1, 1, 1]])] };
  layer.apply([q, v, k], opts);
  layer.setWeights(layer.getWeights().map((w) => randomTensor([...w.shape], -0.8, 0.8, false)));
  const weights = layer.weights.map((w) => w.value);
  assert.equal(weights.length, 8);
  checkGradients(() => linearLoss(asList(layer.apply([q, v, k], opts))), [q, v, k, ...weights]);
});

test('multiHeadAttention self-attention (value as key), no bias, explicit attention mask: gradients', () => {
  setSeed(15);
  const layer = multiHeadAttention({ numHeads: 3, keyDim: 2, useBias: false, dtype: 'float64' });
  const x = randomTensor([2, 3, 4]);
  const am = [[[1, 0, 1], [1, 1, 0], [0, 1, 1]], [[1, 1, 1], [0, 1, 0], [1, 0, 1]]];
  layer.applyWithAttentionMask([x, x], am);
  assert.equal(layer.weights.length, 4);
  checkGradients(() => linearLoss(asList(layer.applyWithAttentionMask([x, x], am))), [x, ...layer.weights.map((w) => w.value)]);
});

test('dropout on the attention weights: the ops differentiate through a fixed dropout mask', () => {
  setSeed(16);
  const q = randomTensor([2, 3, 3]);
  const v = randomTensor([2, 4, 3]);
  const drop = new Tensor(Float64Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? 0 : 1.5)), [2, 3, 4]);
  const scale = randomTensor([], 0.5, 1.5);
  const base = { queryMask, valueMask, causal: false, dropoutMask: drop };
  checkGradients(() => {
    const r = dotAttention(q, v, null, { ...base, scoreMode: 'dot', scale, concatScoreWeight: null });
    return linearLoss([r.output, r.scores]);
  }, [q, v, scale]);
  const perFeature = randomTensor([3]);
  checkGradients(() => {
    const r = additiveAttentionOp(q, v, null, { ...base, scale: perFeature });
    return linearLoss([r.output, r.scores]);
  }, [q, v, perFeature]);
  const N = 2, H = 2;
  const w = {
    queryKernel: randomTensor([3, N, H]), queryBias: randomTensor([N, H]), keyKernel: randomTensor([3, N, H]), keyBias: randomTensor([N, H]),
    valueKernel: randomTensor([3, N, H]), valueBias: randomTensor([N, H]), outputKernel: randomTensor([N, H, 3]), outputBias: randomTensor([3]),
  };
  const mhaDrop = new Tensor(Float64Array.from({ length: 48 }, (_, i) => (i % 4 === 1 ? 0 : 4 / 3)), [2, N, 3, 4]);
  checkGradients(() => {
    const r = multiHeadAttentionOp(q, v, null, w, { queryMask: null, valueMask, keyMask: null, attentionMask: null, causal: false, dropoutMask: mhaDrop });
    return linearLoss([r.output, r.scores]);
  }, [q, v, ...Object.values(w)]);
});
