/**
 * The LSTM, written to be read next to the equations (Keras `LSTMCell`, gate order i, f, c, o):
 *
 *   z   = x_t · kernel + (h_{t-1} ⊙ recurrentDropoutMask) · recurrentKernel + bias
 *   i   = σ(z_i)    f = σ(z_f)    c̃ = act(z_c)    o = σ(z_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ c̃
 *   h_t = o ⊙ act(c_t)
 *
 * σ is `recurrentActivation` (sigmoid by default), act is `activation` (tanh by default).
 * Column `g*U + u` of kernel / recurrentKernel / bias belongs to gate g, unit u.
 *
 * This is the reference kernel: one sample, one step at a time, float64 arithmetic, no
 * tricks: each step keeps its pre-activations and backward takes every slope as f'(z). The
 * fast kernel (`kernels/fast/lstm.ts`) must agree with it; tests check that.
 */
import type { FloatArray } from '../../tensor/tensor.js';
import type { LstmBackwardArgs, LstmForwardArgs, LstmGradients, LstmForwardResult } from '../lstmTypes.js';

/** Everything one processed step of one sample needs for its backward pass. */
interface StepRecord {
  t: number; // input time index of this step
  hPrev: Float64Array;
  cPrev: Float64Array;
  i: Float64Array;
  f: Float64Array;
  g: Float64Array; // the candidate c̃
  o: Float64Array;
  actC: Float64Array; // act(c_t)
  z: Float64Array; // the pre-activations z_i, z_f, z_c, z_o
  c: Float64Array; // c_t, act's input for actC
}

/** One step of one sample: returns the gate values and the new states. */
function cellForward(
  args: LstmForwardArgs,
  x: FloatArray,
  xOffset: number,
  hPrevDropped: Float64Array,
  cPrev: Float64Array,
): Omit<StepRecord, 't' | 'hPrev' | 'cPrev'> & { h: Float64Array } {
  const { inputDim: I, units: U, kernel, recurrentKernel, bias, activation, recurrentActivation } = args;
  const z = new Float64Array(4 * U);
  for (let col = 0; col < 4 * U; col++) {
    let sum = bias ? bias[col]! : 0;
    for (let k = 0; k < I; k++) sum += x[xOffset + k]! * kernel[k * 4 * U + col]!;
    for (let k = 0; k < U; k++) sum += hPrevDropped[k]! * recurrentKernel[k * 4 * U + col]!;
    z[col] = sum;
  }
  const i = new Float64Array(U), f = new Float64Array(U), g = new Float64Array(U), o = new Float64Array(U);
  const c = new Float64Array(U), actC = new Float64Array(U), h = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    i[u] = recurrentActivation.forward(z[u]!);
    f[u] = recurrentActivation.forward(z[U + u]!);
    g[u] = activation.forward(z[2 * U + u]!);
    o[u] = recurrentActivation.forward(z[3 * U + u]!);
    c[u] = f[u]! * cPrev[u]! + i[u]! * g[u]!;
    actC[u] = activation.forward(c[u]!);
    h[u] = o[u]! * actC[u]!;
  }
  return { i, f, g, o, actC, z, c, h };
}

/** Time index of processing step s: goBackwards reads the input from the end. */
export function timeIndex(s: number, T: number, goBackwards: boolean): number {
  return goBackwards ? T - 1 - s : s;
}

/** Forward over the whole sequence. The cache holds one StepRecord list per sample. */
export function lstmForwardReference(args: LstmForwardArgs): LstmForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, x, mask, goBackwards } = args;
  const sequence = new Float64Array(B * T * U); // output in processing order
  const lastOutput = new Float64Array(B * U);
  const hT = new Float64Array(B * U);
  const cT = new Float64Array(B * U);
  const records: (StepRecord | null)[][] = [];
  for (let b = 0; b < B; b++) {
    let h: Float64Array = Float64Array.from({ length: U }, (_, u) => (args.h0 ? args.h0[b * U + u]! : 0));
    let c: Float64Array = Float64Array.from({ length: U }, (_, u) => (args.c0 ? args.c0[b * U + u]! : 0));
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
      const step = cellForward(args, x, (b * T + t) * I, hDropped, c);
      perStep.push({ t, hPrev: h, cPrev: c, i: step.i, f: step.f, g: step.g, o: step.o, actC: step.actC, z: step.z, c: step.c });
      h = step.h;
      c = step.c;
      prevOutput = step.h;
      sequence.set(step.h, (b * T + s) * U);
    }
    lastOutput.set(prevOutput, b * U);
    hT.set(h, b * U);
    cT.set(c, b * U);
    records.push(perStep);
  }
  return { sequence, lastOutput, hT, cT, cache: records };
}

