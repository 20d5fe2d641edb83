/**
 * The layers that exist only in functional graphs, as ONNX nodes: the merge layers (Add,
 * Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot), RepeatVector, Permute and
 * the attention layers (./graphAttention.ts).
 * Every value here is batch first (the graph walker turns time-major recurrent outputs around
 * before they reach these layers).
 *
 * - Elementwise merges follow Keras's broadcasting, which aligns the non-batch axes on the
 *   right: a lower-rank input gains size-1 axes right after the batch axis (Unsqueeze), then
 *   ONNX's numpy broadcasting agrees. Add/Multiply fold the binary op; Maximum, Minimum and
 *   Average use ONNX's variadic Max, Min and Mean.
 * - Dot: inputs of rank 2 or 3 become batched matrices `[B, m, k]` × `[B, k, n]` (Transpose,
 *   Unsqueeze), one MatMul, and the added unit axes squeezed off; `normalize` divides each
 *   input by `sqrt(max(Σx², 1e-7))` along its dot axis, as `l2Normalize` does.
 */
import { ValueError } from '../../tensor/errors.js';
import type { Layer } from '../../layers/layer.js';
import { Add } from '../../layers/merge/add.js';
import { Average } from '../../layers/merge/average.js';
import { Concatenate } from '../../layers/merge/concatenate.js';
import { Dot } from '../../layers/merge/dot.js';
import { Maximum } from '../../layers/merge/maximum.js';
import { Minimum } from '../../layers/merge/minimum.js';
import { Multiply } from '../../layers/merge/multiply.js';
import { Subtract } from '../../layers/merge/subtract.js';
import { RepeatVector } from '../../layers/repeatVector.js';
import { Permute } from '../../layers/permute.js';
import { L2_NORMALIZE_EPSILON } from '../../ops/merge/l2Normalize.js';
import type { Exporter, Flow } from './export.js';
import { type Dim, attr } from './graph.js';
import { attentionIssues, emitAttention, isAttentionLayer } from './graphAttention.js';

const WHERE = 'exportOnnx';

const elementwise = [Add, Subtract, Multiply, Average, Maximum, Minimum] as const;

/** True for a layer this file writes (it takes a list of inputs, or is RepeatVector/Permute). */
export function isGraphOnlyLayer(layer: Layer): boolean {
  return isAttentionLayer(layer) || elementwise.some((C) => layer instanceof C) || layer instanceof Concatenate || layer instanceof Dot || layer instanceof RepeatVector || layer instanceof Permute;
}

/** Why this layer cannot be written (empty when it can); `ranks` are its inputs' ranks, batch included. */
export function graphOnlyLayerIssues(layer: Layer, label: string, ranks: readonly number[]): string[] {
  if (isAttentionLayer(layer)) return attentionIssues(layer, label);
  if (layer instanceof Dot && ranks.some((r) => r > 3)) {
    return [`${label}: Dot of inputs of rank ${ranks.join(' and ')} (the ONNX export writes Dot for inputs of rank 2 or 3)`];
  }
  return [];
}

/** Which dimension two broadcast dimensions give: a known size other than 1 wins. */
function broadcastDim(a: Dim, b: Dim): Dim {
  if (a === 1) return b;
  if (b === 1) return a;
  return typeof a === 'number' ? a : b;
}

/** `f` with size-1 axes inserted after the batch axis up to `rank`. */
function raise(ex: Exporter, f: Flow, rank: number, scope: string): Flow {
  const extra = rank - f.shape.length;
  if (extra <= 0) return f;
  const axes = Array.from({ length: extra }, (_, i) => i + 1);
  const name = ex.g.op('Unsqueeze', [f.name, ex.i64(axes)], {}, scope);
  return { ...f, name, shape: [f.shape[0]!, ...axes.map(() => 1), ...f.shape.slice(1)] };
}

function elementwiseMerge(ex: Exporter, layer: Layer, ins: readonly Flow[], scope: string): Flow {
  const g = ex.g;
  const rank = Math.max(...ins.map((f) => f.shape.length));
  const raised = ins.map((f) => raise(ex, f, rank, scope));
  const names = raised.map((f) => f.name);
  const shape = raised.slice(1).reduce<readonly Dim[]>((s, f) => s.map((d, i) => (i === 0 ? d : broadcastDim(d, f.shape[i]!))), raised[0]!.shape);
  const fold = (op: string): string => names.slice(1).reduce((acc, n) => g.op(op, [acc, n], {}, scope), names[0]!);
  let y: string;
  if (layer instanceof Add) y = fold('Add');
  else if (layer instanceof Subtract) y = g.op('Sub', names, {}, scope);
  else if (layer instanceof Multiply) y = fold('Mul');
  else if (layer instanceof Average) y = g.op('Mean', names, {}, scope);
  else if (layer instanceof Maximum) y = g.op('Max', names, {}, scope);
  else y = g.op('Min', names, {}, scope);
  return { name: y, layout: rank >= 3 ? 'bt' : 'flat', shape, elemType: ins[0]!.elemType, mask: null };
}

