/** The contract shared by the reference, fast and wasm LSTM kernels: the common one plus the cell state. */
import type { FloatArray } from '../tensor/tensor.js';
import type { ScalarActivation } from '../ops/activations.js';
import type { RecurrentBackwardArgs, RecurrentForwardArgs, RecurrentForwardResult, RecurrentGradients } from './recurrentTypes.js';

/** Kernel `[inputDim, 4*units]` and recurrent kernel `[units, 4*units]` in gate blocks i, f, c, o; bias `[4*units]`. */
export interface LstmForwardArgs extends RecurrentForwardArgs {
  /** Initial cell state `[batch, units]`; null means zeros. */
  c0: FloatArray | null;
  /** Activation of the i, f, o gates (sigmoid by default). */
  recurrentActivation: ScalarActivation;
}

export interface LstmForwardResult extends RecurrentForwardResult {
  /** Final cell state `[batch, units]`. */
  cT: FloatArray;
}

export interface LstmBackwardArgs extends RecurrentBackwardArgs<LstmForwardArgs> {
  /** Gradient w.r.t. the final cell state, or null. */
  dcT: FloatArray | null;
}

export interface LstmGradients extends RecurrentGradients {
  dc0: FloatArray;
}
