/**
 * Reordering the axes of a tensor (Keras's Permute; the Dot layer uses it to bring the
 * contracted axes into place). The result is a copy; the gradient is scattered back.
 */
import { ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { indexMap, rowMajorStrides } from '../strided.js';

/**
 * Output axis i is input axis `perm[i]` (`perm` is a permutation of 0..rank-1).
 * @example transpose(tensor([[1, 2, 3], [4, 5, 6]]), [1, 0]).toArray() // [[1, 4], [2, 5], [3, 6]]
 */
export function transpose(x: Tensor, perm: readonly number[], where = 'transpose'): Tensor {
  const rank = x.rank;
  const sorted = [...perm].sort((p, q) => p - q);
  if (perm.length !== rank || sorted.some((p, i) => p !== i)) {
    throw new ValueError(`${where}: argument 'perm' expected a permutation of 0..${rank - 1} for shape ${formatShape(x.shape)}, got ${JSON.stringify(perm)}`);
  }
  if (perm.every((p, i) => p === i)) return copyWithGrad(x);
  const inStrides = rowMajorStrides(x.shape);
  const outShape = perm.map((p) => x.shape[p]!);
  const size = x.size;
  // src[n]: the input offset of output entry n.
  const src = indexMap(outShape, perm.map((p) => inStrides[p]!));
  const y = allocate(x.dtype, size);
  for (let n = 0; n < size; n++) y[n] = x.data[src[n]!]!;
  const out = new Tensor(y, outShape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    for (let n = 0; n < size; n++) gx[src[n]!]! += g[n]!;
  });
  return out;
}

function copyWithGrad(x: Tensor): Tensor {
  const out = new Tensor(x.data.slice(), x.shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    for (let n = 0; n < g.length; n++) gx[n]! += g[n]!;
  });
  return out;
}
