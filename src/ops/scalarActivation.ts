/**
 * A recurrent (scalar) activation applied to a tensor as a differentiable op, with the
 * derivative taken as the fused kernels take it (from the output where the output determines
 * it): the per-step form of a built-in cell then computes exactly the kernels' function, hard
 * sigmoid's kinks included.
 */
import { Tensor, allocate } from '../tensor/tensor.js';
import { addNode, gradOf } from '../autograd/tape.js';
import type { ScalarActivation } from './activations.js';

/**
 * `act.forward` elementwise over `x`; 'linear' returns `x` itself.
 * @example applyScalarActivation(z, getRecurrentActivation('hardSigmoid', 'cell', 'recurrentActivation'))
 */
export function applyScalarActivation(x: Tensor, act: ScalarActivation): Tensor {
  if (act.name === 'linear') return x;
  const y = allocate(x.dtype, x.size);
  const xv = x.data;
  for (let i = 0; i < y.length; i++) y[i] = act.forward(xv[i]!);
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    const fromOutput = act.derivFromOutput;
    for (let i = 0; i < y.length; i++) gx[i]! += g[i]! * (fromOutput ? fromOutput(y[i]!) : act.derivFromInput(xv[i]!));
  });
  return out;
}
