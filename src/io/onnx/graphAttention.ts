/**
 * Attention (Luong, both score modes) and AdditiveAttention (Bahdanau) as ONNX nodes, for
 * inputs `[query, value]` or `[query, value, key]`, batch first, without masks (the graph
 * walker refuses a mask reaching them, and the causal mask here):
 * - dot scores: MatMul(query, Transpose(key)), times the `scale` weight;
 * - tanh scores (concat mode, additive): ReduceSum over features of
 *   `outer · perFeature · tanh(inner · (query[:, :, None] + key[:, None]))`;
 * - then Softmax on the last axis and MatMul with the value. Dropout is off at inference.
 */
import type { Layer } from '../../layers/layer.js';
import { Attention } from '../../layers/attention/attention.js';
import { AdditiveAttention } from '../../layers/attention/additiveAttention.js';
import type { Exporter, Flow } from './export.js';
import { attr } from './graph.js';

/** True for Attention or AdditiveAttention. */
export function isAttentionLayer(layer: Layer): layer is Attention | AdditiveAttention {
  return layer instanceof Attention || layer instanceof AdditiveAttention;
}

/** Why the layer cannot be written (empty when it can). */
export function attentionIssues(layer: Attention | AdditiveAttention, label: string): string[] {
  return layer.useCausalMask ? [`${label}: useCausalMask (the ONNX export writes attention without masks)`] : [];
}

/**
 * The layer's outputs: `[batch, Tq, valueDim]`, then the weights `[batch, Tq, Tv]` with
 * `returnAttentionScores`.
 * @example emitAttention(ex, layers.attention(), [q, v], 'att') // [{ name: 'att/MatMul_2', ... }]
 */
export function emitAttention(ex: Exporter, layer: Attention | AdditiveAttention, ins: readonly Flow[], scope: string): Flow[] {
  const g = ex.g;
  const [q, v] = ins as [Flow, Flow];
  const k = ins[2] ?? v;
  const scalar = (t: { data: ArrayLike<number> } | null, base: string): string | null => (t ? ex.weight(layer, `${layer.name}/${base}`, [], t.data) : null);
  let scores: string;
  if (layer instanceof Attention && layer.scoreMode === 'dot') {
    scores = g.op('MatMul', [q.name, ex.transpose(k.name, [0, 2, 1], scope)], {}, scope);
    const scale = scalar(layer.scale, 'scale');
    if (scale) scores = g.op('Mul', [scores, scale], {}, scope);
  } else {
    const concat = layer instanceof Attention;
    const inner = concat ? scalar(layer.scale, 'scale') : null;
    const outer = concat ? scalar(layer.concatScoreWeight, 'concat_score_weight') : null;
    const perFeature = !concat && layer.scale ? ex.weight(layer, `${layer.name}/scale`, layer.scale.shape, layer.scale.data) : null;
    let sum = g.op('Add', [g.op('Unsqueeze', [q.name, ex.i64([2])], {}, scope), g.op('Unsqueeze', [k.name, ex.i64([1])], {}, scope)], {}, scope);
    if (inner) sum = g.op('Mul', [sum, inner], {}, scope);
    let t = g.op('Tanh', [sum], {}, scope);
    if (perFeature) t = g.op('Mul', [t, perFeature], {}, scope);
    scores = g.op('ReduceSum', [t, ex.i64([-1])], { keepdims: attr.int(0) }, scope);
    if (outer) scores = g.op('Mul', [scores, outer], {}, scope);
  }
  const weights = g.op('Softmax', [scores], { axis: attr.int(-1) }, scope);
  const out = g.op('MatMul', [weights, v.name], {}, scope);
  const batch = q.shape[0]!;
  const output: Flow = { name: out, layout: 'bt', shape: [batch, q.shape[1]!, v.shape[2]!], elemType: q.elemType, mask: null };
  if (!layer.returnAttentionScores) return [output];
  return [output, { name: weights, layout: 'bt', shape: [batch, q.shape[1]!, v.shape[1]!], elemType: q.elemType, mask: null }];
}
