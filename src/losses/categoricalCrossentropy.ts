/**
 * Categorical cross-entropy against one-hot (or any distribution) targets, as Keras:
 * - from probabilities: yPred is first normalised to sum 1 along the last axis, then clipped
 *   to [1e-7, 1 - 1e-7], loss `-sum(y log q)` (zero gradient where the clip is active);
 * - from logits: `sum(y * (logsumexp(x) - x))` (TF's `softmax_cross_entropy_with_logits`),
 *   computed as `(max - x) + log(sum(exp(x - max)))` so huge logits stay exact.
 * Then the weighted mean over samples.
 */
import type { Tensor } from '../tensor/tensor.js';
import { booleanOption, checkDenseTargets, checkOptions, isOptionsObject, labelSmoothingOption } from './arguments.js';
import { probabilityBounds } from './clip.js';
import { bindLoss } from './describe.js';
import { type PreparedLoss, type RowKernel, reduceRows } from './rowwise.js';
import type { CategoricalCrossentropyOptions, LossFn } from './types.js';

const CCE_OPTIONS = ['fromLogits', 'labelSmoothing'] as const;

const logitsRow: RowKernel = (t, tOff, p, pOff, classes, grad, scale) => {
  let max = -Infinity;
  for (let j = 0; j < classes; j++) max = Math.max(max, p[pOff + j]!);
  let sumExp = 0;
  for (let j = 0; j < classes; j++) sumExp += Math.exp(p[pOff + j]! - max);
  const logSumExp = Math.log(sumExp);
  let loss = 0;
  let targetSum = 0;
  for (let j = 0; j < classes; j++) {
    const y = t[tOff + j]!;
    targetSum += y;
    // Zero targets contribute nothing, even where a logit is so small that max - x overflows.
    if (y !== 0) loss += y * (max - p[pOff + j]! + logSumExp);
  }
  if (grad) {
    for (let j = 0; j < classes; j++) {
      const softmax = Math.exp(p[pOff + j]! - max) / sumExp;
      grad[pOff + j]! += scale * (softmax * targetSum - t[tOff + j]!);
    }
  }
  return loss;
};

function probabilitiesRow(lo: number, hi: number): RowKernel {
  return (t, tOff, p, pOff, classes, grad, scale) => {
    let total = 0;
    for (let j = 0; j < classes; j++) total += p[pOff + j]!;
    let loss = 0;
    for (let j = 0; j < classes; j++) {
      const y = t[tOff + j]!;
      if (y !== 0) loss -= y * Math.log(Math.min(Math.max(p[pOff + j]! / total, lo), hi));
    }
    if (grad) {
      // With q = p / total and g_j = dL/dq_j: dL/dp_j = (g_j - sum_i g_i q_i) / total.
      let dot = 0;
      for (let j = 0; j < classes; j++) {
        const q = p[pOff + j]! / total;
        if (q >= lo && q <= hi) dot -= t[tOff + j]!;
      }
      for (let j = 0; j < classes; j++) {
        const q = p[pOff + j]! / total;
        const g = q >= lo && q <= hi ? -t[tOff + j]! / q : 0;
        grad[pOff + j]! += (scale * (g - dot)) / total;
      }
    }
    return loss;
  };
}

/** Checks `categoricalCrossentropy`'s options and fills in the defaults. */
export function readCategoricalCrossentropyOptions(
  where: string,
  options: unknown,
): Required<CategoricalCrossentropyOptions> {
  const o = checkOptions(where, options, CCE_OPTIONS);
  return {
    fromLogits: booleanOption(where, 'fromLogits', o.fromLogits, false),
    labelSmoothing: labelSmoothingOption(where, o.labelSmoothing),
  };
}

/** Validates the arguments of `categoricalCrossentropy` and returns its row-wise form. */
export function prepareCategoricalCrossentropy(
  where: string,
  yTrue: unknown,
  yPred: unknown,
  options: Required<CategoricalCrossentropyOptions>,
): PreparedLoss {
  const c = checkDenseTargets(where, yTrue, yPred);
  let targets: ArrayLike<number> = c.yTrue.data;
  const s = options.labelSmoothing;
  if (s !== 0) {
    const smoothed = new Float64Array(targets.length);
    for (let i = 0; i < smoothed.length; i++) smoothed[i] = targets[i]! * (1 - s) + s / c.classes;
    targets = smoothed;
  }
  const { lo, hi } = probabilityBounds(c.yPred.dtype);
  const kernel = options.fromLogits ? logitsRow : probabilitiesRow(lo, hi);
  return { yPred: c.yPred, targets, targetStride: c.classes, rows: c.rows, classes: c.classes, kernel };
}

/**
 * Categorical cross-entropy (Keras `categorical_crossentropy`) for one-hot targets of the
 * same shape as the predictions. Called with only an options object it returns a loss
 * function bound to those options.
 * @example categoricalCrossentropy(tensor([[0, 1, 0]]), tensor([[0.1, 0.8, 0.1]])) // -ln 0.8
 * @example const loss = categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
 */
export function categoricalCrossentropy(options: CategoricalCrossentropyOptions): LossFn;
export function categoricalCrossentropy(
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight?: Tensor | null,
  options?: CategoricalCrossentropyOptions,
): Tensor;
export function categoricalCrossentropy(
  yTrue: Tensor | CategoricalCrossentropyOptions,
  yPred?: Tensor,
  sampleWeight?: Tensor | null,
  options?: CategoricalCrossentropyOptions,
): Tensor | LossFn {
  const where = 'categoricalCrossentropy';
  if (yPred === undefined && isOptionsObject(yTrue)) {
    const opts = readCategoricalCrossentropyOptions(where, yTrue);
    return bindLoss('categoricalCrossentropy', opts, (t, p, w) => categoricalCrossentropy(t, p, w, opts));
  }
  const opts = readCategoricalCrossentropyOptions(where, options);
  return reduceRows(where, prepareCategoricalCrossentropy(where, yTrue, yPred, opts), sampleWeight);
}
