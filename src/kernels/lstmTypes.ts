/** The contract shared by the reference and the fast LSTM kernels. */
import type { FloatArray } from '../tensor/tensor.js';
import type { ScalarActivation } from '../ops/activations.js';

export interface LstmForwardArgs {
  /** Input `[batch, timesteps, inputDim]`, batch-major. */
  x: FloatArray;
  batch: number;
  timesteps: number;
  inputDim: number;
  units: number;
  /** `[inputDim, 4*units]`, gate blocks i, f, c, o. */
  kernel: FloatArray;
  /** `[units, 4*units]`. */
  recurrentKernel: FloatArray;
  /** `[4*units]`, or null without bias. */
  bias: FloatArray | null;
  /** Initial hidden state `[batch, units]`; null means zeros. */
  h0: FloatArray | null;
  /** Initial cell state `[batch, units]`; null means zeros. */
  c0: FloatArray | null;
  /** `[batch, timesteps]` indexed by input time: 0 marks padding. */
  mask: FloatArray | null;
  /** Process t = T-1..0; the output sequence is in processing order, as Keras emits it. */
  goBackwards: boolean;
  /** `[batch, units]` multiplier on h_{t-1} inside the recurrent product only (Keras recurrent dropout). */
  recurrentDropoutMask: FloatArray | null;
  /** Masked steps output zeros instead of repeating the previous output. */
  zeroOutputForMask: boolean;
  activation: ScalarActivation;
  recurrentActivation: ScalarActivation;
  /** Whether a backward pass will follow (the kernel may skip saving intermediates). */
  needsBackward: boolean;
}

export interface LstmForwardResult {
  /** `[batch, timesteps, units]` outputs in processing order. */
  sequence: FloatArray;
  /** `[batch, units]` output at the last processed step (the last real step under a mask). */
  lastOutput: FloatArray;
  /** Final hidden and cell states `[batch, units]`. */
  hT: FloatArray;
  cT: FloatArray;
  /** Kernel-private intermediates for the backward pass. */
  cache: unknown;
}

export interface LstmBackwardArgs {
  forward: LstmForwardArgs;
  cache: unknown;
  /** Gradient w.r.t. `sequence`, or null. */
  dSequence: FloatArray | null;
  /** Gradient w.r.t. `lastOutput`, or null. */
  dLastOutput: FloatArray | null;
  /** Gradients w.r.t. the final states, or null. */
  dhT: FloatArray | null;
  dcT: FloatArray | null;
}

export interface LstmGradients {
  dx: FloatArray;
  dKernel: FloatArray;
  dRecurrentKernel: FloatArray;
  dBias: FloatArray;
  dh0: FloatArray;
  dc0: FloatArray;
}
