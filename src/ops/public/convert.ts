/**
 * Turning the arguments of the public ops into tensors and axes: every op accepts a Tensor or
 * anything `tensor()` accepts, and a plain number next to a tensor takes that tensor's dtype,
 * so `ops.mul(x, 0.5)` stays float64 when `x` is.
 */
import { ValueError, formatShape } from '../../tensor/errors.js';
import { type DType, Tensor, type TensorLike, toTensor } from '../../tensor/tensor.js';

/** Converts one op argument; a Tensor passes through unchanged (same object, same tape). */
export function asTensor(where: string, argName: string, x: TensorLike, dtype?: DType): Tensor {
  if (x instanceof Tensor) {
    if (dtype && x.dtype !== dtype) {
      throw new ValueError(`${where}: argument '${argName}' expected dtype ${dtype}, got ${x.dtype}; convert it first, e.g. tensor(x, undefined, '${dtype}')`);
    }
    return x;
  }
  try {
    return toTensor(x, argName, { dtype });
  } catch (e) {
    if (e instanceof Error) e.message = `${where}: ${e.message}`;
    throw e;
  }
}

/**
 * Converts the arguments of an op that combines several values. The dtype comes from the
 * Tensor arguments (float32 when there are none); two Tensors of different dtypes are an
 * error rather than a silent conversion, which would cut the second one off the tape.
 */
export function asTensors(where: string, names: readonly string[], xs: readonly TensorLike[]): Tensor[] {
  let dtype: DType | undefined;
  let from = '';
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) return;
    if (dtype === undefined) {
      dtype = x.dtype;
      from = names[i]!;
    } else if (x.dtype !== dtype) {
      throw new ValueError(`${where}: argument '${names[i]}' expected dtype ${dtype} like '${from}', got ${x.dtype}`);
    }
  });
  return xs.map((x, i) => asTensor(where, names[i]!, x, dtype ?? 'float32'));
}

/** Resolves a possibly negative axis of a rank-`rank` tensor (Python-style: -1 is the last). */
export function normalizeAxis(where: string, argName: string, axis: number, rank: number, shape: readonly number[]): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(
      `${where}: argument '${argName}' expected an integer in [${-rank}, ${rank - 1}] for a tensor of shape ${formatShape(shape)}, got ${JSON.stringify(axis)}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves a list of axes (or all axes when undefined), rejecting repeats. */
export function normalizeAxes(where: string, argName: string, axis: number | readonly number[] | undefined, shape: readonly number[]): number[] {
  const rank = shape.length;
  if (axis === undefined || axis === null) return shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new ValueError(`${where}: argument '${argName}' expected an integer or a list of integers, got ${JSON.stringify(axis)}`);
  }
  const out = list.map((a) => normalizeAxis(where, argName, a, rank, shape));
  if (new Set(out).size !== out.length) {
    throw new ValueError(`${where}: argument '${argName}' lists an axis twice: ${JSON.stringify(list)} for shape ${formatShape(shape)}`);
  }
  return out;
}
