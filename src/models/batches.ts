/** Cutting batches out of whole-dataset tensors, by row indices (after shuffling). */
import { Tensor, allocate } from '../tensor/tensor.js';

/** Rows `order[start..end)` of `t` (first axis), copied into a new tensor. */
export function gatherRows(t: Tensor, order: ArrayLike<number>, start: number, end: number): Tensor {
  const rowSize = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const n = end - start;
  const data = allocate(t.dtype, n * rowSize);
  for (let r = 0; r < n; r++) {
    const src = order[start + r]! * rowSize;
    data.set(t.data.subarray(src, src + rowSize), r * rowSize);
  }
  return new Tensor(data, [n, ...t.shape.slice(1)]);
}

/** Rows `start..end` in their stored order (a view: no copy). */
export function sliceRows(t: Tensor, start: number, end: number): Tensor {
  const rowSize = t.shape.slice(1).reduce((a, b) => a * b, 1);
  return new Tensor(t.data.subarray(start * rowSize, end * rowSize), [end - start, ...t.shape.slice(1)]);
}

/** Concatenates tensors along the first axis. */
export function concatRows(parts: Tensor[]): Tensor {
  const first = parts[0]!;
  const total = parts.reduce((n, p) => n + p.shape[0]!, 0);
  const data = allocate(first.dtype, parts.reduce((n, p) => n + p.size, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p.data, offset);
    offset += p.size;
  }
  return new Tensor(data, [total, ...first.shape.slice(1)]);
}