function concatenate(ex: Exporter, layer: Concatenate, ins: readonly Flow[], scope: string): Flow {
  const rank = ins[0]!.shape.length;
  const axis = layer.axis < 0 ? layer.axis + rank : layer.axis;
  const y = ex.g.op('Concat', ins.map((f) => f.name), { axis: attr.int(axis) }, scope);
  const shape = ins[0]!.shape.map((d, i): Dim => {
    if (i !== axis) return d;
    const sizes = ins.map((f) => f.shape[i]!);
    return sizes.every((s) => typeof s === 'number') ? sizes.reduce<number>((a, s) => a + (s as number), 0) : `${scope}_dim${i}`;
  });
  return { name: y, layout: ins[0]!.layout, shape, elemType: ins[0]!.elemType, mask: null };
}

/** `x / sqrt(max(Σ x², ε))` along `axis`. */
function l2Normalize(ex: Exporter, x: string, axis: number, scope: string): string {
  const g = ex.g;
  const sq = g.op('ReduceSumSquare', [x], { axes: attr.ints([axis]), keepdims: attr.int(1) }, scope);
  const norm = g.op('Sqrt', [g.op('Max', [sq, g.floatScalar(L2_NORMALIZE_EPSILON)], {}, scope)], {}, scope);
  return g.op('Div', [x, norm], {}, scope);
}

function dot(ex: Exporter, layer: Dot, ins: readonly Flow[], scope: string): Flow {
  const g = ex.g;
  const [fx, fy] = ins as [Flow, Flow];
  const [g1, g2] = Array.isArray(layer.axes) ? layer.axes : [layer.axes, layer.axes];
  const a1 = g1 < 0 ? g1 + fx.shape.length : g1;
  const a2 = g2 < 0 ? g2 + fy.shape.length : g2;
  let x = fx.name;
  let y = fy.name;
  if (layer.normalize) {
    x = l2Normalize(ex, x, a1, scope);
    y = l2Normalize(ex, y, a2, scope);
  }
  // x as [B, m, k]: the dot axis last; y as [B, k, n]: the dot axis first.
  const squeeze: number[] = [];
  if (fx.shape.length === 2) {
    x = g.op('Unsqueeze', [x, ex.i64([1])], {}, scope);
    squeeze.push(1);
  } else if (a1 === 1) {
    x = ex.transpose(x, [0, 2, 1], scope);
  }
  if (fy.shape.length === 2) {
    y = g.op('Unsqueeze', [y, ex.i64([2])], {}, scope);
    squeeze.push(2);
  } else if (a2 === 2) {
    y = ex.transpose(y, [0, 2, 1], scope);
  }
  let out = g.op('MatMul', [x, y], {}, scope);
  // Keras gives [B, 1] for two vectors: keep one of the two unit axes.
  const drop = squeeze.length === 2 ? [2] : squeeze;
  if (drop.length) out = g.op('Squeeze', [out, ex.i64(drop)], {}, scope);
  const rest = (f: Flow, a: number): Dim[] => f.shape.filter((_, i) => i !== 0 && i !== a);
  const dims = [...rest(fx, a1), ...rest(fy, a2)];
  const shape: Dim[] = [fx.shape[0]!, ...(dims.length ? dims : [1])];
  return { name: out, layout: shape.length >= 3 ? 'bt' : 'flat', shape, elemType: fx.elemType, mask: null };
}

/**
 * Writes one graph-only layer on batch-first inputs and returns its outputs.
 * @example emitGraphOnlyLayer(ex, layers.add(), [a, b], 'add') // [{ name: 'add/Add', ... }]
 */
export function emitGraphOnlyLayer(ex: Exporter, layer: Layer, ins: readonly Flow[], scope: string): Flow[] {
  if (isAttentionLayer(layer)) return emitAttention(ex, layer, ins, scope);
  return [emitSingleOutput(ex, layer, ins, scope)];
}

function emitSingleOutput(ex: Exporter, layer: Layer, ins: readonly Flow[], scope: string): Flow {
  const g = ex.g;
  if (elementwise.some((C) => layer instanceof C)) return elementwiseMerge(ex, layer, ins, scope);
  if (layer instanceof Concatenate) return concatenate(ex, layer, ins, scope);
  if (layer instanceof Dot) return dot(ex, layer, ins, scope);
  const f = ins[0]!;
  if (layer instanceof RepeatVector) {
    // [B, F] → [B, 1, F], broadcast against [1, n, 1].
    const y = g.op('Expand', [g.op('Unsqueeze', [f.name, ex.i64([1])], {}, scope), ex.i64([1, layer.n, 1])], {}, scope);
    return { name: y, layout: 'bt', shape: [f.shape[0]!, layer.n, f.shape[1]!], elemType: f.elemType, mask: null };
  }
  if (layer instanceof Permute) {
    const y = ex.transpose(f.name, [0, ...layer.dims], scope);
    const shape = [f.shape[0]!, ...layer.dims.map((d) => f.shape[d]!)];
    return { name: y, layout: shape.length >= 3 ? 'bt' : 'flat', shape, elemType: f.elemType, mask: null };
  }
  throw new ValueError(`${WHERE}: layer '${layer.name}' (${layer.className}) has no ONNX mapping`);
}
