/**
 * Extracting a box of a tensor, as `tf.slice(x, begin, size)`: `begin` and `size` per axis,
 * axes left out start at 0 and run to the end, and a size of -1 means "to the end".
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, type TensorLike, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { asTensor } from './convert.js';
import { indexMap, rowMajorStrides } from '../strided.js';

/** Pads a per-axis list (or a number for axis 0) to `rank` entries with `fill`. */
function perAxis(where: string, argName: string, v: number | number[], rank: number, fill: number, shape: readonly number[]): number[] {
  const list = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(list) || list.length > rank || list.some((d) => !Number.isInteger(d))) {
    throw new ValueError(`${where}: argument '${argName}' expected an integer or a list of at most ${rank} integers for a tensor of shape ${formatShape(shape)}, got ${JSON.stringify(v)}`);
  }
  return [...list, ...new Array<number>(rank - list.length).fill(fill)];
}

/**
 * The box of `x` starting at `begin` with `size` elements per axis (-1: to the end), as
 * `tf.slice`. Lists shorter than the rank cover the leading axes; a number covers axis 0.
 * @example ops.slice([[1, 2, 3], [4, 5, 6]], [0, 1], [2, 2]).toArray() // [[2, 3], [5, 6]]
 * @example ops.slice(x, [0, t], [-1, 1]) // step t of x [batch, time, features]: [batch, 1, features]
 */
export function slice(x: TensorLike, begin: number | number[], size?: number | number[]): Tensor {
  const where = 'ops.slice';
  const t = asTensor(where, 'x', x);
  const rank = t.rank;
  const b = perAxis(where, 'begin', begin, rank, 0, t.shape);
  const s = perAxis(where, 'size', size ?? [], rank, -1, t.shape);
  const shape = s.map((d, i) => {
    const dim = t.shape[i]!;
    const start = b[i]!;
    if (start < 0 || start > dim) {
      throw new ValueError(`${where}: argument 'begin' expected begin[${i}] in [0, ${dim}] for 'x' of shape ${formatShape(t.shape)}, got ${JSON.stringify(begin)}`);
    }
    if (d === -1) return dim - start;
    if (d < 0 || start + d > dim) {
      throw new ShapeError(`${where}: argument 'size' expected size[${i}] in [0, ${dim - start}] (or -1) so that begin + size stays within axis ${i} of 'x' ${formatShape(t.shape)}, got size ${JSON.stringify(size)} with begin ${JSON.stringify(begin)}`);
    }
    return d;
  });
  const strides = rowMajorStrides(t.shape);
  const offset = b.reduce((p, start, i) => p + start * strides[i]!, 0);
  const map = indexMap(shape, strides, offset);
  const y = allocate(t.dtype, map.length);
  const xv = t.data;
  for (let i = 0; i < y.length; i++) y[i] = xv[map[i]!]!;
  const out = new Tensor(y, shape);
  addNode([t], [out], () => {
    const g = out.grad;
    if (!g || !t.requiresGrad) return;
    const gx = gradOf(t);
    for (let i = 0; i < g.length; i++) gx[map[i]!]! += g[i]!;
  });
  return out;
}
