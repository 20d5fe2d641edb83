/**
 * Concatenation of any number of tensors along one axis (Keras's Concatenate), with one tape
 * node that splits the gradient back into the inputs.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { concatAxis } from '../concatAxis.js';

/**
 * Joins `inputs` along `axis` (negative counts from the end); every other size must match.
 * @example concat([tensor([[1], [2]]), tensor([[3, 4], [5, 6]])], -1).toArray() // [[1, 3, 4], [2, 5, 6]]
 * @example concat([tensor([[[1]]]), tensor([[[2]]])], 1).shape // [1, 2, 1]
 */
export function concat(inputs: readonly Tensor[], axis: number, where = 'concat'): Tensor {
  if (inputs.length === 0) throw new ValueError(`${where}: argument 'inputs' expected at least one tensor, got none`);
  const first = inputs[0]!;
  const rank = first.rank;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`${where}: option 'axis' expected an integer in [${-rank}, ${rank - 1}] for inputs of rank ${rank}, got ${axis}`);
  }
  const a = axis < 0 ? axis + rank : axis;
  inputs.forEach((t, k) => {
    if (t.dtype !== first.dtype) throw new ValueError(`${where}: argument 'inputs[${k}]' expected dtype ${first.dtype} like inputs[0], got ${t.dtype}`);
    if (t.rank !== rank || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(
        `${where}: argument 'inputs[${k}]' expected the shape of inputs[0] ${formatShape(first.shape)} on every axis but ${a}, got ${formatShape(t.shape)}`,
      );
    }
  });
  return concatAxis(inputs, a);
}
