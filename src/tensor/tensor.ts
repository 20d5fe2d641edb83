/**
 * The one data type of the library: a flat typed array plus a shape, row-major.
 * Float32 by default; float64 is available so the reference kernels can be checked by finite
 * differences without float32 rounding hiding a wrong derivative.
 */
import { ShapeError, ValueError, formatShape } from './errors.js';

export type FloatArray = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/** Nested plain arrays of numbers, e.g. `[[1, 2], [3, 4]]`. */
export type NestedArray = number | NestedArray[];

/** Anything the public API accepts as data. */
export type TensorLike = Tensor | NestedArray | ArrayLike<number>;

/** A node of the autograd tape (see `autograd/tape.ts`); declared here to avoid a cycle. */
export interface TapeNode {
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  /** Reads the outputs' `grad` and adds into the inputs' `grad`. */
  backward(): void;
}

export class Tensor {
  readonly data: FloatArray;
  readonly shape: readonly number[];
  /** True for trainable weights and for anything computed from them while recording. */
  requiresGrad = false;
  /** Gradient of the loss with respect to this tensor, filled in by `backward`. */
  grad: FloatArray | null = null;
  /** The tape node that produced this tensor, when it was recorded. */
  creator: TapeNode | null = null;

  constructor(data: FloatArray, shape: readonly number[]) {
    const size = shapeSize(shape);
    if (size !== data.length) {
      throw new ShapeError(
        `tensor: shape ${formatShape(shape)} needs ${size} values, got ${data.length}`,
      );
    }
    this.data = data;
    this.shape = Object.freeze(shape.slice());
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Nested arrays of plain numbers, e.g. for printing or JSON. */
  toArray(): NestedArray {
    if (this.shape.length === 0) return this.data[0]!;
    return nest(this.data, this.shape, 0, 0);
  }

  /** A copy with its own data, detached from the tape. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  toString(): string {
    return `Tensor(${formatShape(this.shape)}, ${this.dtype})`;
  }
}

function nest(data: FloatArray, shape: readonly number[], dim: number, offset: number): NestedArray[] {
  const n = shape[dim]!;
  const out: NestedArray[] = new Array(n);
  if (dim === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = data[offset + i]!;
    return out;
  }
  let stride = 1;
  for (let d = dim + 1; d < shape.length; d++) stride *= shape[d]!;
  for (let i = 0; i < n; i++) out[i] = nest(data, shape, dim + 1, offset + i * stride);
  return out;
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`tensor: invalid shape ${formatShape(shape)}`);
    n *= d;
  }
  return n;
}

export function allocate(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

function inferShape(values: NestedArray, argName: string): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape.length === 0 && typeof values === 'number' ? [] : shape.length ? shape : [0];
  // argName is used by flatten's error path
  void argName;
}

function flattenInto(
  values: NestedArray,
  shape: readonly number[],
  dim: number,
  out: FloatArray,
  pos: { i: number },
  argName: string,
): void {
  if (dim === shape.length) {
    if (typeof values !== 'number') {
      throw new ShapeError(`argument '${argName}' is ragged: expected a number at depth ${dim}`);
    }
    out[pos.i++] = values;
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[dim]) {
    throw new ShapeError(
      `argument '${argName}' is ragged: expected ${shape[dim]} entries at depth ${dim}, got ${
        Array.isArray(values) ? values.length : typeof values
      }`,
    );
  }
  for (const v of values) flattenInto(v, shape, dim + 1, out, pos, argName);
}

/**
 * Makes a tensor from nested arrays, a typed array (with `shape`) or another tensor.
 * @example tensor([[1, 2], [3, 4]]).shape // [2, 2]
 * @example tensor(new Float32Array(6), [2, 3])
 */
export function tensor(values: TensorLike, shape?: readonly number[], dtype: DType = 'float32'): Tensor {
  return toTensor(values, 'values', { shape, dtype });
}

/**
 * Converts any accepted input to a Tensor, naming `argName` in errors. A Tensor passes
 * through unchanged (no copy) when its dtype and shape already fit.
 */
export function toTensor(
  values: TensorLike,
  argName: string,
  opts: { shape?: readonly number[] | undefined; dtype?: DType | undefined } = {},
): Tensor {
  const dtype = opts.dtype;
  if (values instanceof Tensor) {
    let t = values;
    if (dtype && t.dtype !== dtype) {
      const data = allocate(dtype, t.size);
      data.set(t.data);
      t = new Tensor(data, t.shape);
    }
    if (opts.shape && shapeSize(opts.shape) === t.size && formatShape(opts.shape) !== formatShape(t.shape)) {
      t = new Tensor(t.data, opts.shape);
    } else if (opts.shape && shapeSize(opts.shape) !== t.size) {
      throw new ShapeError(
        `argument '${argName}': cannot view ${formatShape(t.shape)} as ${formatShape(opts.shape)}`,
      );
    }
    return t;
  }
  if (Array.isArray(values) || typeof values === 'number') {
    const nested = values as NestedArray;
    const inferred = inferShape(nested, argName);
    const data = allocate(dtype ?? 'float32', shapeSize(inferred));
    flattenInto(nested, inferred, 0, data, { i: 0 }, argName);
    if (opts.shape) {
      if (shapeSize(opts.shape) !== data.length) {
        throw new ShapeError(
          `argument '${argName}': shape ${formatShape(opts.shape)} needs ${shapeSize(opts.shape)} values, got ${data.length}`,
        );
      }
      return new Tensor(data, opts.shape);
    }
    return new Tensor(data, inferred);
  }
  if (ArrayBuffer.isView(values) || (typeof values === 'object' && values !== null && 'length' in values)) {
    const src = values as ArrayLike<number>;
    const want = dtype ?? (values instanceof Float64Array ? 'float64' : 'float32');
    let data: FloatArray;
    if ((want === 'float32' && values instanceof Float32Array) || (want === 'float64' && values instanceof Float64Array)) {
      data = values;
    } else {
      data = allocate(want, src.length);
      for (let i = 0; i < src.length; i++) data[i] = src[i]!;
    }
    const shape = opts.shape ?? [src.length];
    if (shapeSize(shape) !== data.length) {
      throw new ShapeError(
        `argument '${argName}': shape ${formatShape(shape)} needs ${shapeSize(shape)} values, got ${data.length}`,
      );
    }
    return new Tensor(data, shape);
  }
  throw new ValueError(
    `argument '${argName}' expected a Tensor, nested number arrays or a typed array, got ${typeof values}`,
  );
}

/** Throws if any value is NaN or infinite, naming the argument and the first bad index. */
export function assertFinite(where: string, argName: string, t: Tensor): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      throw new ValueError(`${where}: argument '${argName}' contains ${d[i]} at flat index ${i} (shape ${formatShape(t.shape)}); inputs must be finite`);
    }
  }
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return new Tensor(allocate(dtype, shapeSize(shape)), shape);
}

/** A tensor filled with one value. */
export function fill(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
  const t = zeros(shape, dtype);
  t.data.fill(value);
  return t;
}
