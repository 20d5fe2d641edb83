/**
 * `gruSequence`: the whole GRU over time as ONE differentiable op. Forward runs a kernel
 * (fast or reference, see `kernels/dispatch.ts`); backward is backpropagation through time
 * in the same kernel family. The readable math is in `kernels/reference/gru.ts`.
 */
import { addNode, accumulateGrad, isRecording } from '../autograd/tape.js';
import { Tensor } from '../tensor/tensor.js';
import { getKernelVariant } from '../kernels/dispatch.js';
import { activeWasm } from '../kernels/backend.js';
import { gruBackwardWasm, gruForwardWasm, isWasmGruCache, wasmGruApplies } from '../kernels/wasm/gru.js';
import { gruBackwardReference, gruForwardReference } from '../kernels/reference/gru.js';
import { gruBackwardFast, gruForwardFast } from '../kernels/fast/gru.js';
import type { GruForwardArgs } from '../kernels/gruTypes.js';
import type { ScalarActivation } from './activations.js';
import { asDtype, type RecurrentResult } from './lstm.js';

export interface GruSequenceOptions {
  h0: Tensor | null;
  mask: Tensor | null;
  goBackwards: boolean;
  /** Reset gate after the recurrent product (bias `[2, 3U]`) or before it (bias `[3U]`). */
  resetAfter: boolean;
  recurrentDropoutMask: Tensor | null;
  zeroOutputForMask: boolean;
  activation: ScalarActivation;
  recurrentActivation: ScalarActivation;
}

/**
 * Runs a GRU layer's math over `x` `[batch, time, inputDim]` with Keras-layout weights
 * (gate blocks z, r, h). Returns the sequence, the last output and `states: [h]`.
 * @example const { sequence, states: [h] } = gruSequence(x, kernel, recurrentKernel, bias, opts)
 */
export function gruSequence(
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  opts: GruSequenceOptions,
): RecurrentResult {
  const [B, T, I] = x.shape as [number, number, number];
  const U = recurrentKernel.shape[0]!;
  const args: GruForwardArgs = {
    x: x.data, batch: B, timesteps: T, inputDim: I, units: U,
    kernel: kernel.data, recurrentKernel: recurrentKernel.data, bias: bias ? bias.data : null,
    resetAfter: opts.resetAfter,
    h0: opts.h0 ? opts.h0.data : null,
    mask: opts.mask ? opts.mask.data : null,
    goBackwards: opts.goBackwards,
    recurrentDropoutMask: opts.recurrentDropoutMask ? opts.recurrentDropoutMask.data : null,
    zeroOutputForMask: opts.zeroOutputForMask,
    activation: opts.activation, recurrentActivation: opts.recurrentActivation,
    needsBackward: isRecording() && [x, kernel, recurrentKernel, bias, opts.h0].some((t) => t?.requiresGrad),
  };
  const reference = getKernelVariant() === 'reference';
  const wasm = reference || !wasmGruApplies(args) ? null : activeWasm();
  const fwd = reference ? gruForwardReference(args) : wasm ? gruForwardWasm(wasm.rt, wasm.threads, args) : gruForwardFast(args);
  const sequence = new Tensor(asDtype(fwd.sequence, x), [B, T, U]);
  const lastOutput = new Tensor(asDtype(fwd.lastOutput, x), [B, U]);
  const h = new Tensor(asDtype(fwd.hT, x), [B, U]);
  if (!args.needsBackward) return { sequence, lastOutput, states: [h] };
  const inputs = [x, kernel, recurrentKernel, ...(bias ? [bias] : []), ...(opts.h0 ? [opts.h0] : [])];
  addNode(inputs, [sequence, lastOutput, h], () => {
    const backwardArgs = { forward: args, cache: fwd.cache, dSequence: sequence.grad, dLastOutput: lastOutput.grad, dhT: h.grad };
    // Backward runs on the kernel family whose cache the forward pass left.
    const grads = reference
      ? gruBackwardReference(backwardArgs)
      : wasm && isWasmGruCache(fwd.cache)
        ? gruBackwardWasm(wasm.rt, wasm.threads, backwardArgs)
        : gruBackwardFast(backwardArgs);
    accumulateGrad(x, grads.dx);
    accumulateGrad(kernel, grads.dKernel);
    accumulateGrad(recurrentKernel, grads.dRecurrentKernel);
    if (bias) accumulateGrad(bias, grads.dBias);
    if (opts.h0) accumulateGrad(opts.h0, grads.dh0);
  });
  return { sequence, lastOutput, states: [h] };
}
