/** The contract shared by the reference and the fast GRU kernels. */
import type { FloatArray } from '../tensor/tensor.js';
import type { ScalarActivation } from '../ops/activations.js';

export interface GruForwardArgs {
  /** Input `[batch, timesteps, inputDim]`, batch-major. */
  x: FloatArray;
  batch: number;
  timesteps: number;
  inputDim: number;
  units: number;
  /** `[inputDim, 3*units]`, gate blocks z (update), r (reset), h (candidate). */
  kernel: FloatArray;
  /** `[units, 3*units]`, same blocks. */
  recurrentKernel: FloatArray;
  /**
   * With `resetAfter`: `[2, 3*units]`, row 0 the input bias and row 1 the recurrent bias.
   * Without: `[3*units]`. Null without bias.
   */
  bias: FloatArray | null;
  /**
   * true (Keras 3 / cuDNN / PyTorch): the reset gate multiplies `h·U_h + b_rh` after the product.
   * false (original Keras): the reset gate multiplies h before the product, `(r ⊙ h)·U_h`.
   */
  resetAfter: boolean;
  /** Initial hidden state `[batch, units]`; null means zeros. */
  h0: FloatArray | null;
  /** `[batch, timesteps]` indexed by input time: 0 marks padding. */
  mask: FloatArray | null;
  /** Process t = T-1..0; the output sequence is in processing order, as Keras emits it. */
  goBackwards: boolean;
  /**
   * `[batch, units]` multiplier on h_{t-1} inside the recurrent products only (Keras recurrent
   * dropout); the carried state `z ⊙ h_{t-1}` uses the undropped h_{t-1}.
   */
  recurrentDropoutMask: FloatArray | null;
  /** Masked steps output zeros instead of repeating the previous output. */
  zeroOutputForMask: boolean;
  /** Activation of the candidate hh (default tanh). */
  activation: ScalarActivation;
  /** Activation of the z and r gates (default sigmoid). */
  recurrentActivation: ScalarActivation;
  /** Whether a backward pass will follow (the kernel may skip saving intermediates). */
  needsBackward: boolean;
}

export interface GruForwardResult {
  /** `[batch, timesteps, units]` outputs in processing order. */
  sequence: FloatArray;
  /** `[batch, units]` output at the last processed step (the last real step under a mask). */
  lastOutput: FloatArray;
  /** Final hidden state `[batch, units]`. */
  hT: FloatArray;
  /** Kernel-private intermediates for the backward pass. */
  cache: unknown;
}

export interface GruBackwardArgs {
  forward: GruForwardArgs;
  cache: unknown;
  /** Gradient w.r.t. `sequence`, or null. */
  dSequence: FloatArray | null;
  /** Gradient w.r.t. `lastOutput`, or null. */
  dLastOutput: FloatArray | null;
  /** Gradient w.r.t. the final state, or null. */
  dhT: FloatArray | null;
}

export interface GruGradients {
  dx: FloatArray;
  dKernel: FloatArray;
  dRecurrentKernel: FloatArray;
  /** Laid out as the bias: `[2, 3*units]` with `resetAfter`, else `[3*units]`. */
  dBias: FloatArray;
  dh0: FloatArray;
}

/** Number of bias entries for a GRU of `units` (the layout depends on `resetAfter`). */
export function gruBiasSize(units: number, resetAfter: boolean): number {
  return (resetAfter ? 6 : 3) * units;
}
