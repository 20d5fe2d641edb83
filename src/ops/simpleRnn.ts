/**
 * The SimpleRNN kernel family for the one recurrent op (`recurrentOp.ts`); the readable math
 * is in `kernels/reference/simpleRnn.ts`.
 */
import type { Tensor } from '../tensor/tensor.js';
import { type KernelFamily, type RecurrentResult, recurrentSequence } from './recurrentOp.js';
import { isWasmSimpleRnnCache, simpleRnnBackwardWasm, simpleRnnForwardWasm, wasmSimpleRnnApplies } from '../kernels/wasm/simpleRnn.js';
import { simpleRnnBackwardReference, simpleRnnForwardReference } from '../kernels/reference/simpleRnn.js';
import { simpleRnnBackwardFast, simpleRnnForwardFast } from '../kernels/fast/simpleRnn.js';
import type { SimpleRnnBackwardArgs, SimpleRnnForwardArgs, SimpleRnnForwardResult, SimpleRnnGradients } from '../kernels/simpleRnnTypes.js';
import type { ScalarActivation } from './activations.js';

/** The SimpleRNN cell's option its kernels take. */
export interface SimpleRnnCellOptions {
  activation: ScalarActivation;
}

/** The SimpleRNN kernels, state `[h]`. */
export const simpleRnnFamily: KernelFamily<SimpleRnnCellOptions, SimpleRnnForwardArgs, SimpleRnnForwardResult, SimpleRnnBackwardArgs, SimpleRnnGradients> = {
  name: 'simpleRnn',
  stateCount: 1,
  reference: { forward: simpleRnnForwardReference, backward: simpleRnnBackwardReference },
  fast: { forward: simpleRnnForwardFast, backward: simpleRnnBackwardFast },
  wasm: { applies: wasmSimpleRnnApplies, isCache: isWasmSimpleRnnCache, forward: simpleRnnForwardWasm, backward: simpleRnnBackwardWasm },
  args: (common, [h0], o) => ({ ...common, h0: h0 ?? null, activation: o.activation }),
  finalStates: (r) => [r.hT],
  backwardArgs: (base) => base,
  initialGradients: (g) => [g.dh0],
};

export interface SimpleRnnSequenceOptions extends SimpleRnnCellOptions {
  h0: Tensor | null;
  mask: Tensor | null;
  goBackwards: boolean;
  recurrentDropoutMask: Tensor | null;
  zeroOutputForMask: boolean;
}

/**
 * Runs a SimpleRNN layer's math over `x` `[batch, time, inputDim]` with Keras-layout weights.
 * Returns the sequence, the last output and `states: [h]`.
 * @example const { lastOutput } = simpleRnnSequence(x, kernel, recurrentKernel, bias, opts)
 */
export function simpleRnnSequence(x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor | null, opts: SimpleRnnSequenceOptions): RecurrentResult {
  return recurrentSequence(simpleRnnFamily, x, { kernel, recurrentKernel, bias }, [opts.h0], opts, opts);
}
