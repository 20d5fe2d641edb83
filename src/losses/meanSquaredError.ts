/**
 * Mean squared error, as Keras: per sample `mean((yPred - yTrue)^2)` over the last axis,
 * then the weighted mean over samples ('sum_over_batch_size').
 */
import type { Tensor } from '../tensor/tensor.js';
import { checkDenseTargets } from './arguments.js';
import { type PreparedLoss, type RowKernel, reduceRows } from './rowwise.js';

const squaredErrorRow: RowKernel = (t, tOff, p, pOff, classes, grad, scale) => {
  let sum = 0;
  for (let j = 0; j < classes; j++) {
    const d = p[pOff + j]! - t[tOff + j]!;
    sum += d * d;
    if (grad) grad[pOff + j]! += (scale * 2 * d) / classes;
  }
  return sum / classes;
};

/** Validates the arguments of `meanSquaredError` and returns its row-wise form. */
export function prepareMeanSquaredError(where: string, yTrue: unknown, yPred: unknown): PreparedLoss {
  const c = checkDenseTargets(where, yTrue, yPred);
  return { yPred: c.yPred, targets: c.yTrue.data, targetStride: c.classes, rows: c.rows, classes: c.classes, kernel: squaredErrorRow };
}

/**
 * Mean squared error (Keras `mean_squared_error`, alias 'mse'); returns a scalar tensor.
 * @example meanSquaredError(tensor([[1], [2]]), tensor([[1.5], [2]])) // 0.125
 */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): Tensor {
  const where = 'meanSquaredError';
  return reduceRows(where, prepareMeanSquaredError(where, yTrue, yPred), sampleWeight);
}
