/**
 * The LSTM kernel family for the one recurrent op (`recurrentOp.ts`): its kernels (readable
 * math in `kernels/reference/lstm.ts`) and its second state, the cell state c.
 */
import type { Tensor } from '../tensor/tensor.js';
import { type KernelFamily, type RecurrentResult, recurrentSequence } from './recurrentOp.js';
import { isWasmLstmCache, lstmBackwardWasm, lstmForwardWasm, wasmLstmApplies } from '../kernels/wasm/lstm.js';
import { lstmBackwardReference, lstmForwardReference } from '../kernels/reference/lstm.js';
import { lstmBackwardFast, lstmForwardFast } from '../kernels/fast/lstm.js';
import type { LstmBackwardArgs, LstmForwardArgs, LstmForwardResult, LstmGradients } from '../kernels/lstmTypes.js';
import type { ScalarActivation } from './activations.js';

/** The LSTM cell's options its kernels take. */
export interface LstmCellOptions {
  activation: ScalarActivation;
  recurrentActivation: ScalarActivation;
}

/** The LSTM kernels, states `[h, c]`. */
export const lstmFamily: KernelFamily<LstmCellOptions, LstmForwardArgs, LstmForwardResult, LstmBackwardArgs, LstmGradients> = {
  name: 'lstm',
  stateCount: 2,
  reference: { forward: lstmForwardReference, backward: lstmBackwardReference },
  fast: { forward: lstmForwardFast, backward: lstmBackwardFast },
  wasm: { applies: wasmLstmApplies, isCache: isWasmLstmCache, forward: lstmForwardWasm, backward: lstmBackwardWasm },
  args: (common, [h0, c0], o) => ({ ...common, h0: h0 ?? null, c0: c0 ?? null, activation: o.activation, recurrentActivation: o.recurrentActivation }),
  finalStates: (r) => [r.hT, r.cT],
  backwardArgs: (base, [, dcT]) => ({ ...base, dcT: dcT ?? null }),
  initialGradients: (g) => [g.dh0, g.dc0],
};

export interface LstmSequenceOptions extends LstmCellOptions {
  h0: Tensor | null;
  c0: Tensor | null;
  mask: Tensor | null;
  goBackwards: boolean;
  recurrentDropoutMask: Tensor | null;
  zeroOutputForMask: boolean;
}

export type { RecurrentResult } from './recurrentOp.js';

/**
 * Runs an LSTM layer's math over `x` `[batch, time, inputDim]` with Keras-layout weights.
 * @example const { sequence, states: [h, c] } = lstmSequence(x, kernel, recurrentKernel, bias, opts)
 */
export function lstmSequence(x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor | null, opts: LstmSequenceOptions): RecurrentResult {
  return recurrentSequence(lstmFamily, x, { kernel, recurrentKernel, bias }, [opts.h0, opts.c0], opts, opts);
}
