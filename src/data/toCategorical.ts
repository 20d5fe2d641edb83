/**
 * Integer class labels to one-hot rows, as Keras's `to_categorical`.
 */
import { ValueError, assertInt, formatShape } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { describeValue } from './describe.js';

/**
 * One-hot encodes `labels` (integers in [0, numClasses)). An array gives `[n, numClasses]`;
 * a tensor of shape `S` gives `[...S, numClasses]`, except that a trailing axis of size 1 is
 * replaced, as Keras does (`[n, 1]` gives `[n, numClasses]`). `numClasses` defaults to the
 * largest label + 1.
 * @example toCategorical([0, 2, 1]).toArray() // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * @example toCategorical([1], 4).toArray() // [[0, 1, 0, 0]]
 */
export function toCategorical(labels: readonly number[] | Tensor, numClasses?: number): Tensor {
  const where = 'toCategorical';
  let values: ArrayLike<number>;
  let shape: number[];
  if (labels instanceof Tensor) {
    values = labels.data;
    shape = labels.shape.slice();
    if (shape.length > 1 && shape[shape.length - 1] === 1) shape.pop();
  } else if (Array.isArray(labels)) {
    values = labels;
    shape = [labels.length];
  } else {
    throw new ValueError(`${where}: argument 'labels' expected an array of integers or a Tensor, got ${typeof labels}`);
  }
  let largest = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new ValueError(
        `${where}: argument 'labels' expected integers >= 0, got ${describeValue(v)} at index ${i}`,
      );
    }
    largest = Math.max(largest, v);
  }
  if (numClasses === undefined) {
    if (values.length === 0) {
      throw new ValueError(`${where}: argument 'numClasses' is needed when 'labels' is empty (shape ${formatShape(shape)})`);
    }
    numClasses = largest + 1;
  }
  assertInt(where, 'numClasses', numClasses, 1);
  const out = new Float32Array(values.length * numClasses);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= numClasses) {
      throw new ValueError(
        `${where}: argument 'labels' expected integers in [0, ${numClasses - 1}] for numClasses ${numClasses}, got ${v} at index ${i}`,
      );
    }
    out[i * numClasses + v] = 1;
  }
  return new Tensor(out, [...shape, numClasses]);
}
