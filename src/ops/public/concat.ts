/**
 * Joining tensors: concat along an existing axis and stack along a new one, as
 * `tf.concat(tensors, axis)` and `tf.stack(tensors, axis)`. Both take axis 0 by default.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import type { Tensor, TensorLike } from '../../tensor/tensor.js';
import { concatAxis } from '../concatAxis.js';
import { asTensors, normalizeAxis } from './convert.js';
import { expandDims } from './reshape.js';

function checkList(where: string, tensors: readonly TensorLike[]): Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError(`${where}: argument 'tensors' expected a non-empty list of tensors, got ${Array.isArray(tensors) ? 'an empty list' : typeof tensors}`);
  }
  return asTensors(where, tensors.map((_, i) => `tensors[${i}]`), tensors);
}

/**
 * Joins tensors along `axis` (default 0; negative counts from the end); every other size
 * must match. The same tensor may appear more than once; its gradients add up.
 * @example ops.concat([[[1, 2]], [[3, 4]]], 0).toArray() // [[1, 2], [3, 4]]
 * @example ops.concat([h, c], -1) // [batch, 2 * units]
 */
export function concat(tensors: TensorLike[], axis = 0): Tensor {
  const where = 'ops.concat';
  const ts = checkList(where, tensors);
  const first = ts[0]!;
  if (first.rank === 0) throw new ShapeError(`${where}: argument 'tensors[0]' expected rank >= 1, got a scalar (shape [])`);
  const ax = normalizeAxis(where, 'axis', axis, first.rank, first.shape);
  ts.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((d, j) => j !== ax && d !== first.shape[j])) {
      const want = first.shape.map((d, j) => (j === ax ? null : d));
      throw new ShapeError(`${where}: argument 'tensors[${i}]' expected shape ${formatShape(want)} (the shape of 'tensors[0]' ${formatShape(first.shape)} except on axis ${ax}), got ${formatShape(t.shape)}`);
    }
  });
  return concatAxis(ts, ax);
}

/**
 * Stacks tensors of one shape along a new axis `axis` (default 0), as `tf.stack`.
 * @example ops.stack([[1, 2], [3, 4]], 1).toArray() // [[1, 3], [2, 4]]
 */
export function stack(tensors: TensorLike[], axis = 0): Tensor {
  const where = 'ops.stack';
  const ts = checkList(where, tensors);
  const first = ts[0]!;
  ts.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((d, j) => d !== first.shape[j])) {
      throw new ShapeError(`${where}: argument 'tensors[${i}]' expected the shape of 'tensors[0]', ${formatShape(first.shape)}, got ${formatShape(t.shape)}`);
    }
  });
  const rank = first.rank + 1;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`${where}: argument 'axis' expected an integer in [${-rank}, ${rank - 1}] for stacking tensors of shape ${formatShape(first.shape)}, got ${JSON.stringify(axis)}`);
  }
  const at = axis < 0 ? axis + rank : axis;
  return concat(ts.map((t) => expandDims(t, at)), at);
}
