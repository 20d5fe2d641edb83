/**
 * Binary cross-entropy, as Keras: per element
 * - from probabilities: `-(y log p + (1 - y) log(1 - p))` with p clipped to [1e-7, 1 - 1e-7]
 *   (zero gradient where the clip is active);
 * - from logits x: `max(x, 0) - x y + log(1 + exp(-|x|))` (TF's
 *   `sigmoid_cross_entropy_with_logits`), exact for any finite logit;
 * then the mean over the last axis and the weighted mean over samples.
 */
import type { Tensor } from '../tensor/tensor.js';
import { booleanOption, checkDenseTargets, checkOptions, isOptionsObject, labelSmoothingOption } from './arguments.js';
import { probabilityBounds } from './clip.js';
import { bindLoss } from './describe.js';
import { type PreparedLoss, type RowKernel, reduceRows } from './rowwise.js';
import type { BinaryCrossentropyOptions, LossFn } from './types.js';

const BCE_OPTIONS = ['fromLogits', 'labelSmoothing'] as const;

/** `1 / (1 + exp(-x))` without overflow for large |x|. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const logitsRow: RowKernel = (t, tOff, p, pOff, classes, grad, scale) => {
  let sum = 0;
  for (let j = 0; j < classes; j++) {
    const x = p[pOff + j]!;
    const y = t[tOff + j]!;
    sum += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    if (grad) grad[pOff + j]! += (scale * (sigmoid(x) - y)) / classes;
  }
  return sum / classes;
};

function probabilitiesRow(lo: number, hi: number): RowKernel {
  return (t, tOff, p, pOff, classes, grad, scale) => {
    let sum = 0;
    for (let j = 0; j < classes; j++) {
      const raw = p[pOff + j]!;
      const q = Math.min(Math.max(raw, lo), hi);
      const y = t[tOff + j]!;
      sum -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
      // tf.clip_by_value passes the gradient on the bounds and blocks it strictly outside.
      if (grad && raw >= lo && raw <= hi) grad[pOff + j]! += (scale * ((1 - y) / (1 - q) - y / q)) / classes;
    }
    return sum / classes;
  };
}

/** Checks `binaryCrossentropy`'s options and fills in the defaults. */
export function readBinaryCrossentropyOptions(where: string, options: unknown): Required<BinaryCrossentropyOptions> {
  const o = checkOptions(where, options, BCE_OPTIONS);
  return {
    fromLogits: booleanOption(where, 'fromLogits', o.fromLogits, false),
    labelSmoothing: labelSmoothingOption(where, o.labelSmoothing),
  };
}

/** Validates the arguments of `binaryCrossentropy` and returns its row-wise form. */
export function prepareBinaryCrossentropy(
  where: string,
  yTrue: unknown,
  yPred: unknown,
  options: Required<BinaryCrossentropyOptions>,
): PreparedLoss {
  const c = checkDenseTargets(where, yTrue, yPred);
  let targets: ArrayLike<number> = c.yTrue.data;
  const s = options.labelSmoothing;
  if (s !== 0) {
    const smoothed = new Float64Array(targets.length);
    for (let i = 0; i < smoothed.length; i++) smoothed[i] = targets[i]! * (1 - s) + 0.5 * s;
    targets = smoothed;
  }
  const { lo, hi } = probabilityBounds(c.yPred.dtype);
  const kernel = options.fromLogits ? logitsRow : probabilitiesRow(lo, hi);
  return { yPred: c.yPred, targets, targetStride: c.classes, rows: c.rows, classes: c.classes, kernel };
}

/**
 * Binary cross-entropy (Keras `binary_crossentropy`); targets in [0, 1], predictions are
 * probabilities, or logits with `fromLogits: true`. Called with only an options object it
 * returns a loss function bound to those options.
 * @example binaryCrossentropy(tensor([[1], [0]]), tensor([[0.9], [0.2]])) // (-ln 0.9 - ln 0.8) / 2
 * @example const loss = binaryCrossentropy({ fromLogits: true });
 */
export function binaryCrossentropy(options: BinaryCrossentropyOptions): LossFn;
export function binaryCrossentropy(
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight?: Tensor | null,
  options?: BinaryCrossentropyOptions,
): Tensor;
export function binaryCrossentropy(
  yTrue: Tensor | BinaryCrossentropyOptions,
  yPred?: Tensor,
  sampleWeight?: Tensor | null,
  options?: BinaryCrossentropyOptions,
): Tensor | LossFn {
  const where = 'binaryCrossentropy';
  if (yPred === undefined && isOptionsObject(yTrue)) {
    const opts = readBinaryCrossentropyOptions(where, yTrue);
    return bindLoss('binaryCrossentropy', opts, (t, p, w) => binaryCrossentropy(t, p, w, opts));
  }
  const opts = readBinaryCrossentropyOptions(where, options);
  return reduceRows(where, prepareBinaryCrossentropy(where, yTrue, yPred, opts), sampleWeight);
}