/** Backpropagation through time for {@link lstmForwardReference}. */
export function lstmBackwardReference(args: LstmBackwardArgs): LstmGradients {
  const { forward: fa, cache, dSequence, dLastOutput, dhT, dcT } = args;
  const { batch: B, timesteps: T, inputDim: I, units: U, kernel, recurrentKernel, activation, recurrentActivation } = fa;
  const records = cache as (StepRecord | null)[][];
  const dx = new Float64Array(B * T * I);
  const dKernel = new Float64Array(I * 4 * U);
  const dRecurrentKernel = new Float64Array(U * 4 * U);
  const dBias = new Float64Array(4 * U);
  const dh0 = new Float64Array(B * U);
  const dc0 = new Float64Array(B * U);
  const dz = new Float64Array(4 * U);
  for (let b = 0; b < B; b++) {
    const dh = Float64Array.from({ length: U }, (_, u) => (dhT ? dhT[b * U + u]! : 0));
    const dc = Float64Array.from({ length: U }, (_, u) => (dcT ? dcT[b * U + u]! : 0));
    // Gradient arriving at "the previous output": masked steps and the last output pass theirs
    // back to the most recent real step.
    const dOutCarry = Float64Array.from({ length: U }, (_, u) => (dLastOutput ? dLastOutput[b * U + u]! : 0));
    for (let s = T - 1; s >= 0; s--) {
      const rec = records[b]![s]!;
      if (dSequence && (rec !== null || !fa.zeroOutputForMask)) {
        for (let u = 0; u < U; u++) dOutCarry[u]! += dSequence[(b * T + s) * U + u]!;
      }
      if (rec === null) continue; // states pass through a masked step unchanged
      const xOffset = (b * T + rec.t) * I;
      for (let u = 0; u < U; u++) {
        const dhTotal = dh[u]! + dOutCarry[u]!;
        dOutCarry[u] = 0;
        const dO = dhTotal * rec.actC[u]!;
        const dcTotal = dc[u]! + dhTotal * rec.o[u]! * activation.derivFromInput(rec.c[u]!);
        const dI = dcTotal * rec.g[u]!;
        const dF = dcTotal * rec.cPrev[u]!;
        const dG = dcTotal * rec.i[u]!;
        dz[u] = dI * recurrentActivation.derivFromInput(rec.z[u]!);
        dz[U + u] = dF * recurrentActivation.derivFromInput(rec.z[U + u]!);
        dz[2 * U + u] = dG * activation.derivFromInput(rec.z[2 * U + u]!);
        dz[3 * U + u] = dO * recurrentActivation.derivFromInput(rec.z[3 * U + u]!);
        dc[u] = dcTotal * rec.f[u]!;
      }
      for (let col = 0; col < 4 * U; col++) {
        const d = dz[col]!;
        dBias[col]! += d;
        for (let k = 0; k < I; k++) {
          dKernel[k * 4 * U + col]! += fa.x[xOffset + k]! * d;
          dx[xOffset + k]! += kernel[k * 4 * U + col]! * d;
        }
      }
      for (let k = 0; k < U; k++) {
        const drop = fa.recurrentDropoutMask ? fa.recurrentDropoutMask[b * U + k]! : 1;
        let sum = 0;
        for (let col = 0; col < 4 * U; col++) {
          dRecurrentKernel[k * 4 * U + col]! += rec.hPrev[k]! * drop * dz[col]!;
          sum += recurrentKernel[k * 4 * U + col]! * dz[col]!;
        }
        dh[k] = sum * drop;
      }
    }
    dh0.set(dh, b * U);
    dc0.set(dc, b * U);
  }
  return { dx, dKernel, dRecurrentKernel, dBias, dh0, dc0 };
}
