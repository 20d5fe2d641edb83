/**
 * `additiveAttention`: Keras's `layers.AdditiveAttention` (Bahdanau) as one differentiable op:
 * scores = sum over features of scale * tanh(query + key), then Keras's masked softmax and
 * weighted sum of the values.
 */
import type { Tensor } from '../../tensor/tensor.js';
import { attentionDims, checkWeight } from './checkInputs.js';
import { type AttendOptions, type AttentionResult, attend } from './attend.js';
import { tanhScores } from './scores.js';

/** Options of {@link additiveAttention}. */
export interface AdditiveAttentionOptions extends AttendOptions {
  /** The `[D]` per-feature scale weight (`useScale`), or null for 1. */
  scale: Tensor | null;
}

/**
 * Bahdanau attention of `query` `[batch, Tq, D]` over `value` `[batch, Tv, Dv]` with `key`
 * `[batch, Tv, D]` (null: the value is the key). Returns the output `[batch, Tq, Dv]` and the
 * weights `[batch, Tq, Tv]`; both are differentiable.
 * @example
 * const { output } = additiveAttention(q, v, null, { scale, queryMask: null, valueMask: null, causal: false, dropoutMask: null });
 */
export function additiveAttention(query: Tensor, value: Tensor, key: Tensor | null, opts: AdditiveAttentionOptions): AttentionResult {
  const where = 'additiveAttention';
  const k = key ?? value;
  const dims = attentionDims(where, query, value, k, true);
  if (opts.scale) checkWeight(where, 'scale', opts.scale, [dims.dq], query.dtype);
  return attend(where, dims, value, tanhScores(query, k, { inner: null, perFeature: opts.scale, outer: null }, dims), opts);
}
