/**
 * Keras's fuzz factor for probabilities: `keras.backend.epsilon()` = 1e-7. Probability-mode
 * cross-entropies clip predictions into [epsilon, 1 - epsilon] so log never sees 0.
 */
import type { DType } from '../tensor/tensor.js';

/** `keras.backend.epsilon()`. */
export const EPSILON = 1e-7;

/**
 * The clipping interval in the tensor's own precision: Keras builds the bounds as tensors of
 * the prediction's dtype, so for float32 1 - 1e-7 rounds to 0.99999988 and a prediction of 1
 * costs -log(1.19e-7), not -log(1e-7).
 */
export function probabilityBounds(dtype: DType): { lo: number; hi: number } {
  return dtype === 'float32'
    ? { lo: Math.fround(EPSILON), hi: Math.fround(1 - EPSILON) }
    : { lo: EPSILON, hi: 1 - EPSILON };
}
