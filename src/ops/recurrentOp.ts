/**
 * The one recurrent sequence op: run a kernel family (LSTM, GRU, SimpleRNN) over the whole
 * sequence, choosing between its reference, fast TypeScript and wasm kernels, wrap the buffers
 * as Tensors and record ONE tape node whose backward asks the same family for the gradients.
 * A family (ops/lstm.ts, ops/gru.ts, ops/simpleRnn.ts) only says how its cell's options and
 * extra states map onto its kernels' argument types.
 */
import { addNode, accumulateGrad, isRecording } from '../autograd/tape.js';
import { Tensor, allocate, type FloatArray } from '../tensor/tensor.js';
import { getKernelVariant } from '../kernels/dispatch.js';
import { activeWasm } from '../kernels/backend.js';
import type { WasmRuntime } from '../kernels/wasm/runtime.js';
import type { WasmRecurrentKind } from '../kernels/wasm/callCounts.js';
import { accumulateGatheredGrad, gatheredPlan } from './gatheredRows.js';
import type { RecurrentBackwardArgs, RecurrentForwardArgs, RecurrentForwardResult, RecurrentGradients } from '../kernels/recurrentTypes.js';

export interface RecurrentResult {
  /** `[batch, time, units]` in processing order; null when the loop said `needSequence: false`. */
  sequence: Tensor | null;
  /** `[batch, units]`: the output of the last processed (real) step. */
  lastOutput: Tensor;
  /** Final states: LSTM `[h, c]`, GRU and SimpleRNN `[h]`. */
  states: Tensor[];
}

/** The options of the loop itself, the same for every family. */
export interface SequenceOptions {
  /** `[batch, time]` 0/1 mask indexed by input time, or null. */
  mask: Tensor | null;
  goBackwards: boolean;
  /** `[batch, units]` multiplier on h_{t-1} inside the recurrent product, or null. */
  recurrentDropoutMask: Tensor | null;
  zeroOutputForMask: boolean;
  /**
   * false when the caller discards the output sequence (a layer without returnSequences): the
   * kernels then skip building it or copying it out of wasm memory, and `sequence` is null.
   * Default true.
   */
  needSequence?: boolean;
}

/** The kernel arguments every family shares, before the family adds its own. */
export type CommonKernelArgs = Omit<RecurrentForwardArgs, 'h0' | 'activation'>;

/** Forward and backward of one kernel variant of a family. */
interface KernelPair<A extends RecurrentForwardArgs, R extends RecurrentForwardResult, B extends RecurrentBackwardArgs<A>, G extends RecurrentGradients> {
  forward(args: A): R;
  backward(args: B): G;
}

/**
 * One kernel family: its kernels and how its states map onto them. `O` are the cell options
 * the family's kernels take (activations, bias layout).
 */
export interface KernelFamily<
  O,
  A extends RecurrentForwardArgs,
  R extends RecurrentForwardResult,
  B extends RecurrentBackwardArgs<A>,
  G extends RecurrentGradients,
> {
  /** The family's name, as the wasm pass counter knows it. */
  readonly name: WasmRecurrentKind;
  /** How many `[batch, units]` states the cell carries (h first). */
  readonly stateCount: number;
  /** The readable float64 kernels (`setKernelVariant('reference')`). */
  readonly reference: KernelPair<A, R, B, G>;
  /** The TypeScript kernels (float64, and float32 on the js backend). */
  readonly fast: KernelPair<A, R, B, G>;
  /** The fused wasm kernels (float32 on the wasm backend, where `applies`). */
  readonly wasm: {
    applies(args: A): boolean;
    isCache(cache: unknown): boolean;
    forward(rt: WasmRuntime, threads: number, args: A): R;
    backward(rt: WasmRuntime, threads: number, args: B): G;
  };
  /** The family's kernel arguments from the common ones, the initial states and the cell options. */
  args(common: CommonKernelArgs, initial: (FloatArray | null)[], options: O): A;
  /** Final states of a forward result, h first. */
  finalStates(result: R): FloatArray[];
  /** The backward arguments, given the gradients reaching each final state. */
  backwardArgs(base: RecurrentBackwardArgs<A>, dStates: (FloatArray | null)[]): B;
  /** Gradients of the initial states, in state order. */
  initialGradients(grads: G): FloatArray[];
}

/** Copies into the tensor's dtype (the reference kernel computes in float64). */
export function asDtype(data: FloatArray, like: Tensor): FloatArray {
  if ((like.dtype === 'float64') === data instanceof Float64Array) return data;
  const out = allocate(like.dtype, data.length);
  out.set(data);
  return out;
}

