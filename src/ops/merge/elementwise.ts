/**
 * The elementwise merges behind Keras's Add, Subtract, Multiply, Average, Maximum and Minimum:
 * one op over a list of inputs, broadcast as Keras does (see broadcast.ts), with one tape node.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { broadcastMergeShapes, expandAfterBatch } from './broadcast.js';
import { broadcastMap } from '../public/broadcast.js';

/** Which elementwise merge to compute. */
export type MergeKind = 'add' | 'subtract' | 'multiply' | 'average' | 'maximum' | 'minimum';

/**
 * Merges `inputs` elementwise (Keras broadcasting). `subtract` takes exactly two inputs;
 * `maximum`/`minimum` send each gradient entry to the first input holding the extreme value,
 * as TensorFlow's chained maximum/minimum do on ties.
 * @example mergeElementwise('add', [tensor([[1, 2]]), tensor([[3, 4]])]).toArray() // [[4, 6]]
 * @example mergeElementwise('maximum', [tensor([[1, 5]]), tensor([[3, 4]])]).toArray() // [[3, 5]]
 */
export function mergeElementwise(kind: MergeKind, inputs: readonly Tensor[], where: string = kind): Tensor {
  if (inputs.length === 0) throw new ValueError(`${where}: argument 'inputs' expected at least one tensor, got none`);
  if (kind === 'subtract' && inputs.length !== 2) {
    throw new ValueError(`${where}: argument 'inputs' expected exactly 2 tensors, got ${inputs.length}`);
  }
  const dtype = inputs[0]!.dtype;
  inputs.forEach((t, k) => {
    if (t.dtype !== dtype) throw new ValueError(`${where}: argument 'inputs[${k}]' expected dtype ${dtype} like inputs[0], got ${t.dtype}`);
    if (t.rank === 0) throw new ShapeError(`${where}: argument 'inputs[${k}]' expected rank >= 1 [batch, ...], got shape ${formatShape(t.shape)}`);
  });
  const outShape = broadcastMergeShapes(where, inputs.map((t) => t.shape));
  const maps = inputs.map((t) => broadcastMap(expandAfterBatch(t.shape, outShape.length), outShape));
  const size = outShape.reduce((a, d) => a * d, 1);
  const at = (k: number, n: number): number => inputs[k]!.data[maps[k] ? maps[k]![n]! : n]!;
  const y = allocate(dtype, size);
  const m = inputs.length;
  // For maximum/minimum: which input won each entry (the gradient goes there only).
  const winner = kind === 'maximum' || kind === 'minimum' ? new Uint16Array(size) : null;
  for (let n = 0; n < size; n++) {
    let v = at(0, n);
    for (let k = 1; k < m; k++) {
      const x = at(k, n);
      switch (kind) {
        case 'add':
        case 'average':
          v += x;
          break;
        case 'subtract':
          v -= x;
          break;
        case 'multiply':
          v *= x;
          break;
        case 'maximum':
          if (x > v) {
            v = x;
            winner![n] = k;
          }
          break;
        case 'minimum':
          if (x < v) {
            v = x;
            winner![n] = k;
          }
          break;
      }
    }
    y[n] = kind === 'average' ? v / m : v;
  }
  const out = new Tensor(y, outShape);
  addNode(inputs, [out], () => {
    const g = out.grad;
    if (!g) return;
    inputs.forEach((t, k) => {
      if (!t.requiresGrad) return;
      const gx = gradOf(t);
      const map = maps[k];
      for (let n = 0; n < size; n++) {
        let d: number;
        switch (kind) {
          case 'add':
            d = g[n]!;
            break;
          case 'average':
            d = g[n]! / m;
            break;
          case 'subtract':
            d = k === 0 ? g[n]! : -g[n]!;
            break;
          case 'multiply': {
            // The product of the other inputs, not y / x: exact where x is 0.
            let p = g[n]!;
            for (let j = 0; j < m; j++) if (j !== k) p *= at(j, n);
            d = p;
            break;
          }
          default:
            d = winner![n] === k ? g[n]! : 0;
        }
        gx[map ? map[n]! : n]! += d;
      }
    });
  });
  return out;
}
