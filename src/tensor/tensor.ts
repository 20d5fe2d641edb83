/**
 * The one data type of the library: a flat typed array plus a shape, row-major.
 * Float32 by default; float64 is available so the reference kernels can be checked by finite
 * differences without float32 rounding hiding a wrong derivative.
 */
import { ShapeError, ValueError, formatShape } from './errors.js';
import { type TfjsTensorLike, isTfjsTensorLike, readTfjsTensorLike } from './tfjsLike.js';

/**
 * The storage of a {@link Tensor}: float32 for speed and memory, float64 where a check needs
 * exact doubles.
 *
 * @example
 * const values: FloatArray = tensor([1, 2]).data; // Float32Array [1, 2]
 */
export type FloatArray = Float32Array | Float64Array;

/**
 * The element type of a {@link Tensor}, as its `dtype` reports it.
 *
 * @example
 * tensor([0.1], undefined, 'float64').dtype // 'float64'
 */
export type DType = 'float32' | 'float64';

/**
 * Nested plain arrays of numbers, e.g. `[[1, 2], [3, 4]]`: what `toArray()` returns and what
 * every input accepts.
 *
 * @example
 * const rows: NestedArray = [[1, 2], [3, 4]];
 */
export type NestedArray = number | NestedArray[];

/**
 * Anything the public API accepts as data: a {@link Tensor}, nested arrays, a flat typed array,
 * or a TensorFlow.js tensor (anything with `shape` and `dataSync()` or `arraySync()`).
 *
 * @example
 * model.predict([[[0.1], [0.2]]]);          // nested arrays
 * model.predict(tf.tensor3d([[[0.1], [0.2]]])); // a tfjs tensor, read once
 */
export type TensorLike = Tensor | NestedArray | ArrayLike<number> | TfjsTensorLike;

export type { TfjsTensorLike } from './tfjsLike.js';

/**
 * A node of the autograd tape (see `autograd/tape.ts`); declared here to avoid a cycle.
 * @internal
 */
export interface TapeNode {
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  /** Reads the outputs' `grad` and adds into the inputs' `grad`. */
  backward(): void;
}

/**
 * The one data type of lstm-ts: a flat typed array (`data`) plus a `shape`, row-major. Models
 * return Tensors and accept them (or nested arrays, typed arrays, tfjs tensors) as inputs.
 *
 * Unlike TensorFlow.js there is no GPU memory behind it: the garbage collector frees it, so
 * there is nothing to `dispose()` or `tidy()`. The tfjs reading methods (`array()`,
 * `arraySync()`, `dataSync()`) exist so ported code keeps working; `data` is a property here,
 * not tfjs's async `data()` method.
 *
 * @example
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape;      // [2, 2]
 * t.data;       // Float32Array [1, 2, 3, 4]
 * t.toArray();  // [[1, 2], [3, 4]]
 */
export class Tensor {
  /**
   * The values, row-major. The tensor's own storage, not a copy: writing to it changes the
   * tensor.
   * @example tensor([[1, 2], [3, 4]]).data // Float32Array [1, 2, 3, 4]
   */
  readonly data: FloatArray;
  /**
   * The size of each axis (frozen), e.g. `[batch, time, features]`.
   * @example tensor([[1, 2, 3]]).shape // [1, 3]
   */
  readonly shape: readonly number[];
  /**
   * True for trainable weights and for anything computed from them while recording; only
   * such tensors get a `grad` from `backward`.
   * @example const w = tensor([1, 2]); w.requiresGrad = true;
   */
  requiresGrad = false;
  /**
   * Gradient of the loss with respect to this tensor, filled in by `backward` (null before,
   * and for tensors that do not require a gradient).
   * @example const loss = record(() => f(w)); backward(loss); w.grad // Float32Array
   */
  grad: FloatArray | null = null;
  /** @internal The tape node that produced this tensor, when it was recorded. */
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

  /**
   * 'float32' or 'float64', from the storage's type.
   * @example tensor([1]).dtype // 'float32'
   */
  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  /**
   * The number of values (the product of the shape).
   * @example tensor([[1, 2, 3]]).size // 3
   */
  get size(): number {
    return this.data.length;
  }

  /**
   * The number of axes.
   * @example tensor([[1, 2, 3]]).rank // 2
   */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * Nested arrays of plain numbers, e.g. for printing or JSON.
   * @example tensor(new Float32Array([1, 2, 3, 4]), [2, 2]).toArray() // [[1, 2], [3, 4]]
   */
  toArray(): NestedArray {
    if (this.shape.length === 0) return this.data[0]!;
    return nest(this.data, this.shape, 0, 0);
  }

  /**
   * `toArray()` under TensorFlow.js's name, so tfjs code ports unchanged.
   * @example model.predict(x).arraySync() // [[0.12], [0.57]]
   */
  arraySync(): NestedArray {
    return this.toArray();
  }

  /**
   * `toArray()` as a promise, like TensorFlow.js's `array()`. The values are already in memory,
   * so it resolves at once; it exists so `await t.array()` ports unchanged.
   * @example const rows = await model.predict(x).array();
   */
  array(): Promise<NestedArray> {
    return Promise.resolve(this.toArray());
  }

  /**
   * The flat values, like TensorFlow.js's `dataSync()`: the same typed array as the `data`
   * property (not a copy). tfjs's async `data()` has no twin here because `data` is already
   * the property; write `t.data` (or `await t.array()`).
   * @example model.predict(x).dataSync()[0]
   */
  dataSync(): FloatArray {
    return this.data;
  }

  /**
   * Does nothing: a Tensor is ordinary garbage-collected memory. It exists so TensorFlow.js
   * code that disposes its tensors runs unchanged.
   * @example const y = model.predict(x); use(y.toArray()); y.dispose(); // harmless
   */
  dispose(): void {
    // Nothing to free: the typed array goes with the last reference.
  }

  /**
   * A copy with its own data, detached from the tape.
   * @example const frozen = weights.clone();
   */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /**
   * A one-line description with shape and dtype, for logs (use `toArray()` for the values).
   * @example String(tensor([[1, 2]])) // 'Tensor([1, 2], float32)'
   */
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
  if (isTfjsTensorLike(values)) {
    // A tfjs tensor (or a Tensor from another copy of this library, which has dataSync too):
    // read its values once, then it is an ordinary flat array with a shape.
    const read = readTfjsTensorLike(values, argName);
    const data = allocate(dtype ?? 'float32', read.values.length);
    for (let i = 0; i < data.length; i++) data[i] = Number(read.values[i]!);
    const shape = opts.shape ?? read.shape;
    if (shapeSize(shape) !== data.length) {
      throw new ShapeError(
        `argument '${argName}': cannot view ${formatShape(read.shape)} as ${formatShape(shape)}`,
      );
    }
    return new Tensor(data, shape);
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
    `argument '${argName}' expected a Tensor, nested number arrays, a typed array or a tfjs tensor (shape plus dataSync/arraySync), got ${values === null ? 'null' : typeof values}`,
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

/**
 * A tensor of zeros, e.g. an initial state.
 * @example zeros([2, 3]).toArray() // [[0, 0, 0], [0, 0, 0]]
 */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return new Tensor(allocate(dtype, shapeSize(shape)), shape);
}

/**
 * A tensor filled with one value.
 * @example fill([2], 0.5).toArray() // [0.5, 0.5]
 */
export function fill(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
  const t = zeros(shape, dtype);
  t.data.fill(value);
  return t;
}
