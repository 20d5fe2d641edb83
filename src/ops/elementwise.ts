/**
 * Differentiable elementwise ops on tensors of one shape: sums of branches, products,
 * scaling, and the constant masks behind dropout and masking.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { accumulateGrad, addNode, gradOf } from '../autograd/tape.js';

/** Throws unless `b` has the shape and dtype of `a`. */
export function assertSameShape(where: string, aName: string, a: Tensor, bName: string, b: Tensor): void {
  if (formatShape(a.shape) !== formatShape(b.shape)) {
    throw new ShapeError(
      `${where}: argument '${bName}' expected the shape of '${aName}', ${formatShape(a.shape)}, got ${formatShape(b.shape)}`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new ValueError(`${where}: argument '${bName}' expected dtype ${a.dtype} like '${aName}', got ${b.dtype}`);
  }
}

/** a + b, same shapes. @example add(tensor([1, 2]), tensor([3, 4])).toArray() // [4, 6] */
export function add(a: Tensor, b: Tensor): Tensor {
  assertSameShape('add', 'a', a, 'b', b);
  const y = allocate(a.dtype, a.size);
  for (let i = 0; i < y.length; i++) y[i] = a.data[i]! + b.data[i]!;
  const out = new Tensor(y, a.shape);
  addNode([a, b], [out], () => {
    if (!out.grad) return;
    accumulateGrad(a, out.grad);
    accumulateGrad(b, out.grad);
  });
  return out;
}

/** a * b elementwise, same shapes. @example mul(tensor([1, 2]), tensor([3, 4])).toArray() // [3, 8] */
export function mul(a: Tensor, b: Tensor): Tensor {
  assertSameShape('mul', 'a', a, 'b', b);
  const y = allocate(a.dtype, a.size);
  for (let i = 0; i < y.length; i++) y[i] = a.data[i]! * b.data[i]!;
  const out = new Tensor(y, a.shape);
  addNode([a, b], [out], () => {
    const g = out.grad;
    if (!g) return;
    if (a.requiresGrad) {
      const ga = gradOf(a);
      for (let i = 0; i < g.length; i++) ga[i]! += g[i]! * b.data[i]!;
    }
    if (b.requiresGrad) {
      const gb = gradOf(b);
      for (let i = 0; i < g.length; i++) gb[i]! += g[i]! * a.data[i]!;
    }
  });
  return out;
}

/** x * s for a constant number s. @example scale(tensor([1, 2]), 3).toArray() // [3, 6] */
export function scale(x: Tensor, s: number): Tensor {
  const y = allocate(x.dtype, x.size);
  for (let i = 0; i < y.length; i++) y[i] = x.data[i]! * s;
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    for (let i = 0; i < g.length; i++) gx[i]! += g[i]! * s;
  });
  return out;
}

/**
 * x * mask for a constant mask of x's shape (no gradient flows into the mask): dropout's
 * scaled keep-mask, or masking's zeroed steps.
 * @example mulMask(tensor([1, 2]), tensor([0, 2])).toArray() // [0, 4]
 */
export function mulMask(x: Tensor, mask: Tensor): Tensor {
  assertSameShape('mulMask', 'x', x, 'mask', mask);
  const m = mask.data;
  const y = allocate(x.dtype, x.size);
  for (let i = 0; i < y.length; i++) y[i] = x.data[i]! * m[i]!;
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    for (let i = 0; i < g.length; i++) gx[i]! += g[i]! * m[i]!;
  });
  return out;
}
