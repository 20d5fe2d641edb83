/**
 * Keras's batch_dot: per batch entry, the dot product of `x` and `y` along one axis of each,
 * built from transpose, reshape and batchMatMul so the tape differentiates it.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { reshape } from '../shape.js';
import { batchMatMul } from './batchMatMul.js';
import { transpose } from './transpose.js';

/**
 * Contracts axis `axes[0]` of `x` with axis `axes[1]` of `y` (non-negative, not the batch
 * axis). The result has `x`'s other axes, then `y`'s other non-batch axes, in order; a result
 * of rank 1 becomes `[batch, 1]`, as in Keras.
 * @example batchDot(tensor([[1, 2]]), tensor([[3, 4]]), [1, 1]).toArray() // [[11]]
 * @example batchDot(tensor(x, [2, 5, 3]), tensor(y, [2, 4, 3]), [2, 2]).shape // [2, 5, 4]
 */
export function batchDot(x: Tensor, y: Tensor, axes: readonly [number, number], where = 'batchDot'): Tensor {
  const [a0, a1] = axes;
  if (x.rank < 2 || y.rank < 2) {
    throw new ShapeError(`${where}: arguments 'x' and 'y' expected rank >= 2 [batch, ...], got shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}`);
  }
  if (!Number.isInteger(a0) || a0 < 1 || a0 >= x.rank || !Number.isInteger(a1) || a1 < 1 || a1 >= y.rank) {
    throw new ValueError(`${where}: argument 'axes' expected non-batch axes of shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}, got ${JSON.stringify(axes)}`);
  }
  if (x.shape[0] !== y.shape[0] || x.shape[a0] !== y.shape[a1]) {
    throw new ShapeError(
      `${where}: argument 'y' of shape ${formatShape(y.shape)} expected batch ${x.shape[0]} and size ${x.shape[a0]} on axis ${a1} to match 'x' ${formatShape(x.shape)} (axis ${a0}), got batch ${y.shape[0]} and size ${y.shape[a1]}`,
    );
  }
  const batch = x.shape[0]!;
  const k = x.shape[a0]!;
  const xRest = x.shape.map((_, i) => i).filter((i) => i !== 0 && i !== a0);
  const yRest = y.shape.map((_, i) => i).filter((i) => i !== 0 && i !== a1);
  const p = xRest.reduce((s, i) => s * x.shape[i]!, 1);
  const q = yRest.reduce((s, i) => s * y.shape[i]!, 1);
  const xm = reshape(transpose(x, [0, ...xRest, a0], where), [batch, p, k]);
  const ym = reshape(transpose(y, [0, a1, ...yRest], where), [batch, k, q]);
  const shape = [batch, ...xRest.map((i) => x.shape[i]!), ...yRest.map((i) => y.shape[i]!)];
  return reshape(batchMatMul(xm, ym, where), shape.length === 1 ? [batch, 1] : shape);
}
