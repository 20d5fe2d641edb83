/**
 * Sample weights against the per-sample loss: one loss value per row of the predictions'
 * last axis, i.e. shape `yPred.shape[:-1]` (`[B]` for `[B, C]` outputs, `[B, T]` for
 * sequence outputs `[B, T, C]`). A weight of shape `[B]` covers every time step of its
 * sample (as tf.keras broadcasts it), `[B, T]` weights each step.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { type FloatArray, Tensor, allocate, assertFinite } from '../tensor/tensor.js';
import { expectTensor } from './arguments.js';

/** A sample weight checked against the per-sample loss shape. */
export interface ResolvedSampleWeight {
  /** The weights, row-major in `shape`. */
  readonly values: FloatArray;
  /** The weight shape with any broadcast trailing 1 removed: a prefix of the loss shape. */
  readonly shape: readonly number[];
  /** How many consecutive rows share one weight. */
  readonly rowsPerWeight: number;
}

function isPrefix(prefix: readonly number[], of: readonly number[]): boolean {
  return prefix.length <= of.length && prefix.every((d, i) => d === of[i]);
}

/**
 * Checks `sampleWeight` (a Tensor, or null/undefined for none) against predictions of shape
 * `predShape`. Accepts a scalar, any prefix of the per-sample loss shape (`[B]`, `[B, T]`),
 * or such a prefix followed by an axis of size 1 (`[B, 1]`, `[B, T, 1]`).
 * @example losses.resolveSampleWeight('myLoss', tensor([1, 2]), [2, 3, 4]) // { values: [1, 2], shape: [2], rowsPerWeight: 3 }
 */
export function resolveSampleWeight(
  where: string,
  sampleWeight: unknown,
  predShape: readonly number[],
): ResolvedSampleWeight | null {
  if (sampleWeight === undefined || sampleWeight === null) return null;
  const w = expectTensor(where, 'sampleWeight', sampleWeight);
  const lossShape = predShape.slice(0, -1);
  let shape = w.shape.slice();
  // A trailing 1 broadcasts over the rest of the loss shape ([B, 1] over [B, T]), unless the
  // loss shape itself has size 1 on that axis.
  const lossAxisIsOne = (axis: number) => axis < lossShape.length && lossShape[axis] === 1;
  while (shape.length > 0 && shape[shape.length - 1] === 1 && !lossAxisIsOne(shape.length - 1)) {
    shape = shape.slice(0, -1);
  }
  if (!isPrefix(shape, lossShape)) {
    const options = ['[]', ...lossShape.map((_, i) => formatShape(lossShape.slice(0, i + 1)))];
    throw new ShapeError(
      `${where}: argument 'sampleWeight' has shape ${formatShape(w.shape)}; expected one of ${options.join(', ')} (a prefix of the per-sample loss shape ${formatShape(lossShape)}, which is the shape of 'yPred' ${formatShape(predShape)} without its last axis)`,
    );
  }
  assertFinite(where, 'sampleWeight', w);
  let rows = 1;
  for (const d of lossShape) rows *= d;
  const cells = w.size;
  return { values: w.data, shape, rowsPerWeight: cells === 0 ? 0 : rows / cells };
}

/**
 * Expands resolved weights to one weight per row.
 * @example losses.perRowWeights(losses.resolveSampleWeight('myLoss', tensor([1, 2]), [2, 3, 4])!, 6) // [1, 1, 1, 2, 2, 2]
 */
export function perRowWeights(weights: ResolvedSampleWeight, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const k = weights.rowsPerWeight;
  for (let r = 0; r < rows; r++) out[r] = weights.values[Math.floor(r / k)]!;
  return out;
}

/**
 * Merges a `[B, T]` padding mask (1 = real step, 0 = padding) into the sample weights as
 * Keras 3 does (`apply_mask`). For the loss ('sum_over_batch_size') the mask is scaled by
 * total / valid steps, so the loss is the mean over real steps only; for metrics ('sum') it
 * is used as is. `sampleWeight` may be `[B]`, `[B, 1]` or `[B, T]`. Returns `[B, T]` weights.
 * @example maskedSampleWeight(mask, null, 'sum_over_batch_size')
 */
export function maskedSampleWeight(
  mask: Tensor,
  sampleWeight: Tensor | null | undefined,
  reduction: 'sum_over_batch_size' | 'sum',
): Tensor {
  const where = 'maskedSampleWeight';
  const m = expectTensor(where, 'mask', mask);
  assertFinite(where, 'mask', m);
  if (reduction !== 'sum_over_batch_size' && reduction !== 'sum') {
    throw new ValueError(`${where}: argument 'reduction' expected 'sum_over_batch_size' or 'sum', got ${JSON.stringify(reduction)}`);
  }
  const out = allocate(m.dtype, m.size);
  let valid = 0;
  for (let i = 0; i < m.size; i++) valid += m.data[i]!;
  // divide_no_nan: an all-padding batch contributes nothing instead of NaN.
  const scale = reduction === 'sum' ? 1 : valid === 0 ? 0 : m.size / valid;
  for (let i = 0; i < m.size; i++) out[i] = m.data[i]! * scale;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    // Resolve the weight as if the mask were the per-sample loss shape.
    const resolved = resolveSampleWeight(where, sampleWeight, [...m.shape, 1]);
    if (resolved) {
      const k = resolved.rowsPerWeight;
      for (let i = 0; i < m.size; i++) out[i]! *= resolved.values[Math.floor(i / k)]!;
    }
  }
  return new Tensor(out, m.shape);
}
