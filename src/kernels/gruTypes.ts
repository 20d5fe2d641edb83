/** The contract shared by the reference, fast and wasm GRU kernels: the common one plus the bias layout switch. */
import type { ScalarActivation } from '../ops/activations.js';
import type { RecurrentBackwardArgs, RecurrentForwardArgs, RecurrentForwardResult, RecurrentGradients } from './recurrentTypes.js';

/**
 * Kernel `[inputDim, 3*units]` and recurrent kernel `[units, 3*units]` in gate blocks z (update),
 * r (reset), h (candidate). Bias with `resetAfter`: `[2, 3*units]`, row 0 the input bias and row
 * 1 the recurrent bias; without: `[3*units]`. Recurrent dropout multiplies h_{t-1} inside the
 * recurrent products only; the carried state `z ⊙ h_{t-1}` uses the undropped h_{t-1}.
 */
export interface GruForwardArgs extends RecurrentForwardArgs {
  /**
   * true (Keras 3 / cuDNN / PyTorch): the reset gate multiplies `h·U_h + b_rh` after the product.
   * false (original Keras): the reset gate multiplies h before the product, `(r ⊙ h)·U_h`.
   */
  resetAfter: boolean;
  /** Activation of the z and r gates (default sigmoid). */
  recurrentActivation: ScalarActivation;
}

export type GruForwardResult = RecurrentForwardResult;

export type GruBackwardArgs = RecurrentBackwardArgs<GruForwardArgs>;

/** `dBias` is laid out as the bias: `[2, 3*units]` with `resetAfter`, else `[3*units]`. */
export type GruGradients = RecurrentGradients;

/** Number of bias entries for a GRU of `units` (the layout depends on `resetAfter`). */
export function gruBiasSize(units: number, resetAfter: boolean): number {
  return (resetAfter ? 6 : 3) * units;
}
