/**
 * The contract shared by the reference, fast and wasm SimpleRNN kernels: exactly the common one,
 * h_t = activation(x_t·kernel + h_{t-1}·recurrentKernel + bias) with kernel `[inputDim, units]`,
 * recurrent kernel `[units, units]` and bias `[units]`.
 */
import type { RecurrentBackwardArgs, RecurrentForwardArgs, RecurrentForwardResult, RecurrentGradients } from './recurrentTypes.js';

export type SimpleRnnForwardArgs = RecurrentForwardArgs;
export type SimpleRnnForwardResult = RecurrentForwardResult;
export type SimpleRnnBackwardArgs = RecurrentBackwardArgs<SimpleRnnForwardArgs>;
export type SimpleRnnGradients = RecurrentGradients;
