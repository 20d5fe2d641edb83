/**
 * Differentiable ops that move values without arithmetic: reshape (a view), concatenation
 * along the last axis (bidirectional merge) and reversing the time axis (backward RNNs).
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { Tensor, type FloatArray, allocate, shapeSize } from '../tensor/tensor.js';
import { accumulateGrad, addNode, gradOf } from '../autograd/tape.js';

/**
 * Resolves a target shape with at most one -1 against `size` values, naming `where` and
 * `argName` in errors.
 */
export function resolveShape(where: string, argName: string, size: number, shape: readonly number[]): number[] {
  let free = -1;
  let known = 1;
  shape.forEach((d, i) => {
    if (d === -1 && free === -1) free = i;
    else if (!Number.isInteger(d) || d < 0) {
      throw new ValueError(
        `${where}: argument '${argName}' expected non-negative integer sizes and at most one -1, got ${formatShape(shape)}`,
      );
    } else known *= d;
  });
  const out = shape.slice();
  if (free >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${where}: cannot reshape ${size} values to ${formatShape(shape)}`);
    }
    out[free] = size / known;
  } else if (known !== size) {
    throw new ShapeError(`${where}: cannot reshape ${size} values to ${formatShape(shape)} (${known} values)`);
  }
  return out;
}

/**
 * The same values viewed with another shape (one entry may be -1); shares `x`'s data.
 * @example reshape(tensor([1, 2, 3, 4]), [2, -1]).shape // [2, 2]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const out = new Tensor(x.data, resolveShape('reshape', 'shape', x.size, shape));
  addNode([x], [out], () => {
    if (out.grad) accumulateGrad(x, out.grad);
  });
  return out;
}

/**
 * Joins two tensors along the last axis; all other sizes must match.
 * @example concatLastAxis(tensor([[1], [2]]), tensor([[3, 4], [5, 6]])).toArray() // [[1, 3, 4], [2, 5, 6]]
 */
export function concatLastAxis(a: Tensor, b: Tensor): Tensor {
  const r = a.rank;
  if (r === 0 || b.rank !== r || a.shape.slice(0, -1).some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(
      `concatLastAxis: argument 'b' expected shape ${formatShape([...a.shape.slice(0, -1), null])} to match 'a' ${formatShape(a.shape)} on all but the last axis, got ${formatShape(b.shape)}`,
    );
  }
  if (a.dtype !== b.dtype) throw new ValueError(`concatLastAxis: argument 'b' expected dtype ${a.dtype}, got ${b.dtype}`);
  const na = a.shape[r - 1]!;
  const nb = b.shape[r - 1]!;
  const n = na + nb;
  const rows = shapeSize(a.shape.slice(0, -1));
  const y = allocate(a.dtype, rows * n);
  for (let i = 0; i < rows; i++) {
    y.set(a.data.subarray(i * na, (i + 1) * na), i * n);
    y.set(b.data.subarray(i * nb, (i + 1) * nb), i * n + na);
  }
  const out = new Tensor(y, [...a.shape.slice(0, -1), n]);
  addNode([a, b], [out], () => {
    const g = out.grad;
    if (!g) return;
    if (a.requiresGrad) {
      const ga = gradOf(a);
      for (let i = 0; i < rows; i++) for (let j = 0; j < na; j++) ga[i * na + j]! += g[i * n + j]!;
    }
    if (b.requiresGrad) {
      const gb = gradOf(b);
      for (let i = 0; i < rows; i++) for (let j = 0; j < nb; j++) gb[i * nb + j]! += g[i * n + na + j]!;
    }
  });
  return out;
}

/** Copies blocks of [B, T, rest] with step t going to step T-1-t (its own inverse). */
function flipTime(src: FloatArray, dst: FloatArray, batch: number, steps: number, inner: number, add: boolean): void {
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const from = (b * steps + t) * inner;
      const to = (b * steps + steps - 1 - t) * inner;
      if (add) for (let j = 0; j < inner; j++) dst[to + j]! += src[from + j]!;
      else for (let j = 0; j < inner; j++) dst[to + j] = src[from + j]!;
    }
  }
}

/**
 * Reverses axis 1 (time) of a [batch, time, ...] tensor.
 * @example reverseTime(tensor([[[1], [2], [3]]])).toArray() // [[[3], [2], [1]]]
 */
export function reverseTime(x: Tensor): Tensor {
  if (x.rank < 2) {
    throw new ShapeError(`reverseTime: argument 'x' expected rank >= 2 [batch, time, ...], got shape ${formatShape(x.shape)}`);
  }
  const batch = x.shape[0]!;
  const steps = x.shape[1]!;
  const inner = shapeSize(x.shape.slice(2));
  const y = allocate(x.dtype, x.size);
  flipTime(x.data, y, batch, steps, inner, false);
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    if (!out.grad || !x.requiresGrad) return;
    flipTime(out.grad, gradOf(x), batch, steps, inner, true);
  });
  return out;
}
