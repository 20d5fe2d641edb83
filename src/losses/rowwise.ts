/**
 * The one autograd op behind every loss: a per-row loss over the predictions' last axis,
 * weighted and reduced with Keras's 'sum_over_batch_size' (sum of weighted per-row losses
 * divided by the number of rows, weights or not). Each loss supplies only its row kernel,
 * which computes the row's loss and, when asked, adds its scaled derivative.
 */
import { addNode, gradOf } from '../autograd/tape.js';
import { type FloatArray, Tensor, allocate } from '../tensor/tensor.js';
import { perRowWeights, resolveSampleWeight } from './sampleWeight.js';

/**
 * The loss of one row of predictions `pred[pOff .. pOff + classes)` against its targets
 * starting at `targets[tOff]`. When `grad` is given, adds `scale * d rowLoss / d pred[j]`
 * into `grad[pOff + j]` for every j.
 */
export type RowKernel = (
  targets: ArrayLike<number>,
  tOff: number,
  pred: FloatArray,
  pOff: number,
  classes: number,
  grad: FloatArray | null,
  scale: number,
) => number;

/** A loss ready to evaluate: validated targets, their per-row stride, and the row kernel. */
export interface PreparedLoss {
  readonly yPred: Tensor;
  readonly targets: ArrayLike<number>;
  /** Targets per row: the class count for dense targets, 1 for class indices. */
  readonly targetStride: number;
  readonly rows: number;
  readonly classes: number;
  readonly kernel: RowKernel;
}

/**
 * Evaluates the prepared loss, reduces it with the sample weights and records the backward
 * pass (into `yPred` only: the loss has no gradient with respect to targets or weights).
 */
export function reduceRows(where: string, loss: PreparedLoss, sampleWeight: unknown): Tensor {
  const { yPred, targets, targetStride, rows, classes, kernel } = loss;
  const resolved = resolveSampleWeight(where, sampleWeight, yPred.shape);
  const weights = resolved ? perRowWeights(resolved, rows) : null;
  const pred = yPred.data;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const w = weights ? weights[r]! : 1;
    if (w === 0) continue;
    total += w * kernel(targets, r * targetStride, pred, r * classes, classes, null, 0);
  }
  const out = new Tensor(allocate(yPred.dtype, 1), []);
  // divide_no_nan: an empty batch has loss 0.
  out.data[0] = rows === 0 ? 0 : total / rows;
  addNode([yPred], [out], () => {
    const upstream = out.grad ? out.grad[0]! : 0;
    if (upstream === 0 || !yPred.requiresGrad) return;
    const grad = gradOf(yPred);
    for (let r = 0; r < rows; r++) {
      const scale = (upstream * (weights ? weights[r]! : 1)) / rows;
      if (scale === 0) continue;
      kernel(targets, r * targetStride, pred, r * classes, classes, grad, scale);
    }
  });
  return out;
}

/**
 * The unreduced loss, one value per row, in shape `yPred.shape[:-1]` (what Keras's
 * functional losses such as `keras.losses.mean_squared_error` return). Not recorded.
 */
export function perRowValues(loss: PreparedLoss): Float64Array {
  const { yPred, targets, targetStride, rows, classes, kernel } = loss;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = kernel(targets, r * targetStride, yPred.data, r * classes, classes, null, 0);
  return out;
}
