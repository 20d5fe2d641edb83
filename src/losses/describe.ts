/**
 * Remembers which built-in loss (and which options) a bound loss function stands for, so
 * that `getLoss`, `lossFromLogits` and `resolveMetric` can recognise a function the user
 * made with e.g. `binaryCrossentropy({ fromLogits: true })`.
 */
import type { LossDescription, LossFn, LossName } from './types.js';

const boundLosses = new WeakMap<LossFn, LossDescription>();

/** Records that `fn` is the built-in loss `name` with `options`, and returns `fn`. */
export function bindLoss(name: LossName, options: Readonly<Record<string, unknown>>, fn: LossFn): LossFn {
  boundLosses.set(fn, { name, options: Object.freeze({ ...options }) });
  return fn;
}

/** The description recorded by `bindLoss`, if `fn` was made by it. */
export function boundLossDescription(fn: unknown): LossDescription | undefined {
  return typeof fn === 'function' ? boundLosses.get(fn as LossFn) : undefined;
}
