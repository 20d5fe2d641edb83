/**
 * Index maps: the one mechanism behind broadcasting, transposes, slices and reductions. For
 * every element of a tensor of shape `shape` (row-major), the map gives the flat index it
 * reads from (or writes to) in another buffer laid out by `strides` plus `offset`. A stride
 * of 0 repeats a value (broadcasting) or folds an axis (reduction). Forward gathers through
 * the map; backward scatters the gradient back through the same map, adding where indices
 * repeat, which is exactly the sum a broadcast or reduction needs.
 */

/** Row-major strides of `shape`. @example rowMajorStrides([2, 3, 4]) // [12, 4, 1] */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/**
 * For each element of `shape` in row-major order, `offset + Σ index[d] * strides[d]`.
 * @example indexMap([2, 2], [1, 2], 0) // Int32Array [0, 2, 1, 3]: a transpose
 */
export function indexMap(shape: readonly number[], strides: readonly number[], offset = 0): Int32Array {
  let size = 1;
  for (const d of shape) size *= d;
  const map = new Int32Array(size);
  if (size === 0) return map;
  const rank = shape.length;
  if (rank === 0) {
    map[0] = offset;
    return map;
  }
  // The last axis runs in a tight loop; the others advance like an odometer.
  const counter = new Array<number>(rank).fill(0);
  const inner = shape[rank - 1]!;
  const innerStride = strides[rank - 1]!;
  let base = offset;
  for (let i = 0; i < size; i += inner) {
    for (let j = 0; j < inner; j++) map[i + j] = base + j * innerStride;
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      base += strides[d]!;
      if (counter[d]! < shape[d]!) break;
      base -= counter[d]! * strides[d]!;
      counter[d] = 0;
    }
  }
  return map;
}
