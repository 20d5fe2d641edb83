/**
 * The part every attention op shares: which (query, key) pairs may attend, the softmax over
 * keys with hidden pairs pushed to -1e9 as Keras does, and that softmax's backward. Plain
 * array routines; the ops around them register the tape nodes.
 */
import { ShapeError, formatShape } from '../../tensor/errors.js';
import type { FloatArray, Tensor } from '../../tensor/tensor.js';

/**
 * What Keras subtracts from a hidden pair's score before the softmax (it uses 65504 only for
 * float16, which lstm-ts does not have). Subtracting rather than replacing keeps Keras's
 * result when every key of a row is hidden: the row's softmax then spreads over all keys.
 */
export const HIDDEN_SCORE_OFFSET = 1e9;

/** The pieces that decide which query position may attend to which key position. */
export interface PairMaskParts {
  /** `[batch, Tq]` 0/1: a 0 hides every key from that query row (MultiHeadAttention only). */
  queryMask?: Tensor | null;
  /** `[batch, Tv]` 0/1: a 0 hides that key (value) position from every query. */
  valueMask?: Tensor | null;
  /** `[batch, Tv]` 0/1, the key input's own mask (MultiHeadAttention with a separate key). */
  keyMask?: Tensor | null;
  /** `[batch, Tq, Tv]` 0/1, an explicit pair mask (MultiHeadAttention's attention_mask). */
  pairMask?: Tensor | null;
  /** Hides keys after the query's own position (j > i), for decoder self-attention. */
  causal?: boolean;
}

function checkMask(where: string, name: string, m: Tensor, expected: number[]): void {
  if (m.rank !== expected.length || m.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(`${where}: argument '${name}' expected shape ${formatShape(expected)}, got ${formatShape(m.shape)}`);
  }
}

/**
 * The `[batch, Tq, Tv]` 0/1 array of allowed pairs (a nonzero mask entry counts as 1), or null
 * when nothing is hidden.
 * @example pairMask('attention', 1, 2, 2, { causal: true }) // Float64Array [1, 0, 1, 1]
 */
export function pairMask(where: string, batch: number, tq: number, tv: number, parts: PairMaskParts): Float64Array | null {
  const { queryMask, valueMask, keyMask, pairMask: explicit, causal } = parts;
  if (!queryMask && !valueMask && !keyMask && !explicit && !causal) return null;
  if (queryMask) checkMask(where, 'queryMask', queryMask, [batch, tq]);
  if (valueMask) checkMask(where, 'valueMask', valueMask, [batch, tv]);
  if (keyMask) checkMask(where, 'keyMask', keyMask, [batch, tv]);
  if (explicit) checkMask(where, 'attentionMask', explicit, [batch, tq, tv]);
  const m = new Float64Array(batch * tq * tv);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < tq; i++) {
      const q = queryMask ? queryMask.data[b * tq + i] !== 0 : true;
      for (let j = 0; j < tv; j++) {
        const o = (b * tq + i) * tv + j;
        let keep = q && (!causal || i >= j);
        if (keep && valueMask) keep = valueMask.data[b * tv + j] !== 0;
        if (keep && keyMask) keep = keyMask.data[b * tv + j] !== 0;
        if (keep && explicit) keep = explicit.data[o] !== 0;
        m[o] = keep ? 1 : 0;
      }
    }
  }
  return m;
}

/**
 * Softmax over the last axis of `scores` laid out `[batch, heads, Tq, Tv]`, after subtracting
 * {@link HIDDEN_SCORE_OFFSET} from pairs that `mask` (`[batch, Tq, Tv]`, shared by the heads)
 * hides. Returns a new array.
 * @example maskedSoftmax(new Float64Array([0, 0]), null, 1, 1, 1, 2) // Float64Array [0.5, 0.5]
 */
export function maskedSoftmax(
  scores: FloatArray, mask: Float64Array | null, batch: number, heads: number, tq: number, tv: number,
): FloatArray {
  const p = scores.slice();
  const row = new Float64Array(tv);
  // In float32 Keras's s - 1e9 loses s entirely (1e9 is a multiple of 64 there), so a row
  // whose keys are all hidden comes out uniform; rounding the shifted score the same way
  // keeps that behaviour.
  const round = scores instanceof Float32Array ? Math.fround : (x: number): number => x;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < tq; i++) {
        const o = ((b * heads + h) * tq + i) * tv;
        const mo = (b * tq + i) * tv;
        let max = -Infinity;
        for (let j = 0; j < tv; j++) {
          const s = mask && mask[mo + j] === 0 ? round(p[o + j]! - HIDDEN_SCORE_OFFSET) : p[o + j]!;
          row[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < tv; j++) {
          const e = Math.exp(row[j]! - max);
          row[j] = e;
          sum += e;
        }
        for (let j = 0; j < tv; j++) p[o + j] = row[j]! / sum;
      }
    }
  }
  return p;
}

/**
 * The softmax's backward over rows of length `n`: dS = P * (dP - sum(P * dP)). The subtracted
 * offset is constant, so hidden pairs need no special case (their P is 0 or, in an all-hidden
 * row, the plain softmax of the shifted scores).
 * @example softmaxBackward(new Float64Array([0.5, 0.5]), new Float64Array([1, 0]), 2) // [0.25, -0.25]
 */
export function softmaxBackward(p: FloatArray, dp: ArrayLike<number>, n: number): FloatArray {
  const ds = p.slice();
  for (let o = 0; o < p.length; o += n) {
    let dot = 0;
    for (let j = 0; j < n; j++) dot += p[o + j]! * dp[o + j]!;
    for (let j = 0; j < n; j++) ds[o + j] = p[o + j]! * (dp[o + j]! - dot);
  }
  return ds;
}
