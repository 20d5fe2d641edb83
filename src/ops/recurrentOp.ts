/**
 * What the three recurrent ops (lstmSequence, gruSequence, simpleRnnSequence) share once a
 * kernel has run: wrap its buffers as Tensors, record ONE tape node whose backward asks the
 * kernel family for the gradients, and add those into the inputs.
 */
import { addNode, accumulateGrad } from '../autograd/tape.js';
import { Tensor, allocate, type FloatArray } from '../tensor/tensor.js';

export interface RecurrentResult {
  /** `[batch, time, units]` in processing order. */
  sequence: Tensor;
  /** `[batch, units]`: the output of the last processed (real) step. */
  lastOutput: Tensor;
  /** Final states: LSTM `[h, c]`, GRU and SimpleRNN `[h]`. */
  states: Tensor[];
}

/** What a kernel's forward pass returns, in the shape every recurrent op needs. */
export interface KernelOutputs {
  sequence: FloatArray;
  lastOutput: FloatArray;
  /** Final states in the op's order (h, then c for the LSTM). */
  states: FloatArray[];
}

/** Gradients reaching the op's outputs (null where nothing flowed back). */
export interface OutputGradients {
  dSequence: FloatArray | null;
  dLastOutput: FloatArray | null;
  /** Per final state, in the same order as KernelOutputs.states. */
  dStates: (FloatArray | null)[];
}

/** The kernel's gradients for the op's inputs; dInitial follows the order of `initialStates`. */
export interface InputGradients {
  dx: FloatArray;
  dKernel: FloatArray;
  dRecurrentKernel: FloatArray;
  dBias: FloatArray;
  dInitial: FloatArray[];
}

/** Copies into the tensor's dtype (the reference kernel computes in float64). */
export function asDtype(data: FloatArray, like: Tensor): FloatArray {
  if ((like.dtype === 'float64') === data instanceof Float64Array) return data;
  const out = allocate(like.dtype, data.length);
  out.set(data);
  return out;
}

/**
 * Wraps `out` as the op's result and, when `needsBackward`, records the tape node.
 * `initialStates` are the op's optional initial-state inputs (h0, c0), null when absent.
 */
export function recurrentResult(
  x: Tensor,
  weights: { kernel: Tensor; recurrentKernel: Tensor; bias: Tensor | null },
  initialStates: (Tensor | null)[],
  units: number,
  out: KernelOutputs,
  needsBackward: boolean,
  backward: (grads: OutputGradients) => InputGradients,
): RecurrentResult {
  const [B, T] = x.shape as [number, number, number];
  const sequence = new Tensor(asDtype(out.sequence, x), [B, T, units]);
  const lastOutput = new Tensor(asDtype(out.lastOutput, x), [B, units]);
  const states = out.states.map((s) => new Tensor(asDtype(s, x), [B, units]));
  if (!needsBackward) return { sequence, lastOutput, states };
  const { kernel, recurrentKernel, bias } = weights;
  const present = initialStates.filter((s): s is Tensor => s !== null);
  const inputs = [x, kernel, recurrentKernel, ...(bias ? [bias] : []), ...present];
  addNode(inputs, [sequence, lastOutput, ...states], () => {
    const grads = backward({ dSequence: sequence.grad, dLastOutput: lastOutput.grad, dStates: states.map((s) => s.grad) });
    accumulateGrad(x, grads.dx);
    accumulateGrad(kernel, grads.dKernel);
    accumulateGrad(recurrentKernel, grads.dRecurrentKernel);
    if (bias) accumulateGrad(bias, grads.dBias);
    initialStates.forEach((s, i) => {
      if (s) accumulateGrad(s, grads.dInitial[i]!);
    });
  });
  return { sequence, lastOutput, states };
}
