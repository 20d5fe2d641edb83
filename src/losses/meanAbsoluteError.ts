/**
 * Mean absolute error, as Keras: per sample `mean(|yPred - yTrue|)` over the last axis, then
 * the weighted mean over samples. The derivative at a zero error is 0 (sign(0)), as in TF.
 */
import type { Tensor } from '../tensor/tensor.js';
import { checkDenseTargets } from './arguments.js';
import { type PreparedLoss, type RowKernel, reduceRows } from './rowwise.js';

const absoluteErrorRow: RowKernel = (t, tOff, p, pOff, classes, grad, scale) => {
  let sum = 0;
  for (let j = 0; j < classes; j++) {
    const d = p[pOff + j]! - t[tOff + j]!;
    sum += Math.abs(d);
    if (grad) grad[pOff + j]! += (scale * Math.sign(d)) / classes;
  }
  return sum / classes;
};

/** Validates the arguments of `meanAbsoluteError` and returns its row-wise form. */
export function prepareMeanAbsoluteError(where: string, yTrue: unknown, yPred: unknown): PreparedLoss {
  const c = checkDenseTargets(where, yTrue, yPred);
  return { yPred: c.yPred, targets: c.yTrue.data, targetStride: c.classes, rows: c.rows, classes: c.classes, kernel: absoluteErrorRow };
}

/**
 * Mean absolute error (Keras `mean_absolute_error`, alias 'mae'); returns a scalar tensor.
 * @example meanAbsoluteError(tensor([[1, 2]]), tensor([[2, 2]])) // 0.5
 */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): Tensor {
  const where = 'meanAbsoluteError';
  return reduceRows(where, prepareMeanAbsoluteError(where, yTrue, yPred), sampleWeight);
}
