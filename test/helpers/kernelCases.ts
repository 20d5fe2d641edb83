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

/** One point of optionGrid: a shape [B, T, I, U], a mask kind and a direction, numbered k from 1. */
export interface GridPoint {
  B: number;
  T: number;
  I: number;
  U: number;
  mask: MaskKind;
  goBackwards: boolean;
  k: number;
}

/**
 * Every shape × mask kind × direction, in that nesting order; `make` can vary further options
 * with k (e.g. `state: k % 2 === 0`) so the grid stays small but covers them all.
 */
export function optionGrid<T>(shapes: readonly (readonly number[])[], make: (p: GridPoint) => T): T[] {
  const out: T[] = [];
  let k = 0;
  for (const [B, T, I, U] of shapes) {
    for (const mask of ['none', 'post', 'pre', 'allMaskedRow'] as const) {
      for (const goBackwards of [false, true]) {
        k++;
        out.push(make({ B: B!, T: T!, I: I!, U: U!, mask, goBackwards, k }));
      }
    }
  }
  return out;
}

/** The sizes the wasm kernel tests run, [B, T, I, U], with the odd sizes 1, 3, 17, 255 and 513. */
export const ODD_SHAPES = [[1, 1, 1, 1], [3, 5, 3, 17], [2, 4, 17, 3], [5, 3, 1, 255], [17, 2, 3, 33], [2, 2, 513, 5]] as const;

/**
 * The recurrent activations beyond linear, relu, sigmoid, the hard sigmoids and tanh, which
 * test/kernels/recurrentActivations.test.ts and wasmMoreActivations.test.ts cover one by one.
 */
export const MORE_ACTIVATIONS = ['elu', 'selu', 'softsign', 'softplus', 'relu6', 'exponential', 'gelu', 'swish'] as const;
