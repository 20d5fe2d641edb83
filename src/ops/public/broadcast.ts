/**
 * NumPy-style broadcasting: shapes are aligned at their last axis, and each pair of sizes
 * must be equal or contain a 1, which is repeated. The gradient of a broadcast input is the
 * output gradient summed over the axes it was repeated along.
 */
import { ShapeError, formatShape } from '../../tensor/errors.js';
import { Tensor, type TensorLike, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { asTensor } from './convert.js';
import { indexMap, rowMajorStrides } from '../strided.js';

/**
 * The shape that `a` and `b` broadcast to, or a ShapeError naming both arguments.
 * @example broadcastShapes('ops.add', 'a', [2, 1, 3], 'b', [4, 1]) // [2, 4, 3]
 */
export function broadcastShapes(where: string, aName: string, a: readonly number[], bName: string, b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const da = a.length - i >= 0 ? a[a.length - i]! : 1;
    const db = b.length - i >= 0 ? b[b.length - i]! : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${where}: arguments '${aName}' ${formatShape(a)} and '${bName}' ${formatShape(b)} do not broadcast: sizes ${da} and ${db} on axis ${-i} must be equal or one of them 1`,
      );
    }
    out[rank - i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For each element of `outShape`, the flat index of the `inShape` element it repeats; null
 * when the shapes are equal (the identity map, which callers skip).
 */
export function broadcastMap(inShape: readonly number[], outShape: readonly number[]): Int32Array | null {
  if (inShape.length === outShape.length && inShape.every((d, i) => d === outShape[i])) return null;
  const own = rowMajorStrides(inShape);
  const lead = outShape.length - inShape.length;
  const strides = outShape.map((_, d) => (d < lead || inShape[d - lead] === 1 ? 0 : own[d - lead]!));
  return indexMap(outShape, strides);
}

/** Adds `g` (laid out as the broadcast output) into `dst` (the input), through `map`. */
export function scatterAdd(g: ArrayLike<number>, map: Int32Array | null, dst: Float32Array | Float64Array): void {
  if (map === null) {
    for (let i = 0; i < g.length; i++) dst[i]! += g[i]!;
    return;
  }
  for (let i = 0; i < g.length; i++) dst[map[i]!]! += g[i]!;
}

/**
 * Repeats `x` along axes of size 1 (and new leading axes) to reach `shape`, as
 * `tf.broadcastTo`. The gradient sums over the repeats.
 * @example ops.broadcastTo([1, 2], [3, 2]).toArray() // [[1, 2], [1, 2], [1, 2]]
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const where = 'ops.broadcastTo';
  const t = asTensor(where, 'x', x);
  const out = broadcastShapes(where, 'x', t.shape, 'shape', shape);
  if (out.length !== shape.length || out.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${where}: argument 'x' of shape ${formatShape(t.shape)} cannot be broadcast to ${formatShape(shape)}`);
  }
  const map = broadcastMap(t.shape, out);
  const y = allocate(t.dtype, out.reduce((a, b) => a * b, 1));
  if (map === null) y.set(t.data);
  else for (let i = 0; i < y.length; i++) y[i] = t.data[map[i]!]!;
  const result = new Tensor(y, out);
  addNode([t], [result], () => {
    if (result.grad && t.requiresGrad) scatterAdd(result.grad, map, gradOf(t));
  });
  return result;
}