/**
 * Runs `family` over `x` `[batch, time, inputDim]` with Keras-layout weights as one
 * differentiable op. `initialStates` has one entry per state of the family (null: zeros).
 * @example const { sequence, states } = recurrentSequence(lstmFamily, x, { kernel, recurrentKernel, bias }, [null, null], loop, cellOptions)
 */
export function recurrentSequence<O, A extends RecurrentForwardArgs, R extends RecurrentForwardResult, B extends RecurrentBackwardArgs<A>, G extends RecurrentGradients>(
  family: KernelFamily<O, A, R, B, G>,
  x: Tensor,
  weights: { kernel: Tensor; recurrentKernel: Tensor; bias: Tensor | null },
  initialStates: (Tensor | null)[],
  loop: SequenceOptions,
  options: O,
): RecurrentResult {
  const { kernel, recurrentKernel, bias } = weights;
  const [batch, timesteps, inputDim] = x.shape as [number, number, number];
  const units = recurrentKernel.shape[0]!;
  const initial = Array.from({ length: family.stateCount }, (_, i) => initialStates[i] ?? null);
  const common: CommonKernelArgs = {
    x: x.data, batch, timesteps, inputDim, units,
    kernel: kernel.data, recurrentKernel: recurrentKernel.data, bias: bias ? bias.data : null,
    mask: loop.mask ? loop.mask.data : null,
    goBackwards: loop.goBackwards,
    recurrentDropoutMask: loop.recurrentDropoutMask ? loop.recurrentDropoutMask.data : null,
    zeroOutputForMask: loop.zeroOutputForMask,
    needSequence: loop.needSequence ?? true,
    needsBackward: isRecording() && [x, kernel, recurrentKernel, bias, ...initial].some((t) => t?.requiresGrad),
  };
  const args = family.args(common, initial.map((s) => (s ? s.data : null)), options);
  const reference = getKernelVariant() === 'reference';
  const wasm = reference || !family.wasm.applies(args) ? null : activeWasm();
  // Only the wasm kernels take x as distinct rows; its gradient then goes to the table directly.
  const gathered = wasm ? gatheredPlan(x) : null;
  if (gathered) args.gathered = gathered.input;
  const fwd = reference ? family.reference.forward(args) : wasm ? family.wasm.forward(wasm.rt, wasm.threads, args) : family.fast.forward(args);

  // The reference kernel builds the sequence regardless; it is dropped here all the same.
  const sequence = common.needSequence && fwd.sequence ? new Tensor(asDtype(fwd.sequence, x), [batch, timesteps, units]) : null;
  const lastOutput = new Tensor(asDtype(fwd.lastOutput, x), [batch, units]);
  const states = family.finalStates(fwd).map((s) => new Tensor(asDtype(s, x), [batch, units]));
  if (!args.needsBackward) return { sequence, lastOutput, states };
  const present = initial.filter((s): s is Tensor => s !== null);
  // With x gathered, the table takes x's place: the gradient skips x (and its lookup's backward).
  const inputs = [gathered && x.requiresGrad ? gathered.table : x, kernel, recurrentKernel, ...(bias ? [bias] : []), ...present];
  addNode(inputs, [...(sequence ? [sequence] : []), lastOutput, ...states], () => {
    const backwardArgs = family.backwardArgs(
      { forward: args, cache: fwd.cache, dSequence: sequence ? sequence.grad : null, dLastOutput: lastOutput.grad, dhT: states[0]!.grad },
      states.map((s) => s.grad),
    );
    // Backward runs on the kernel family whose cache the forward pass left.
    const grads = reference
      ? family.reference.backward(backwardArgs)
      : wasm && family.wasm.isCache(fwd.cache)
        ? family.wasm.backward(wasm.rt, wasm.threads, backwardArgs)
        : family.fast.backward(backwardArgs);
    if (!gathered) accumulateGrad(x, grads.dx);
    else if (x.requiresGrad) accumulateGatheredGrad(gathered, grads.dx);
    accumulateGrad(kernel, grads.dKernel);
    accumulateGrad(recurrentKernel, grads.dRecurrentKernel);
    if (bias) accumulateGrad(bias, grads.dBias);
    const dInitial = family.initialGradients(grads);
    initial.forEach((s, i) => {
      if (s) accumulateGrad(s, dInitial[i]!);
    });
  });
  return { sequence, lastOutput, states };
}
