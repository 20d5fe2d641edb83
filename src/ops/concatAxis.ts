/**
 * The one concatenation kernel (forward and backward) behind `ops.concat`, `ops.stack` and the
 * Concatenate layer; each caller checks and names its own arguments first.
 */
import { Tensor, allocate } from '../tensor/tensor.js';
import { addNode, gradOf } from '../autograd/tape.js';

/**
 * Joins `inputs` (one dtype, equal shapes except on `axis`, a non-negative axis) along `axis`.
 * The same tensor may appear more than once; its gradients add up.
 * @example concatAxis([a, b], 1) // [batch, wa + wb] for a [batch, wa], b [batch, wb]
 */
export function concatAxis(inputs: readonly Tensor[], axis: number): Tensor {
  const first = inputs[0]!;
  const outer = first.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  // Each input contributes one contiguous chunk of `widths[k]` values to every outer block.
  const widths = inputs.map((t) => t.shape.slice(axis).reduce((p, d) => p * d, 1));
  const row = widths.reduce((p, w) => p + w, 0);
  const shape = first.shape.slice();
  shape[axis] = inputs.reduce((p, t) => p + t.shape[axis]!, 0);
  const y = allocate(first.dtype, outer * row);
  let at = 0;
  inputs.forEach((t, k) => {
    const w = widths[k]!;
    for (let o = 0; o < outer; o++) y.set(t.data.subarray(o * w, (o + 1) * w), o * row + at);
    at += w;
  });
  const out = new Tensor(y, shape);
  addNode(inputs, [out], () => {
    const g = out.grad;
    if (!g) return;
    let start = 0;
    inputs.forEach((t, k) => {
      const w = widths[k]!;
      if (t.requiresGrad) {
        const gt = gradOf(t);
        for (let o = 0; o < outer; o++) {
          const src = o * row + start;
          for (let j = 0; j < w; j++) gt[o * w + j]! += g[src + j]!;
        }
      }
      start += w;
    });
  });
  return out;
}
