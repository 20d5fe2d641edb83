/**
 * The simple (Elman) RNN, written to be read next to the equation (Keras `SimpleRNNCell`):
 *
 *   h_t = act(x_t · kernel + (h_{t-1} ⊙ recurrentDropoutMask) · recurrentKernel + bias)
 *
 * act is `activation` (tanh by default); the output is h_t.
 *
 * This is the reference kernel: one sample, one step at a time, float64 arithmetic, no
 * tricks: each step keeps its pre-activation and backward takes the slope as act'(pre). The
 * fast kernel (`kernels/fast/simpleRnn.ts`) must agree with it; tests check that.
 */
import type {
  SimpleRnnBackwardArgs,
  SimpleRnnForwardArgs,
  SimpleRnnForwardResult,
  SimpleRnnGradients,
} from '../simpleRnnTypes.js';
import { timeIndex } from './lstm.js';

/** Everything one processed step of one sample needs for its backward pass. */
interface StepRecord {
  t: number; // input time index of this step
  hDropped: Float64Array; // h_{t-1} as it enters the recurrent product
  pre: Float64Array; // act's input; h_t = act(pre)
}

/** Forward over the whole sequence. The cache holds one StepRecord list per sample. */
export function simpleRnnForwardReference(args: SimpleRnnForwardArgs): SimpleRnnForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, x, kernel, recurrentKernel, bias, mask, goBackwards, activation } = args;
  const sequence = new Float64Array(B * T * U); // output in processing order
  const lastOutput = new Float64Array(B * U);
  const hT = new Float64Array(B * U);
  const records: (StepRecord | null)[][] = [];
  for (let b = 0; b < B; b++) {
    let h: Float64Array = Float64Array.from({ length: U }, (_, u) => (args.h0 ? args.h0[b * U + u]! : 0));
    // Keras: a masked step repeats the previous output, which starts as zeros (not h0).
    let prevOutput: Float64Array = new Float64Array(U);
    const perStep: (StepRecord | null)[] = [];
    for (let s = 0; s < T; s++) {
      const t = timeIndex(s, T, goBackwards);
      const real = !mask || mask[b * T + t]! !== 0;
      if (!real) {
        perStep.push(null);
        if (!args.zeroOutputForMask) sequence.set(prevOutput, (b * T + s) * U);
        continue;
      }
      const hDropped = h.map((v, u) => (args.recurrentDropoutMask ? v * args.recurrentDropoutMask[b * U + u]! : v));
      const xOffset = (b * T + t) * I;
      const hNew = new Float64Array(U);
      const pre = new Float64Array(U);
      for (let u = 0; u < U; u++) {
        let sum = bias ? bias[u]! : 0;
        for (let k = 0; k < I; k++) sum += x[xOffset + k]! * kernel[k * U + u]!;
        for (let k = 0; k < U; k++) sum += hDropped[k]! * recurrentKernel[k * U + u]!;
        pre[u] = sum;
        hNew[u] = activation.forward(sum);
      }
      perStep.push({ t, hDropped, pre });
      h = hNew;
      prevOutput = hNew;
      sequence.set(hNew, (b * T + s) * U);
    }
    lastOutput.set(prevOutput, b * U);
    hT.set(h, b * U);
    records.push(perStep);
  }
  return { sequence, lastOutput, hT, cache: records };
}

/** Backpropagation through time for {@link simpleRnnForwardReference}. */
export function simpleRnnBackwardReference(args: SimpleRnnBackwardArgs): SimpleRnnGradients {
  const { forward: fa, cache, dSequence, dLastOutput, dhT } = args;
  const { batch: B, timesteps: T, inputDim: I, units: U, kernel, recurrentKernel, activation } = fa;
  const records = cache as (StepRecord | null)[][];
  const dx = new Float64Array(B * T * I);
  const dKernel = new Float64Array(I * U);
  const dRecurrentKernel = new Float64Array(U * U);
  const dBias = new Float64Array(U);
  const dh0 = new Float64Array(B * U);
  const dPre = new Float64Array(U);
  for (let b = 0; b < B; b++) {
    const dh = Float64Array.from({ length: U }, (_, u) => (dhT ? dhT[b * U + u]! : 0));
    // Gradient arriving at "the previous output": masked steps and the last output pass theirs
    // back to the most recent real step.
    const dOutCarry = Float64Array.from({ length: U }, (_, u) => (dLastOutput ? dLastOutput[b * U + u]! : 0));
    for (let s = T - 1; s >= 0; s--) {
      const step = records[b]![s]!;
      if (dSequence && (step !== null || !fa.zeroOutputForMask)) {
        for (let u = 0; u < U; u++) dOutCarry[u]! += dSequence[(b * T + s) * U + u]!;
      }
      if (step === null) continue; // the state passes through a masked step unchanged
      const xOffset = (b * T + step.t) * I;
      for (let u = 0; u < U; u++) {
        dPre[u] = (dh[u]! + dOutCarry[u]!) * activation.derivFromInput(step.pre[u]!);
        dOutCarry[u] = 0;
        dBias[u]! += dPre[u]!;
        for (let k = 0; k < I; k++) {
          dKernel[k * U + u]! += fa.x[xOffset + k]! * dPre[u]!;
          dx[xOffset + k]! += kernel[k * U + u]! * dPre[u]!;
        }
      }
      for (let k = 0; k < U; k++) {
        const drop = fa.recurrentDropoutMask ? fa.recurrentDropoutMask[b * U + k]! : 1;
        let sum = 0;
        for (let u = 0; u < U; u++) {
          dRecurrentKernel[k * U + u]! += step.hDropped[k]! * dPre[u]!;
          sum += recurrentKernel[k * U + u]! * dPre[u]!;
        }
        dh[k] = sum * drop;
      }
    }
    dh0.set(dh, b * U);
  }
  return { dx, dKernel, dRecurrentKernel, dBias, dh0 };
}
