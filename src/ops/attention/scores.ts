/**
 * The two score families of Keras's Attention and AdditiveAttention, each with its backward:
 * dot products (Luong) and sums of tanh over query + key (Bahdanau, and Attention's 'concat'
 * mode). Plain array routines over `[batch, Tq, D]` queries and `[batch, Tv, D]` keys; the
 * ops in this folder wrap them in one tape node.
 */
import { type FloatArray, type Tensor, allocate } from '../../tensor/tensor.js';
import { gradOf } from '../../autograd/tape.js';
import { gemm } from '../../kernels/gemm.js';
import type { AttentionDims } from './checkInputs.js';

/** Raw scores `[batch, Tq, Tv]` and how to push their gradient back. */
export interface ScoreFunction {
  /** The tensors the scores depend on (query, key and score weights). */
  readonly inputs: Tensor[];
  /** Computes the raw scores. */
  forward(): FloatArray;
  /** Adds d loss / d (query, key, weights) into their grads, given d loss / d scores. */
  backward(dScores: FloatArray): void;
}

/**
 * scores = scale * query @ key^T, per batch row; `scale` is a `[]` weight or null (1).
 * @example dotScores(q, k, null, dims).forward() // [batch * Tq * Tv] dot products
 */
export function dotScores(query: Tensor, key: Tensor, scale: Tensor | null, dims: AttentionDims): ScoreFunction {
  const { batch, tq, tv, dq: d } = dims;
  let raw: FloatArray | null = null;
  return {
    inputs: scale ? [query, key, scale] : [query, key],
    forward() {
      raw = allocate(query.dtype, batch * tq * tv);
      for (let b = 0; b < batch; b++) gemm(false, true, tq, tv, d, query.data, b * tq * d, key.data, b * tv * d, raw, b * tq * tv, false);
      if (!scale) return raw;
      const s = scale.data[0]!;
      const out = raw.slice();
      for (let i = 0; i < out.length; i++) out[i]! *= s;
      return out;
    },
    backward(dS) {
      const s = scale ? scale.data[0]! : 1;
      if (scale && scale.requiresGrad) {
        let g = 0;
        for (let i = 0; i < dS.length; i++) g += dS[i]! * raw![i]!;
        gradOf(scale)[0]! += g;
      }
      let g = dS;
      if (s !== 1) {
        g = dS.slice();
        for (let i = 0; i < g.length; i++) g[i]! *= s;
      }
      for (let b = 0; b < batch; b++) {
        if (query.requiresGrad) gemm(false, false, tq, d, tv, g, b * tq * tv, key.data, b * tv * d, gradOf(query), b * tq * d, true);
        if (key.requiresGrad) gemm(true, false, tv, d, tq, g, b * tq * tv, query.data, b * tq * d, gradOf(key), b * tv * d, true);
      }
    },
  };
}

/** The weights of a tanh score; each may be absent (then 1). */
export interface TanhScoreWeights {
  /** `[]`: multiplies query + key inside the tanh (Attention's `scale` in 'concat' mode). */
  inner: Tensor | null;
  /** `[D]`: weights each feature's tanh (AdditiveAttention's `scale`). */
  perFeature: Tensor | null;
  /** `[]`: multiplies the sum (Attention's `concat_score_weight`). */
  outer: Tensor | null;
}

/**
 * scores[b, i, j] = outer * sum_d perFeature[d] * tanh(inner * (query[b, i, d] + key[b, j, d])).
 * The tanh values are recomputed in backward rather than kept: they are Tq * Tv * D per batch
 * row, far more than the scores.
 * @example tanhScores(q, k, { inner: null, perFeature: scale, outer: null }, dims).forward()
 */
export function tanhScores(query: Tensor, key: Tensor, w: TanhScoreWeights, dims: AttentionDims): ScoreFunction {
  const { batch, tq, tv, dq: d } = dims;
  const q = query.data;
  const k = key.data;
  const featureWeights = (): Float64Array => {
    const c = w.outer ? w.outer.data[0]! : 1;
    const f = new Float64Array(d);
    for (let x = 0; x < d; x++) f[x] = (w.perFeature ? w.perFeature.data[x]! : 1) * c;
    return f;
  };
  return {
    inputs: [query, key, ...[w.inner, w.perFeature, w.outer].filter((t): t is Tensor => t !== null)],
    forward() {
      const a = w.inner ? w.inner.data[0]! : 1;
      const f = featureWeights();
      const s = allocate(query.dtype, batch * tq * tv);
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < tq; i++) {
          const qo = (b * tq + i) * d;
          for (let j = 0; j < tv; j++) {
            const ko = (b * tv + j) * d;
            let sum = 0;
            for (let x = 0; x < d; x++) sum += f[x]! * Math.tanh(a * (q[qo + x]! + k[ko + x]!));
            s[(b * tq + i) * tv + j] = sum;
          }
        }
      }
      return s;
    },
    backward(dS) {
      const a = w.inner ? w.inner.data[0]! : 1;
      const c = w.outer ? w.outer.data[0]! : 1;
      const f = featureWeights();
      const dq = query.requiresGrad ? gradOf(query) : null;
      const dk = key.requiresGrad ? gradOf(key) : null;
      const dPer = w.perFeature?.requiresGrad ? gradOf(w.perFeature) : null;
      let dInner = 0;
      let dOuter = 0;
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < tq; i++) {
          const qo = (b * tq + i) * d;
          for (let j = 0; j < tv; j++) {
            const g = dS[(b * tq + i) * tv + j]!;
            if (g === 0) continue;
            const ko = (b * tv + j) * d;
            for (let x = 0; x < d; x++) {
              const u = q[qo + x]! + k[ko + x]!;
              const t = Math.tanh(a * u);
              const sech2 = 1 - t * t;
              const gu = g * f[x]! * sech2;
              if (dq) dq[qo + x]! += gu * a;
              if (dk) dk[ko + x]! += gu * a;
              if (dPer) dPer[x]! += g * c * t;
              dInner += gu * u;
              dOuter += g * (w.perFeature ? w.perFeature.data[x]! : 1) * t;
            }
          }
        }
      }
      if (w.inner?.requiresGrad) gradOf(w.inner)[0]! += dInner;
      if (w.outer?.requiresGrad) gradOf(w.outer)[0]! += dOuter;
    },
  };
}
