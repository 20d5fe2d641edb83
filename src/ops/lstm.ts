/**
 * `lstmSequence`: the whole LSTM over time as ONE differentiable op. Forward runs a kernel
 * (fast or reference, see `kernels/dispatch.ts`); backward is backpropagation through time
 * in the same kernel family. The readable math is in `kernels/reference/lstm.ts`.
 */
import { addNode, accumulateGrad, isRecording } from '../autograd/tape.js';
import { Tensor, allocate, type FloatArray } from '../tensor/tensor.js';
import { getKernelVariant } from '../kernels/dispatch.js';
import { activeWasm } from '../kernels/backend.js';
import { isWasmLstmCache, lstmBackwardWasm, lstmForwardWasm, wasmLstmApplies } from '../kernels/wasm/lstm.js';
import { lstmBackwardReference, lstmForwardReference } from '../kernels/reference/lstm.js';
import { lstmBackwardFast, lstmForwardFast } from '../kernels/fast/lstm.js';
import type { LstmForwardArgs } from '../kernels/lstmTypes.js';
import type { ScalarActivation } from './activations.js';

export interface LstmSequenceOptions {
  h0: Tensor | null;
  c0: Tensor | null;
  mask: Tensor | null;
  goBackwards: boolean;
  recurrentDropoutMask: Tensor | null;
  zeroOutputForMask: boolean;
  activation: ScalarActivation;
  recurrentActivation: ScalarActivation;
}

export interface RecurrentResult {
  /** `[batch, time, units]` in processing order. */
  sequence: Tensor;
  /** `[batch, units]`: the output of the last processed (real) step. */
  lastOutput: Tensor;
  /** Final states: LSTM `[h, c]`, GRU and SimpleRNN `[h]`. */
  states: Tensor[];
}

/** Copies into the tensor's dtype (the reference kernel computes in float64). */
export function asDtype(data: FloatArray, like: Tensor): FloatArray {
  if ((like.dtype === 'float64') === data instanceof Float64Array) return data;
  const out = allocate(like.dtype, data.length);
  out.set(data);
  return out;
}

/**
 * Runs an LSTM layer's math over `x` `[batch, time, inputDim]` with Keras-layout weights.
 * @example const { sequence, states: [h, c] } = lstmSequence(x, kernel, recurrentKernel, bias, opts)
 */
export function lstmSequence(
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  opts: LstmSequenceOptions,
): RecurrentResult {
  const [B, T, I] = x.shape as [number, number, number];
  const U = recurrentKernel.shape[0]!;
  const args: LstmForwardArgs = {
    x: x.data, batch: B, timesteps: T, inputDim: I, units: U,
    kernel: kernel.data, recurrentKernel: recurrentKernel.data, bias: bias ? bias.data : null,
    h0: opts.h0 ? opts.h0.data : null, c0: opts.c0 ? opts.c0.data : null,
    mask: opts.mask ? opts.mask.data : null,
    goBackwards: opts.goBackwards,
    recurrentDropoutMask: opts.recurrentDropoutMask ? opts.recurrentDropoutMask.data : null,
    zeroOutputForMask: opts.zeroOutputForMask,
    activation: opts.activation, recurrentActivation: opts.recurrentActivation,
    needsBackward: isRecording() && [x, kernel, recurrentKernel, bias, opts.h0, opts.c0].some((t) => t?.requiresGrad),
  };
  const reference = getKernelVariant() === 'reference';
  const wasm = reference || !wasmLstmApplies(args) ? null : activeWasm();
  const fwd = reference ? lstmForwardReference(args) : wasm ? lstmForwardWasm(wasm.rt, wasm.threads, args) : lstmForwardFast(args);
  const sequence = new Tensor(asDtype(fwd.sequence, x), [B, T, U]);
  const lastOutput = new Tensor(asDtype(fwd.lastOutput, x), [B, U]);
  const h = new Tensor(asDtype(fwd.hT, x), [B, U]);
  const c = new Tensor(asDtype(fwd.cT, x), [B, U]);
  const inputs = [x, kernel, recurrentKernel, ...(bias ? [bias] : []), ...(opts.h0 ? [opts.h0] : []), ...(opts.c0 ? [opts.c0] : [])];
  if (!args.needsBackward) return { sequence, lastOutput, states: [h, c] };
  addNode(inputs, [sequence, lastOutput, h, c], () => {
    const backwardArgs = {
      forward: args,
      cache: fwd.cache,
      dSequence: sequence.grad,
      dLastOutput: lastOutput.grad,
      dhT: h.grad,
      dcT: c.grad,
    };
    // Backward runs on the kernel family whose cache the forward pass left.
    const grads = reference
      ? lstmBackwardReference(backwardArgs)
      : wasm && isWasmLstmCache(fwd.cache)
        ? lstmBackwardWasm(wasm.rt, wasm.threads, backwardArgs)
        : lstmBackwardFast(backwardArgs);
    accumulateGrad(x, grads.dx);
    accumulateGrad(kernel, grads.dKernel);
    accumulateGrad(recurrentKernel, grads.dRecurrentKernel);
    if (bias) accumulateGrad(bias, grads.dBias);
    if (opts.h0) accumulateGrad(opts.h0, grads.dh0);
    if (opts.c0) accumulateGrad(opts.c0, grads.dc0);
  });
  return { sequence, lastOutput, states: [h, c] };
}
