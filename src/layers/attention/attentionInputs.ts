/**
 * What the attention layers share about their inputs: a list `[query, value]` or
 * `[query, value, key]` (Keras's order) of `[batch, time, features]` tensors, the shape checks
 * behind `computeOutputShape`, and the per-input masks.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type CallArgs, type Shape, isShapeList } from '../layer.js';

/** The three input shapes, the key defaulting to the value's. */
export interface AttentionShapes {
  query: Shape;
  value: Shape;
  key: Shape;
}

const listHint = 'a list [query, value] or [query, value, key] of [batch, time, features] inputs';

function compatible(a: number | null | undefined, b: number | null | undefined): boolean {
  return a === null || a === undefined || b === null || b === undefined || a === b;
}

/**
 * Checks the input shapes of an attention layer (null sizes match anything); `sameKeyDim`
 * requires the key's features to equal the query's.
 * @example attentionShapes('attention', [[null, 4, 8], [null, 6, 8]], true).key // [null, 6, 8]
 */
export function attentionShapes(where: string, inputShape: Shape | Shape[], sameKeyDim: boolean): AttentionShapes {
  if (!isShapeList(inputShape)) {
    throw new ValueError(`${where}: expected ${listHint}, got one input of shape ${formatShape(inputShape)}`);
  }
  if (inputShape.length < 2 || inputShape.length > 3) {
    throw new ValueError(`${where}: expected ${listHint}, got a list of ${inputShape.length}`);
  }
  const names = ['query', 'value', 'key'];
  inputShape.forEach((s, i) => {
    if (s.length !== 3) throw new ShapeError(`${where}: argument '${names[i]}' expected rank 3 [batch, time, features], got shape ${formatShape(s)}`);
  });
  const [query, value] = inputShape as [Shape, Shape];
  const key = inputShape[2] ?? value;
  for (const [name, s] of [['value', value], ['key', key]] as const) {
    if (!compatible(s[0], query[0])) throw new ShapeError(`${where}: argument '${name}' expected batch ${query[0]} like 'query' ${formatShape(query)}, got shape ${formatShape(s)}`);
  }
  if (!compatible(key[1], value[1])) {
    throw new ShapeError(`${where}: argument 'key' expected time ${value[1]} like 'value' ${formatShape(value)}, got shape ${formatShape(key)}`);
  }
  if (sameKeyDim && !compatible(key[2], query[2])) {
    throw new ShapeError(`${where}: argument '${inputShape.length === 3 ? 'key' : 'value'}' expected last axis ${query[2]} like 'query' ${formatShape(query)} (the scores combine query and key feature by feature), got shape ${formatShape(key)}`);
  }
  return { query, value, key };
}

/**
 * Checks eager inputs: a list of 2 or 3 tensors of compatible shapes; with `built`, each last
 * axis must be the one the weights were built for.
 * @example checkAttentionInputs('attention.apply', [q, v], true, null)
 */
export function checkAttentionInputs(where: string, x: Tensor | Tensor[], sameKeyDim: boolean, built: Shape[] | null): void {
  if (!Array.isArray(x)) {
    throw new ValueError(`${where}: argument 'x' expected ${listHint}, got one tensor of shape ${formatShape(x.shape)}`);
  }
  attentionShapes(where, x.map((t) => [...t.shape]), sameKeyDim);
  if (!built) return;
  const names = ['query', 'value', 'key'];
  const builtKey = built[2] ?? built[1]!;
  const expected = [built[0]!, built[1]!, builtKey];
  x.forEach((t, i) => {
    const want = expected[i]![2];
    if (want !== null && want !== undefined && t.shape[2] !== want) {
      throw new ShapeError(`${where}: argument '${names[i]}' expected last axis ${want} (the layer's weights were built for it), got shape ${formatShape(t.shape)}`);
    }
  });
}

/** The query, value and key masks of a call (each null when absent). */
export function inputMasks(args: CallArgs): [Tensor | null, Tensor | null, Tensor | null] {
  const m = args.masks ?? [];
  return [m[0] ?? null, m[1] ?? null, m[2] ?? null];
}

/**
 * Reads the causal option under either name: `useCausalMask` (Keras 3's call argument) or
 * `causal` (Keras 2's constructor option).
 */
export function causalOption(where: string, useCausalMask: unknown, causal: unknown): boolean {
  for (const [name, v] of [['useCausalMask', useCausalMask], ['causal', causal]] as const) {
    if (v !== undefined && typeof v !== 'boolean') throw new ValueError(`${where}: option '${name}' expected true or false, got ${JSON.stringify(v)}`);
  }
  if (useCausalMask !== undefined && causal !== undefined && useCausalMask !== causal) {
    throw new ValueError(`${where}: options 'useCausalMask' (${String(useCausalMask)}) and 'causal' (${String(causal)}) are two names for one option and disagree`);
  }
  return (useCausalMask ?? causal ?? false) as boolean;
}
