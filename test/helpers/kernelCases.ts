/** Random inputs shared by the kernel tests (reference vs fast vs wasm), drawn from the seeded RNG. */
import { uniform, random } from '../../src/tensor/random.js';
import type { FloatArray } from '../../src/tensor/tensor.js';

export type MaskKind = 'none' | 'post' | 'pre' | 'allMaskedRow';

/** n values uniform in [lo, hi), float64 or float32. */
export function randArray(n: number, f64: boolean, lo = -1, hi = 1): FloatArray {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = uniform(lo, hi);
  return a;
}

/**
 * A [B, T] padding mask of random lengths: padding at the end ('post') or the start ('pre');
 * 'allMaskedRow' is 'post' with row 0 fully padded. null for 'none'.
 */
export function sequenceMask(kind: MaskKind, B: number, T: number, f64: boolean): FloatArray | null {
  if (kind === 'none') return null;
  const mask = f64 ? new Float64Array(B * T) : new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const len = kind === 'allMaskedRow' && b === 0 ? 0 : 1 + Math.floor(random() * T);
    for (let t = 0; t < T; t++) mask[b * T + t] = (kind === 'pre' ? t >= T - len : t < len) ? 1 : 0;
  }
  return mask;
}

/** A Keras-style recurrent dropout mask: 0 with probability 0.3, else 1 / 0.7. */
export function dropoutMask(n: number, f64: boolean): FloatArray {
  const m = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) m[i] = random() < 0.3 ? 0 : 1 / 0.7;
  return m;
}
