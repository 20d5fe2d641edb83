/**
 * The GRU kernel family for the one recurrent op (`recurrentOp.ts`): its kernels (readable
 * math in `kernels/reference/gru.ts`) and its bias layout switch, `resetAfter`.
 */
import type { Tensor } from '../tensor/tensor.js';
import { type KernelFamily, type RecurrentResult, recurrentSequence } from './recurrentOp.js';
import { gruBackwardWasm, gruForwardWasm, isWasmGruCache, wasmGruApplies } from '../kernels/wasm/gru.js';
import { gruBackwardReference, gruForwardReference } from '../kernels/reference/gru.js';
import { gruBackwardFast, gruForwardFast } from '../kernels/fast/gru.js';
import type { GruBackwardArgs, GruForwardArgs, GruForwardResult, GruGradients } from '../kernels/gruTypes.js';
import type { ScalarActivation } from './activations.js';

/** The GRU cell's options its kernels take. */
export interface GruCellOptions {
  /** Reset gate after the recurrent product (bias `[2, 3U]`) or before it (bias `[3U]`). */
  resetAfter: boolean;
  activation: ScalarActivation;
  recurrentActivation: ScalarActivation;
}

/** The GRU kernels, state `[h]`. */
export const gruFamily: KernelFamily<GruCellOptions, GruForwardArgs, GruForwardResult, GruBackwardArgs, GruGradients> = {
  name: 'gru',
  stateCount: 1,
  reference: { forward: gruForwardReference, backward: gruBackwardReference },
  fast: { forward: gruForwardFast, backward: gruBackwardFast },
  wasm: { applies: wasmGruApplies, isCache: isWasmGruCache, forward: gruForwardWasm, backward: gruBackwardWasm },
  args: (common, [h0], o) => ({ ...common, h0: h0 ?? null, resetAfter: o.resetAfter, activation: o.activation, recurrentActivation: o.recurrentActivation }),
  finalStates: (r) => [r.hT],
  backwardArgs: (base) => base,
  initialGradients: (g) => [g.dh0],
};

export interface GruSequenceOptions extends GruCellOptions {
  h0: Tensor | null;
  mask: Tensor | null;
  goBackwards: boolean;
  recurrentDropoutMask: Tensor | null;
  zeroOutputForMask: boolean;
}

/**
 * Runs a GRU layer's math over `x` `[batch, time, inputDim]` with Keras-layout weights
 * (gate blocks z, r, h). Returns the sequence, the last output and `states: [h]`.
 * @example const { sequence, states: [h] } = gruSequence(x, kernel, recurrentKernel, bias, opts)
 */
export function gruSequence(x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor | null, opts: GruSequenceOptions): RecurrentResult {
  return recurrentSequence(gruFamily, x, { kernel, recurrentKernel, bias }, [opts.h0], opts, opts);
}
