/**
 * `simpleRnnSequence`: the whole SimpleRNN over time as ONE differentiable op. Forward runs a
 * kernel (wasm, fast TypeScript or reference: see `kernels/backend.ts` and `kernels/dispatch.ts`);
 * backward is backpropagation through time in the same kernel family. The readable math is in `kernels/reference/simpleRnn.ts`.
 */
import { isRecording } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { getKernelVariant } from '../kernels/dispatch.js';
import { activeWasm } from '../kernels/backend.js';
import { isWasmSimpleRnnCache, simpleRnnBackwardWasm, simpleRnnForwardWasm, wasmSimpleRnnApplies } from '../kernels/wasm/simpleRnn.js';
import { simpleRnnBackwardReference, simpleRnnForwardReference } from '../kernels/reference/simpleRnn.js';
import { simpleRnnBackwardFast, simpleRnnForwardFast } from '../kernels/fast/simpleRnn.js';
import type { SimpleRnnForwardArgs } from '../kernels/simpleRnnTypes.js';
import type { ScalarActivation } from './activations.js';
import { recurrentResult, type RecurrentResult } from './recurrentOp.js';

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
  const wasm = reference || !wasmSimpleRnnApplies(args) ? null : activeWasm();
  const fwd = reference ? simpleRnnForwardReference(args) : wasm ? simpleRnnForwardWasm(wasm.rt, wasm.threads, args) : simpleRnnForwardFast(args);
  const out = { sequence: fwd.sequence, lastOutput: fwd.lastOutput, states: [fwd.hT] };
  return recurrentResult(x, { kernel, recurrentKernel, bias }, [opts.h0], U, out, args.needsBackward, (g) => {
    const backwardArgs = { forward: args, cache: fwd.cache, dSequence: g.dSequence, dLastOutput: g.dLastOutput, dhT: g.dStates[0] ?? null };
    // Backward runs on the kernel family whose cache the forward pass left.
    const grads = reference
      ? simpleRnnBackwardReference(backwardArgs)
      : wasm && isWasmSimpleRnnCache(fwd.cache)
        ? simpleRnnBackwardWasm(wasm.rt, wasm.threads, backwardArgs)
        : simpleRnnBackwardFast(backwardArgs);
    return { ...grads, dInitial: [grads.dh0] };
  });
}
