/**
 * Ops that change only the shape, never the order of the values: reshape, expandDims and
 * squeeze. Each returns a view sharing `x`'s data (the library's reshape op), so they cost
 * no copy; the gradient passes through unchanged.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import type { Tensor, TensorLike } from '../../tensor/tensor.js';
import { reshape as reshapeView, resolveShape } from '../shape.js';
import { asTensor, normalizeAxes } from './convert.js';

/**
 * The same values with another shape, as `tf.reshape`; one size may be -1 (inferred).
 * @example ops.reshape([1, 2, 3, 4, 5, 6], [2, -1]).toArray() // [[1, 2, 3], [4, 5, 6]]
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = asTensor('ops.reshape', 'x', x);
  if (!Array.isArray(shape)) {
    throw new ValueError(`ops.reshape: argument 'shape' expected a list of sizes, got ${JSON.stringify(shape)}`);
  }
  // Resolving here puts the public name and x's shape into a size mismatch's message.
  try {
    resolveShape('ops.reshape', 'shape', t.size, shape);
  } catch (e) {
    if (e instanceof ShapeError) throw new ShapeError(`${e.message}: argument 'x' has shape ${formatShape(t.shape)}`);
    throw e;
  }
  return reshapeView(t, shape);
}

/**
 * Inserts an axis of size 1 at `axis` (default 0; -1 appends), as `tf.expandDims`.
 * @example ops.expandDims([1, 2], 1).shape // [2, 1]
 */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  const where = 'ops.expandDims';
  const t = asTensor(where, 'x', x);
  const rank = t.rank;
  if (!Number.isInteger(axis) || axis < -(rank + 1) || axis > rank) {
    throw new ValueError(`${where}: argument 'axis' expected an integer in [${-(rank + 1)}, ${rank}] for a tensor of shape ${formatShape(t.shape)}, got ${JSON.stringify(axis)}`);
  }
  const at = axis < 0 ? axis + rank + 1 : axis;
  return reshapeView(t, [...t.shape.slice(0, at), 1, ...t.shape.slice(at)]);
}

/**
 * Removes axes of size 1: the listed ones (each must have size 1), or all of them when `axis`
 * is undefined, as `tf.squeeze`.
 * @example ops.squeeze([[[1], [2]]]).shape // [2]
 * @example ops.squeeze([[[1], [2]]], [-1]).shape // [1, 2]
 */
export function squeeze(x: TensorLike, axis?: number[]): Tensor {
  const where = 'ops.squeeze';
  const t = asTensor(where, 'x', x);
  const axes = axis === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(where, 'axis', axis, t.shape);
  for (const a of axes) {
    if (t.shape[a] !== 1) {
      throw new ShapeError(`${where}: argument 'axis' names axis ${a}, which has size ${t.shape[a]} in shape ${formatShape(t.shape)}; only axes of size 1 can be squeezed`);
    }
  }
  return reshapeView(t, t.shape.filter((_, i) => !axes.includes(i)));
}
