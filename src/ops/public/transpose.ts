/**
 * Permuting axes, as `tf.transpose(x, perm)`: output axis i is input axis perm[i]; without
 * `perm` the axes are reversed. The backward pass scatters the gradient through the same
 * index map the forward gathers through.
 */
import { ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, type TensorLike, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { asTensor } from './convert.js';
import { indexMap, rowMajorStrides } from '../strided.js';

/**
 * Permutes the axes of `x`: output axis i is input axis `perm[i]` (default: reversed).
 * Negative entries count from the end.
 * @example ops.transpose([[1, 2, 3], [4, 5, 6]]).toArray() // [[1, 4], [2, 5], [3, 6]]
 * @example ops.transpose(x, [0, 2, 1]).shape // [batch, features, time] for x [batch, time, features]
 */
export function transpose(x: TensorLike, perm?: number[]): Tensor {
  const where = 'ops.transpose';
  const t = asTensor(where, 'x', x);
  const rank = t.rank;
  const p = perm === undefined ? t.shape.map((_, i) => rank - 1 - i) : perm.map((a) => (Number.isInteger(a) && a < 0 ? a + rank : a));
  const valid = Array.isArray(perm) || perm === undefined;
  if (!valid || p.length !== rank || [...p].sort((u, v) => u - v).some((a, i) => a !== i)) {
    throw new ValueError(
      `${where}: argument 'perm' expected a permutation of [${t.shape.map((_, i) => i).join(', ')}] for a tensor of shape ${formatShape(t.shape)}, got ${JSON.stringify(perm)}`,
    );
  }
  const strides = rowMajorStrides(t.shape);
  const shape = p.map((a) => t.shape[a]!);
  const map = indexMap(shape, p.map((a) => strides[a]!));
  const y = allocate(t.dtype, t.size);
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
