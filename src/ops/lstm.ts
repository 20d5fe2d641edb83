/**
 * `lstmSequence`: the whole LSTM over time as ONE differentiable op. Forward runs a kernel
 * (wasm, fast TypeScript or reference: see `kernels/backend.ts` and `kernels/dispatch.ts`);
 * backward is backpropagation through time in the same kernel family. The readable math is in `kernels/reference/lstm.ts`.
 */
import { isRecording } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { recurrentResult, type RecurrentResult } from './recurrentOp.js';
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

export type { RecurrentResult } from './recurrentOp.js';

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
  const out = { sequence: fwd.sequence, lastOutput: fwd.lastOutput, states: [fwd.hT, fwd.cT] };
  return recurrentResult(x, { kernel, recurrentKernel, bias }, [opts.h0, opts.c0], U, out, args.needsBackward, (g) => {
    const backwardArgs = {
      forward: args, cache: fwd.cache, dSequence: g.dSequence, dLastOutput: g.dLastOutput, dhT: g.dStates[0] ?? null, dcT: g.dStates[1] ?? null,
    };
    // Backward runs on the kernel family whose cache the forward pass left.
    const grads = reference
      ? lstmBackwardReference(backwardArgs)
      : wasm && isWasmLstmCache(fwd.cache)
        ? lstmBackwardWasm(wasm.rt, wasm.threads, backwardArgs)
        : lstmBackwardFast(backwardArgs);
    return { ...grads, dInitial: [grads.dh0, grads.dc0] };
  });
}
