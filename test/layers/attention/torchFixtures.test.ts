/**
 * Attention, AdditiveAttention and MultiHeadAttention against PyTorch 1.13 float64 references
 * (test/fixtures/attention/generate_attention_fixtures.py): outputs, attention weights and
 * the gradients of sum(dOut * out) + sum(dScores * scores) w.r.t. the inputs and every weight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NestedArray, Tensor } from '../../../src/tensor/tensor.js';
import { backward, record } from '../../../src/autograd/tape.js';
import { attention } from '../../../src/layers/attention/attention.js';
import { additiveAttention } from '../../../src/layers/attention/additiveAttention.js';
import { MultiHeadAttention, multiHeadAttention } from '../../../src/layers/attention/multiHeadAttention.js';
import type { Layer } from '../../../src/layers/layer.js';
import { assertClose, flat } from '../../helpers/fixtures.js';
import { f64, pair, weightedSum } from './helpers.js';

interface Case {
  name: string;
  layer: 'Attention' | 'AdditiveAttention' | 'MultiHeadAttention';
  config: Record<string, unknown>;
  inputs: { query: NestedArray; value: NestedArray; key: NestedArray | null };
  masks: { query: NestedArray | null; value: NestedArray | null; key: NestedArray | null };
  attention_mask: NestedArray | null;
  weights: NestedArray[];
  output: NestedArray;
  scores: NestedArray;
  d_output: NestedArray;
  d_scores: NestedArray;
  grads: { query: NestedArray; value: NestedArray; key: NestedArray | null; weights: NestedArray[] };
  checked_against_torch_module: boolean;
}

const path = fileURLToPath(new URL('../../fixtures/attention/attention.json', import.meta.url));
const doc = JSON.parse(readFileSync(path, 'utf8')) as { cases: Case[]; torch_version: string };

function makeLayer(c: Case): Layer {
  const args = { ...c.config, dtype: 'float64' as const, returnAttentionScores: true };
  if (c.layer === 'Attention') return attention(args);
  if (c.layer === 'AdditiveAttention') return additiveAttention(args);
  return multiHeadAttention(args as Parameters<typeof multiHeadAttention>[0]);
}

test('the fixture file covers every layer, masks, keys, causal and a torch-module cross-check', () => {
  const layersSeen = new Set(doc.cases.map((c) => c.layer));
  assert.deepEqual([...layersSeen].sort(), ['AdditiveAttention', 'Attention', 'MultiHeadAttention']);
  assert.ok(doc.cases.some((c) => c.checked_against_torch_module));
  assert.ok(doc.cases.some((c) => c.config['useCausalMask'] === true));
  assert.ok(doc.cases.some((c) => c.inputs.key !== null && c.masks.key !== null && c.attention_mask !== null));
});

for (const c of doc.cases) {
  test(`${c.layer} ${c.name}: output, scores and gradients match PyTorch`, () => {
    const layer = makeLayer(c);
    const q = f64(c.inputs.query);
    const v = f64(c.inputs.value);
    const k = c.inputs.key === null ? null : f64(c.inputs.key);
    const inputs = k ? [q, v, k] : [q, v];
    const maskList = [c.masks.query, c.masks.value, c.masks.key].slice(0, inputs.length).map((m) => (m === null ? null : f64(m)));
    const options = maskList.some((m) => m !== null) ? { mask: maskList } : {};
    layer.apply(inputs, options);
    layer.setWeights(c.weights.map((w) => f64(w)));
    for (const t of inputs) t.requiresGrad = true;
    const run = (): Tensor | Tensor[] => (c.attention_mask !== null
      ? (layer as MultiHeadAttention).applyWithAttentionMask(inputs, c.attention_mask, options)
      : layer.apply(inputs, options));
    const loss = record(() => {
      const [out, scores] = pair(run());
      assertClose(out.toArray(), c.output, `${c.name} output`, 1e-10, 1e-12);
      assertClose(scores.toArray(), c.scores, `${c.name} scores`, 1e-10, 1e-12);
      return weightedSum([out, scores], [flat(c.d_output), flat(c.d_scores)]);
    });
    backward(loss);
    assertClose(q.grad!, c.grads.query, `${c.name} dQuery`, 1e-9, 1e-11);
    assertClose(v.grad!, c.grads.value, `${c.name} dValue`, 1e-9, 1e-11);
    if (k) assertClose(k.grad!, c.grads.key, `${c.name} dKey`, 1e-9, 1e-11);
    assert.equal(layer.weights.length, c.grads.weights.length, `${c.name}: weight count`);
    layer.weights.forEach((w, i) => {
      assertClose(w.value.grad!, c.grads.weights[i], `${c.name} d${w.name}`, 1e-9, 1e-11);
    });
  });
}
