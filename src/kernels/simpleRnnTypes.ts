/** The contract shared by the reference and the fast SimpleRNN kernels. */
import type { FloatArray } from '../tensor/tensor.js';
import type { ScalarActivation } from '../ops/activations.js';

export interface SimpleRnnForwardArgs {
  /** Input `[batch, timesteps, inputDim]`, batch-major. */
  x: FloatArray;
  batch: number;
  timesteps: number;
  inputDim: number;
  units: number;
  /** `[inputDim, units]`. */
  kernel: FloatArray;
  /** `[units, units]`. */
  recurrentKernel: FloatArray;
  /** `[units]`, or null without bias. */
  bias: FloatArray | null;
  /** Initial hidden state `[batch, units]`; null means zeros. */
  h0: FloatArray | null;
  /** `[batch, timesteps]` indexed by input time: 0 marks padding. */
  mask: FloatArray | null;
  /** Process t = T-1..0; the output sequence is in processing order, as Keras emits it. */
  goBackwards: boolean;
  /** `[batch, units]` multiplier on h_{t-1} inside the recurrent product only (Keras recurrent dropout). */
  recurrentDropoutMask: FloatArray | null;
  /** Masked steps output zeros instead of repeating the previous output. */
  zeroOutputForMask: boolean;
  /** h_t = activation(x_t·kernel + h_{t-1}·recurrentKernel + bias), tanh by default. */
  activation: ScalarActivation;
  /** Whether a backward pass will follow (the kernel may skip saving intermediates). */
  needsBackward: boolean;
}

export interface SimpleRnnForwardResult {
  /** `[batch, timesteps, units]` outputs in processing order. */
  sequence: FloatArray;
  /** `[batch, units]` output at the last processed step (the last real step under a mask). */
  lastOutput: FloatArray;
  /** Final hidden state `[batch, units]`. */
  hT: FloatArray;
  /** Kernel-private intermediates for the backward pass. */
  cache: unknown;
}

export interface SimpleRnnBackwardArgs {
  forward: SimpleRnnForwardArgs;
  cache: unknown;
  /** Gradient w.r.t. `sequence`, or null. */
  dSequence: FloatArray | null;
  /** Gradient w.r.t. `lastOutput`, or null. */
  dLastOutput: FloatArray | null;
  /** Gradient w.r.t. the final state, or null. */
  dhT: FloatArray | null;
}

export interface SimpleRnnGradients {
  dx: FloatArray;
  dKernel: FloatArray;
  dRecurrentKernel: FloatArray;
  dBias: FloatArray;
  dh0: FloatArray;
}
