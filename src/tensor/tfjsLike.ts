/**
 * Reading tensors that are not ours: a TensorFlow.js tensor, or anything shaped like one
 * (`shape` plus `dataSync()` or `arraySync()`). This lets tfjs code hand its tensors to
 * `fit`/`predict`/`evaluate` unchanged, without lstm-ts depending on tfjs.
 *
 * Kept apart from `tensor.ts` so it never needs the Tensor class: it returns plain values and
 * a shape, and `toTensor` builds the Tensor.
 */
import { ShapeError, ValueError, formatShape } from './errors.js';

/**
 * A tensor from another library (TensorFlow.js, or a second copy of lstm-ts), read through
 * `shape` and `dataSync()` (preferred: one flat copy) or `arraySync()`.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs';
 * const x: TfjsTensorLike = tf.tensor3d([[[1], [2]]]);
 * model.predict(x);
 */
export type TfjsTensorLike =
  | {
    /** The size of each axis. */
    readonly shape: readonly number[];
    /** tfjs's dtype; 'float32', 'float64', 'int32' and 'bool' are read. */
    readonly dtype?: string;
    /** The values, flat and row-major. */
    dataSync(): ArrayLike<number>;
  }
  | {
    /** The size of each axis. */
    readonly shape: readonly number[];
    /** tfjs's dtype; 'float32', 'float64', 'int32' and 'bool' are read. */
    readonly dtype?: string;
    /** The values as nested arrays. */
    arraySync(): unknown;
  };

/** The dtypes whose values are plain numbers; 'bool' reads as 0/1, as tfjs stores it. */
const NUMERIC_DTYPES = ['float32', 'float64', 'int32', 'bool'];

/** True for an object that is not an array or typed array and has a numeric `shape` plus `dataSync` or `arraySync`. */
export function isTfjsTensorLike(value: unknown): value is TfjsTensorLike {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  const v = value as { shape?: unknown; dataSync?: unknown; arraySync?: unknown };
  return Array.isArray(v.shape) && (typeof v.dataSync === 'function' || typeof v.arraySync === 'function');
}

/**
 * The flat values (row-major) and shape of a tfjs-like tensor, checked: a numeric dtype, a
 * valid shape, not disposed, and as many values as the shape needs.
 */
export function readTfjsTensorLike(value: TfjsTensorLike, argName: string): { values: ArrayLike<number>; shape: number[] } {
  const shape = value.shape.slice();
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`argument '${argName}': a tfjs-like tensor needs a shape of integers >= 0, got ${JSON.stringify(value.shape)}`);
  }
  if (value.dtype !== undefined && !NUMERIC_DTYPES.includes(value.dtype)) {
    throw new ValueError(`argument '${argName}': expected a tensor of dtype ${NUMERIC_DTYPES.join(', ')}, got a tfjs tensor of dtype '${value.dtype}'`);
  }
  if ((value as { isDisposed?: unknown }).isDisposed === true) {
    throw new ValueError(`argument '${argName}': expected a live tensor, got a tfjs tensor that was already disposed (dispose it after fit/predict, not before)`);
  }
  const size = shape.reduce((n, d) => n * d, 1);
  let values: ArrayLike<number>;
  if ('dataSync' in value && typeof value.dataSync === 'function') {
    values = value.dataSync();
  } else {
    values = flatten((value as { arraySync(): unknown }).arraySync(), argName);
  }
  if (values.length !== size) {
    throw new ShapeError(`argument '${argName}': a tfjs-like tensor of shape ${formatShape(shape)} needs ${size} values, got ${values.length}`);
  }
  return { values, shape };
}

/** Flattens `arraySync()`'s nested arrays in row-major order; the shape check comes after. */
function flatten(nested: unknown, argName: string): number[] {
  const out: number[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
    } else if (typeof v === 'number') {
      out.push(v);
    } else if (typeof v === 'boolean') {
      out.push(v ? 1 : 0);
    } else {
      throw new ValueError(`argument '${argName}': arraySync() of a tfjs-like tensor expected numbers, got ${typeof v}`);
    }
  };
  visit(nested);
  return out;
}
