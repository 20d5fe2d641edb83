/**
 * `simpleRnnSequence`: the whole SimpleRNN over time as ONE differentiable op. Forward runs a
 * kernel (fast or reference, see `kernels/dispatch.ts`); backward is backpropagation through
 * time in the same kernel family. The readable math is in `kernels/reference/simpleRnn.ts`.
 */
import { addNode, accumulateGrad, isRecording } from '../autograd/tape.js';
import { Tensor } from '../tensor/tensor.js';
import { getKernelVariant } from '../kernels/dispatch.js';
import { simpleRnnBackwardReference, simpleRnnForwardReference } from '../kernels/reference/simpleRnn.js';
import { simpleRnnBackwardFast, simpleRnnForwardFast } from '../kernels/fast/simpleRnn.js';
import type { SimpleRnnForwardArgs } from '../kernels/simpleRnnTypes.js';
import type { ScalarActivation } from './activations.js';
import { asDtype, type RecurrentResult } from './lstm.js';

export interface SimpleRnnSequenceOptions {
  h0: Tensor | null;
  mask: Tensor | null;
  goBackwards: boolean;
  recurrentDropoutMask: Tensor | null;
  zeroOutputForMask: boolean;
  activation: ScalarActivation;
}

/**
 * Runs a SimpleRNN layer's math over `x` `[batch, time, inputDim]` with Keras-layout weights.
 * Returns the sequence, the last output and `states: [h]`.
 * @example const { lastOutput } = simpleRnnSequence(x, kernel, recurrentKernel, bias, opts)
 */
export function simpleRnnSequence(
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  opts: SimpleRnnSequenceOptions,
): RecurrentResult {
  const [B, T, I] = x.shape as [number, number, number];
  const U = recurrentKernel.shape[0]!;
  const args: SimpleRnnForwardArgs = {
    x: x.data, batch: B, timesteps: T, inputDim: I, units: U,
    kernel: kernel.data, recurrentKernel: recurrentKernel.data, bias: bias ? bias.data : null,
    h0: opts.h0 ? opts.h0.data : null,
    mask: opts.mask ? opts.mask.data : null,
    goBackwards: opts.goBackwards,
    recurrentDropoutMask: opts.recurrentDropoutMask ? opts.recurrentDropoutMask.data : null,
    zeroOutputForMask: opts.zeroOutputForMask,
    activation: opts.activation,
    needsBackward: isRecording() && [x, kernel, recurrentKernel, bias, opts.h0].some((t) => t?.requiresGrad),
  };
  const reference = getKernelVariant() === 'reference';
  const fwd = reference ? simpleRnnForwardReference(args) : simpleRnnForwardFast(args);
  const sequence = new Tensor(asDtype(fwd.sequence, x), [B, T, U]);
  const lastOutput = new Tensor(asDtype(fwd.lastOutput, x), [B, U]);
  const h = new Tensor(asDtype(fwd.hT, x), [B, U]);
  if (!args.needsBackward) return { sequence, lastOutput, states: [h] };
  const inputs = [x, kernel, recurrentKernel, ...(bias ? [bias] : []), ...(opts.h0 ? [opts.h0] : [])];
  addNode(inputs, [sequence, lastOutput, h], () => {
    const grads = (reference ? simpleRnnBackwardReference : simpleRnnBackwardFast)({
      forward: args,
      cache: fwd.cache,
      dSequence: sequence.grad,
      dLastOutput: lastOutput.grad,
      dhT: h.grad,
    });
    accumulateGrad(x, grads.dx);
    accumulateGrad(kernel, grads.dKernel);
    accumulateGrad(recurrentKernel, grads.dRecurrentKernel);
    if (bias) accumulateGrad(bias, grads.dBias);
    if (opts.h0) accumulateGrad(opts.h0, grads.dh0);
  });
  return { sequence, lastOutput, states: [h] };
}
