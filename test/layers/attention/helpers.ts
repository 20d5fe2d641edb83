/** Shared pieces of the attention tests: a loss with given output weights, layer lookup. */
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { accumulateGrad, addNode } from '../../../src/autograd/tape.js';
import type { NestedArray } from '../../../src/tensor/tensor.js';

/** sum_k sum_i weights[k][i] * tensors[k][i], differentiable in the tensors. */
export function weightedSum(tensors: Tensor[], weights: ArrayLike<number>[]): Tensor {
  let sum = 0;
  tensors.forEach((t, k) => {
    for (let i = 0; i < t.size; i++) sum += weights[k]![i]! * t.data[i]!;
  });
  const out = new Tensor(new Float64Array([sum]), []);
  addNode(tensors, [out], () => {
    const g = out.grad ? out.grad[0]! : 0;
    tensors.forEach((t, k) => accumulateGrad(t, Array.from(weights[k]!, (w) => w * g)));
  });
  return out;
}

/** A float64 tensor from nested arrays (a fixture's values). */
export function f64(values: NestedArray): Tensor {
  return tensor(values, undefined, 'float64');
}

/** Both outputs of a layer built with `returnAttentionScores`. */
export function pair(y: Tensor | Tensor[]): [Tensor, Tensor] {
  if (!Array.isArray(y) || y.length !== 2) throw new Error('expected [output, scores]');
  return [y[0]!, y[1]!];
}
