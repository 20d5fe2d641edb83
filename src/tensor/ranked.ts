/**
 * `tensor1d`, `tensor2d`, `tensor3d`: TensorFlow.js's creators that promise a rank. Porting
 * `tf.tensor3d(...)` is then a change of import, and a batch built with the wrong nesting fails
 * here, naming the rank it has, instead of deep inside a layer.
 */
import { ShapeError, formatShape } from './errors.js';
import { type DType, type TensorLike, Tensor, tensor } from './tensor.js';

function ranked(fn: string, rank: number, values: TensorLike, shape: readonly number[] | undefined, dtype: DType): Tensor {
  if (shape !== undefined && shape.length !== rank) {
    throw new ShapeError(`${fn}: argument 'shape' expected ${rank} dimensions, got ${formatShape(shape)} (${shape.length})`);
  }
  const t = tensor(values, shape, dtype);
  if (t.rank !== rank) {
    const hint = shape === undefined && t.rank === 1 && rank > 1 ? `; for flat values pass the shape too, e.g. ${fn}(values, [${Array(rank).fill('n').join(', ')}])` : '';
    throw new ShapeError(`${fn}: argument 'values' expected rank ${rank}, got shape ${formatShape(t.shape)} (rank ${t.rank})${hint}`);
  }
  return t;
}

/**
 * A rank-1 tensor (a vector), as `tf.tensor1d` makes.
 * @example tensor1d([1, 2, 3]).shape // [3]
 */
export function tensor1d(values: TensorLike, dtype: DType = 'float32'): Tensor {
  return ranked('tensor1d', 1, values, undefined, dtype);
}

/**
 * A rank-2 tensor (`[samples, features]`), from nested arrays or flat values plus a shape, as
 * `tf.tensor2d` makes.
 * @example tensor2d([[1, 2], [3, 4]]).shape // [2, 2]
 * @example tensor2d([1, 2, 3, 4], [2, 2]).toArray() // [[1, 2], [3, 4]]
 */
export function tensor2d(values: TensorLike, shape?: readonly number[], dtype: DType = 'float32'): Tensor {
  return ranked('tensor2d', 2, values, shape, dtype);
}

/**
 * A rank-3 tensor (`[samples, timesteps, features]`, what recurrent layers read), from nested
 * arrays or flat values plus a shape, as `tf.tensor3d` makes.
 * @example tensor3d([[[0.1], [0.2], [0.3]]]).shape // [1, 3, 1]
 * @example tensor3d(new Float32Array(12), [2, 3, 2])
 */
export function tensor3d(values: TensorLike, shape?: readonly number[], dtype: DType = 'float32'): Tensor {
  return ranked('tensor3d', 3, values, shape, dtype);
}
