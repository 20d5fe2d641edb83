/**
 * `gruSequence`: the whole GRU over time as ONE differentiable op. Forward runs a kernel
 * (wasm, fast TypeScript or reference: see `kernels/backend.ts` and `kernels/dispatch.ts`);
 * backward is backpropagation through time in the same kernel family. The readable math is in `kernels/reference/gru.ts`.
 */
import { isRecording } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { getKernelVariant } from '../kernels/dispatch.js';
import { activeWasm } from '../kernels/backend.js';
import { gruBackwardWasm, gruForwardWasm, isWasmGruCache, wasmGruApplies } from '../kernels/wasm/gru.js';
import { gruBackwardReference, gruForwardReference } from '../kernels/reference/gru.js';
import { gruBackwardFast, gruForwardFast } from '../kernels/fast/gru.js';
import type { GruForwardArgs } from '../kernels/gruTypes.js';
import type { ScalarActivation } from './activations.js';
import { recurrentResult, type RecurrentResult } from './recurrentOp.js';

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
  const out = { sequence: fwd.sequence, lastOutput: fwd.lastOutput, states: [fwd.hT] };
  return recurrentResult(x, { kernel, recurrentKernel, bias }, [opts.h0], U, out, args.needsBackward, (g) => {
    const backwardArgs = { forward: args, cache: fwd.cache, dSequence: g.dSequence, dLastOutput: g.dLastOutput, dhT: g.dStates[0] ?? null };
    // Backward runs on the kernel family whose cache the forward pass left.
    const grads = reference
      ? gruBackwardReference(backwardArgs)
      : wasm && isWasmGruCache(fwd.cache)
        ? gruBackwardWasm(wasm.rt, wasm.threads, backwardArgs)
        : gruBackwardFast(backwardArgs);
    return { ...grads, dInitial: [grads.dh0] };
  });
}
