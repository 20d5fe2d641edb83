/**
 * Categorical cross-entropy against integer class indices, as Keras on TensorFlow:
 * - from logits x and class k: `(max - x_k) + log(sum(exp(x - max)))`;
 * - from probabilities: the probabilities are clipped to [1e-7, 1 - 1e-7], their logs are
 *   used as logits (so the row is renormalised after clipping): `log(sum c) - log(c_k)`;
 *   zero gradient where the clip is active.
 * Then the weighted mean over samples (every time step of a `[B, T]` label tensor is one).
 */
import type { Tensor } from '../tensor/tensor.js';
import { booleanOption, checkOptions, checkSparseTargets, isOptionsObject } from './arguments.js';
import { probabilityBounds } from './clip.js';
import { bindLoss } from './describe.js';
import { type PreparedLoss, type RowKernel, reduceRows } from './rowwise.js';
import type { LossFn, SparseCategoricalCrossentropyOptions } from './types.js';

const SCCE_OPTIONS = ['fromLogits'] as const;

/**
 * The from-logits row kernel for `rows` rows of `classes` logits, targets with stride 1 (so
 * tOff is the row). The loss pass keeps each row's exponentials and their sum, and the
 * gradient pass reuses them instead of calling Math.exp again (the same values either way):
 * on a character model's 2048 x 96 outputs the exponentials are most of the loss's time.
 */
function logitsRows(rows: number, classes: number): RowKernel {
  const exps = new Float64Array(rows * classes);
  // 0 until the loss pass has seen the row (a real sum is at least exp(0) = 1, or NaN).
  const rowSumExp = new Float64Array(rows);
  const rowMax = new Float64Array(rows);
  return (labels, tOff, p, pOff, n, grad, scale) => {
    const k = labels[tOff]!;
    const e0 = tOff * n;
    let sumExp = rowSumExp[tOff]!;
    let max = rowMax[tOff]!;
    if (!grad || sumExp === 0) {
      max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, p[pOff + j]!);
      sumExp = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(p[pOff + j]! - max);
        exps[e0 + j] = e;
        sumExp += e;
      }
      rowSumExp[tOff] = sumExp;
      rowMax[tOff] = max;
    }
    if (grad) {
      for (let j = 0; j < n; j++) {
        const softmax = exps[e0 + j]! / sumExp;
        grad[pOff + j]! += scale * (softmax - (j === k ? 1 : 0));
      }
    }
    return max - p[pOff + k]! + Math.log(sumExp);
  };
}

function probabilitiesRow(lo: number, hi: number): RowKernel {
  // Comparisons instead of Math.min/Math.max (same values, NaN included: a NaN fails both
  // tests and passes through), and 1/total once per row: this runs on every output of a
  // character model, 96 classes per token.
  return (labels, tOff, p, pOff, classes, grad, scale) => {
    const k = labels[tOff]!;
    let total = 0;
    for (let j = pOff; j < pOff + classes; j++) {
      const v = p[j]!;
      total += v < lo ? lo : v > hi ? hi : v;
    }
    if (grad) {
      // d/dp_j of log(sum c) - log(c_k), with c = p inside the clip interval.
      const inverseTotal = 1 / total;
      for (let j = 0; j < classes; j++) {
        const v = p[pOff + j]!;
        if (v < lo || v > hi) continue;
        grad[pOff + j]! += scale * (j === k ? inverseTotal - 1 / v : inverseTotal);
      }
    }
    const pk = p[pOff + k]!;
    return Math.log(total) - Math.log(pk < lo ? lo : pk > hi ? hi : pk);
  };
}

/** Checks `sparseCategoricalCrossentropy`'s options and fills in the defaults. */
export function readSparseCategoricalCrossentropyOptions(
  where: string,
  options: unknown,
): Required<SparseCategoricalCrossentropyOptions> {
  const o = checkOptions(where, options, SCCE_OPTIONS);
  return { fromLogits: booleanOption(where, 'fromLogits', o.fromLogits, false) };
}

/** Validates the arguments of `sparseCategoricalCrossentropy` and returns its row-wise form. */
export function prepareSparseCategoricalCrossentropy(
  where: string,
  yTrue: unknown,
  yPred: unknown,
  options: Required<SparseCategoricalCrossentropyOptions>,
): PreparedLoss {
  const c = checkSparseTargets(where, yTrue, yPred);
  const { lo, hi } = probabilityBounds(c.yPred.dtype);
  const kernel = options.fromLogits ? logitsRows(c.rows, c.classes) : probabilitiesRow(lo, hi);
  return { yPred: c.yPred, targets: c.labels, targetStride: 1, rows: c.rows, classes: c.classes, kernel };
}

/**
 * Sparse categorical cross-entropy (Keras `sparse_categorical_crossentropy`): `yTrue` holds
 * class indices, shape `[B]` or `[B, 1]` for predictions `[B, C]`, `[B, T]` (or `[B, T, 1]`)
 * for sequence predictions `[B, T, C]`. Called with only an options object it returns a loss
 * function bound to those options.
 * @example sparseCategoricalCrossentropy(tensor([1]), tensor([[0.1, 0.8, 0.1]])) // -ln 0.8
 * @example const loss = sparseCategoricalCrossentropy({ fromLogits: true });
 */
export function sparseCategoricalCrossentropy(options: SparseCategoricalCrossentropyOptions): LossFn;
export function sparseCategoricalCrossentropy(
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight?: Tensor | null,
  options?: SparseCategoricalCrossentropyOptions,
): Tensor;
export function sparseCategoricalCrossentropy(
  yTrue: Tensor | SparseCategoricalCrossentropyOptions,
  yPred?: Tensor,
  sampleWeight?: Tensor | null,
  options?: SparseCategoricalCrossentropyOptions,
): Tensor | LossFn {
  const where = 'sparseCategoricalCrossentropy';
  if (yPred === undefined && isOptionsObject(yTrue)) {
    const opts = readSparseCategoricalCrossentropyOptions(where, yTrue);
    return bindLoss('sparseCategoricalCrossentropy', opts, (t, p, w) => sparseCategoricalCrossentropy(t, p, w, opts));
  }
  const opts = readSparseCategoricalCrossentropyOptions(where, options);
  return reduceRows(where, prepareSparseCategoricalCrossentropy(where, yTrue, yPred, opts), sampleWeight);
}
