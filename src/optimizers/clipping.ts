/**
 * Gradient clipping as Keras's optimizers do it before the update: `clipNorm` per variable,
 * `globalClipNorm` over the whole gradient list, `clipValue` per element. The formulas follow
 * Keras literally (e.g. `g * c / max(norm, c)`, not "leave g alone when norm <= c") so results
 * round the same way. Clipped values go to `out`; the input gradients are never changed.
 */
import type { FloatArray } from '../tensor/tensor.js';

/** Sum of squares, accumulated in float64. */
export function sumOfSquares(g: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  return s;
}

/**
 * Scales `g` so its L2 norm is at most `clipNorm`: `out = g * clipNorm / max(norm, clipNorm)`.
 * @example grads [3, 4], clipNorm 1 -> [0.6, 0.8]
 */
export function clipByNorm(g: ArrayLike<number>, clipNorm: number, out: FloatArray): void {
  const norm = Math.sqrt(sumOfSquares(g));
  const denominator = Math.max(norm, clipNorm);
  for (let i = 0; i < g.length; i++) out[i] = (g[i]! * clipNorm) / denominator;
}

/**
 * Clips every element into `[-clipValue, clipValue]`.
 * @example
 * const out = new Float32Array(3);
 * optimizers.clipByValue([-2, 0.5, 3], 1, out); // out: [-1, 0.5, 1]
 */
export function clipByValue(g: ArrayLike<number>, clipValue: number, out: FloatArray): void {
  for (let i = 0; i < g.length; i++) {
    const v = g[i]!;
    out[i] = v > clipValue ? clipValue : v < -clipValue ? -clipValue : v;
  }
}

/**
 * The factor Keras multiplies every gradient by for `globalClipNorm`:
 * `clipNorm * min(1 / globalNorm, 1 / clipNorm)`, NaN when the global norm is not finite
 * (so a blown-up step shows as NaN rather than as a silently rescaled update).
 * @example globalClipScale([[3, 4], [12]], 1) // 1/13
 */
export function globalClipScale(grads: readonly ArrayLike<number>[], clipNorm: number): number {
  let total = 0;
  for (const g of grads) total += sumOfSquares(g);
  const norm = Math.sqrt(total);
  return clipNorm * Math.min(1 / norm, 1 / clipNorm) + (norm - norm);
}

/** `out = g * scale`. */
export function scaleInto(g: ArrayLike<number>, scale: number, out: FloatArray): void {
  for (let i = 0; i < g.length; i++) out[i] = g[i]! * scale;
}
