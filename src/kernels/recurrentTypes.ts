/**
 * The contract every recurrent kernel family (LSTM, GRU, SimpleRNN; reference, fast and wasm)
 * shares. A family's own types (lstmTypes.ts, ...) add only what its cell needs beyond this:
 * extra states, a second activation, a bias layout.
 */
import type { FloatArray } from '../tensor/tensor.js';
import type { ScalarActivation } from '../ops/activations.js';

/**
 * x again, as its distinct rows and where each sits: an Embedding's output holds few distinct
 * rows (a character model's 2,048 positions at most 96), so the input projection x @ kernel
 * can be made once per distinct row and copied to every position that holds it.
 */
export interface GatheredInput {
  /** `[count, inputDim]`: each distinct row of x once. */
  rows: FloatArray;
  count: number;
  /** `[batch * timesteps]`, batch-major like x: the row of `rows` each position holds. */
  slots: Int32Array;
}

/** What every recurrent kernel's forward pass takes. */
export interface RecurrentForwardArgs {
  /** Input `[batch, timesteps, inputDim]`, batch-major. */
  x: FloatArray;
  /**
   * x as distinct rows, for the kernels that can use it (the wasm ones); the others read x.
   * A backward pass of a forward that used it returns `dx` by distinct row.
   */
  gathered?: GatheredInput | null;
  batch: number;
  timesteps: number;
  inputDim: number;
  units: number;
  /** `[inputDim, gates*units]` in the family's Keras gate order. */
  kernel: FloatArray;
  /** `[units, gates*units]`, same gate blocks. */
  recurrentKernel: FloatArray;
  /** The family's bias layout, or null without bias. */
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
  /** The activation of the candidate (and of the LSTM's cell output), tanh by default. */
  activation: ScalarActivation;
  /** Whether a backward pass will follow (the kernel may skip saving intermediates). */
  needsBackward: boolean;
  /**
   * false: the caller uses only the last output and the final states (a layer without
   * returnSequences), so the fast and wasm kernels neither build nor copy out `sequence` and
   * return null for it. Default true; the reference kernel always builds it.
   */
  needSequence?: boolean;
}

/** What every recurrent kernel's forward pass returns. */
export interface RecurrentForwardResult {
  /** `[batch, timesteps, units]` outputs in processing order; null when `needSequence` was false. */
  sequence: FloatArray | null;
  /** `[batch, units]` output at the last processed step (the last real step under a mask). */
  lastOutput: FloatArray;
  /** Final hidden state `[batch, units]`. */
  hT: FloatArray;
  /** Kernel-private intermediates for the backward pass. */
  cache: unknown;
}

/** What every recurrent kernel's backward pass takes, for forward args `A`. */
export interface RecurrentBackwardArgs<A extends RecurrentForwardArgs> {
  forward: A;
  cache: unknown;
  /** Gradient w.r.t. `sequence`, or null (always null when the forward returned no sequence). */
  dSequence: FloatArray | null;
  /** Gradient w.r.t. `lastOutput`, or null. */
  dLastOutput: FloatArray | null;
  /** Gradient w.r.t. the final hidden state, or null. */
  dhT: FloatArray | null;
}

/** What every recurrent kernel's backward pass returns. */
export interface RecurrentGradients {
  /** `[batch, timesteps, inputDim]`; `[count, inputDim]` (by distinct row) when the forward pass used `gathered`. */
  dx: FloatArray;
  dKernel: FloatArray;
  dRecurrentKernel: FloatArray;
  /** Laid out as the bias. */
  dBias: FloatArray;
  dh0: FloatArray;
}
