/**
 * Repeating a `[batch, features]` tensor along a new time axis (Keras's RepeatVector); the
 * gradient sums the repeats.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';

/**
 * `[batch, features]` → `[batch, n, features]`, each row repeated `n` times.
 * @example repeatVector(tensor([[1, 2]]), 3).toArray() // [[[1, 2], [1, 2], [1, 2]]]
 */
export function repeatVector(x: Tensor, n: number, where = 'repeatVector'): Tensor {
  if (x.rank !== 2) throw new ShapeError(`${where}: argument 'x' expected rank 2 [batch, features], got shape ${formatShape(x.shape)}`);
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${where}: argument 'n' expected an integer >= 1, got ${n}`);
  const [batch, features] = x.shape as [number, number];
  const y = allocate(x.dtype, batch * n * features);
  for (let b = 0; b < batch; b++) {
    const row = x.data.subarray(b * features, (b + 1) * features);
    for (let t = 0; t < n; t++) y.set(row, (b * n + t) * features);
  }
  const out = new Tensor(y, [batch, n, features]);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < n; t++) {
        const from = (b * n + t) * features;
        for (let j = 0; j < features; j++) gx[b * features + j]! += g[from + j]!;
      }
    }
  });
  return out;
}
