/**
 * Reductions over axes: sum, mean and max, as `tf.sum(x, axis, keepDims)`. `axis` is one
 * axis, a list, or undefined for all axes; negative axes count from the end.
 */
import { ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, type TensorLike, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { asTensor, normalizeAxes } from './convert.js';
import { indexMap, rowMajorStrides } from '../strided.js';

/** The reduced shape, and for each input element the output element it folds into. */
interface Reduction { x: Tensor; shape: number[]; map: Int32Array; count: number }

function plan(where: string, xLike: TensorLike, axis: number | number[] | undefined, keepDims: boolean): Reduction {
  const x = asTensor(where, 'x', xLike);
  const axes = normalizeAxes(where, 'axis', axis, x.shape);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = rowMajorStrides(kept);
  const map = indexMap(x.shape, x.shape.map((_, i) => (axes.includes(i) ? 0 : keptStrides[i]!)));
  const shape = keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  const count = axes.reduce((p, a) => p * x.shape[a]!, 1);
  return { x, shape, map, count };
}

/** Sum (scaled by `factor`) of the elements folding into each output, with its backward. */
function scaledSum(where: string, xLike: TensorLike, axis: number | number[] | undefined, keepDims: boolean, mean: boolean): Tensor {
  const { x, shape, map, count } = plan(where, xLike, axis, keepDims);
  const factor = mean ? 1 / count : 1;
  const size = shape.reduce((p, d) => p * d, 1);
  // Sum in float64 whatever the dtype, so float32 sums of many terms round once.
  const acc = new Float64Array(size);
  const xv = x.data;
  for (let i = 0; i < xv.length; i++) acc[map[i]!]! += xv[i]!;
  const y = allocate(x.dtype, size);
  for (let j = 0; j < size; j++) y[j] = mean ? acc[j]! / count : acc[j]!;
  const out = new Tensor(y, shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    for (let i = 0; i < gx.length; i++) gx[i]! += g[map[i]!]! * factor;
  });
  return out;
}

/**
 * The sum over `axis` (all axes when undefined), as `tf.sum`; `keepDims` keeps the reduced
 * axes with size 1, so the result broadcasts back against `x`.
 * @example ops.sum([[1, 2], [3, 4]]).toArray() // 10
 * @example ops.sum([[1, 2], [3, 4]], -1, true).toArray() // [[3], [7]]
 */
export function sum(x: TensorLike, axis?: number | number[], keepDims = false): Tensor {
  return scaledSum('ops.sum', x, axis, keepDims, false);
}

/**
 * The mean over `axis` (all axes when undefined), as `tf.mean`.
 * @example ops.mean([[1, 2], [3, 4]], 0).toArray() // [2, 3]
 */
export function mean(x: TensorLike, axis?: number | number[], keepDims = false): Tensor {
  const where = 'ops.mean';
  const t = asTensor(where, 'x', x);
  if (t.size === 0) throw new ValueError(`${where}: argument 'x' is empty (shape ${formatShape(t.shape)}); the mean of no values is undefined`);
  return scaledSum(where, t, axis, keepDims, true);
}

/**
 * The maximum over `axis` (all axes when undefined), as `tf.max`. The gradient goes to the
 * first maximal element of each reduced group (ties do not share it, as in `torch.max(x, dim)`).
 * @example ops.max([[1, 5], [7, 2]], 1).toArray() // [5, 7]
 */
export function max(x: TensorLike, axis?: number | number[], keepDims = false): Tensor {
  const where = 'ops.max';
  const { x: t, shape, map } = plan(where, x, axis, keepDims);
  if (t.size === 0) throw new ValueError(`${where}: argument 'x' is empty (shape ${formatShape(t.shape)}); the maximum of no values is undefined`);
  const size = shape.reduce((p, d) => p * d, 1);
  const y = allocate(t.dtype, size).fill(-Infinity);
  const argmax = new Int32Array(size).fill(-1);
  const xv = t.data;
  for (let i = 0; i < xv.length; i++) {
    const j = map[i]!;
    // NaN wins, as in tfjs and NumPy: a NaN input must not vanish from the result.
    if (argmax[j] === -1 || xv[i]! > y[j]! || (Number.isNaN(xv[i]!) && !Number.isNaN(y[j]!))) {
      y[j] = xv[i]!;
      argmax[j] = i;
    }
  }
  const out = new Tensor(y, shape);
  addNode([t], [out], () => {
    const g = out.grad;
    if (!g || !t.requiresGrad) return;
    const gx = gradOf(t);
    for (let j = 0; j < size; j++) gx[argmax[j]!]! += g[j]!;
  });
  return out;
}
