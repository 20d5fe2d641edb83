/**
 * `dotAttention`: Keras's `layers.Attention` (Luong) as one differentiable op, with its two
 * score modes: 'dot' (query . key, times the optional `scale` weight) and 'concat'
 * (`concat_score_weight * sum(tanh(scale * (query + key)))`).
 */
import { ValueError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { attentionDims, checkWeight } from './checkInputs.js';
import { type AttendOptions, type AttentionResult, attend } from './attend.js';
import { dotScores, tanhScores } from './scores.js';

/** Options of {@link dotAttention}. */
export interface DotAttentionOptions extends AttendOptions {
  /** 'dot' (default) or 'concat', as Keras's `score_mode`. */
  scoreMode: 'dot' | 'concat';
  /** The `[]` scale weight (`useScale`), or null. */
  scale: Tensor | null;
  /** The `[]` `concat_score_weight`, required in 'concat' mode. */
  concatScoreWeight: Tensor | null;
}

/**
 * Attention of `query` `[batch, Tq, D]` over `value` `[batch, Tv, Dv]` with `key`
 * `[batch, Tv, D]` (null: the value is the key). Returns the output `[batch, Tq, Dv]` and the
 * weights `[batch, Tq, Tv]`; both are differentiable.
 * @example
 * const { output, scores } = dotAttention(q, v, null, { scoreMode: 'dot', scale: null, concatScoreWeight: null, queryMask: null, valueMask: null, causal: false, dropoutMask: null });
 */
export function dotAttention(query: Tensor, value: Tensor, key: Tensor | null, opts: DotAttentionOptions): AttentionResult {
  const where = 'dotAttention';
  const k = key ?? value;
  const dims = attentionDims(where, query, value, k, true);
  if (opts.scale) checkWeight(where, 'scale', opts.scale, [], query.dtype);
  if (opts.scoreMode === 'concat') {
    if (!opts.concatScoreWeight) throw new ValueError(`${where}: argument 'concatScoreWeight' is required with scoreMode 'concat'`);
    checkWeight(where, 'concatScoreWeight', opts.concatScoreWeight, [], query.dtype);
  }
  const score = opts.scoreMode === 'dot'
    ? dotScores(query, k, opts.scale, dims)
    : tanhScores(query, k, { inner: opts.scale, perFeature: null, outer: opts.concatScoreWeight }, dims);
  return attend(where, dims, value, score, opts);
}
