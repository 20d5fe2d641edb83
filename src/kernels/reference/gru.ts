/**
 * The GRU, written to be read next to the equations (Keras `GRUCell`, gate order z, r, h).
 * With hd = h_{t-1} ⊙ recurrentDropoutMask (just h_{t-1} without recurrent dropout):
 *
 * resetAfter = true (Keras 3 default; bias rows b0 input, b1 recurrent):
 *   mx = x_t · kernel + b0          mi = hd · recurrentKernel + b1
 *   z  = σ(mx_z + mi_z)             r  = σ(mx_r + mi_r)
 *   hh = act(mx_h + r ⊙ mi_h)
 *
 * resetAfter = false (bias b of length 3U):
 *   mx = x_t · kernel + b
 *   z  = σ(mx_z + hd · U_z)         r  = σ(mx_r + hd · U_r)
 *   hh = act(mx_h + (r ⊙ hd) · U_h)
 *
 * both:  h_t = z ⊙ h_{t-1} + (1 − z) ⊙ hh
 *
 * σ is `recurrentActivation` (sigmoid by default), act is `activation` (tanh by default).
 * Column `g*U + u` of kernel / recurrentKernel / each bias row belongs to gate g, unit u.
 *
 * This is the reference kernel: one sample, one step at a time, float64 arithmetic, no
 * tricks: each step keeps its pre-activations and backward takes every slope as f'(pre). The
 * fast kernel (`kernels/fast/gru.ts`) must agree with it; tests check that.
 */
import type { FloatArray } from '../../tensor/tensor.js';
import { gruBiasSize, type GruBackwardArgs, type GruForwardArgs, type GruForwardResult, type GruGradients } from '../gruTypes.js';
import { timeIndex } from './lstm.js';

/** Everything one processed step of one sample needs for its backward pass. */
interface StepRecord {
  t: number; // input time index of this step
  hPrev: Float64Array; // h_{t-1} as carried (no dropout)
  hDropped: Float64Array; // hd, the h_{t-1} that enters the recurrent products
  z: Float64Array;
  r: Float64Array;
  hh: Float64Array;
  /** The pre-activations of z, r and hh. */
  zPre: Float64Array;
  rPre: Float64Array;
  hhPre: Float64Array;
  /** resetAfter: mi_h = hd · U_h + b1_h (what r multiplies). Otherwise r ⊙ hd (what U_h multiplies). */
  resetInput: Float64Array;
}

/** x_t · kernel (+ input bias) for one sample: the 3U input pre-activations. */
function inputProjection(args: GruForwardArgs, xOffset: number): Float64Array {
  const { inputDim: I, units: U, kernel, bias, x } = args;
  const G = 3 * U;
  const mx = new Float64Array(G);
  for (let col = 0; col < G; col++) {
    let sum = bias ? bias[col]! : 0; // row 0 of the [2, 3U] bias, or the [3U] bias
    for (let k = 0; k < I; k++) sum += x[xOffset + k]! * kernel[k * G + col]!;
    mx[col] = sum;
  }
  return mx;
}

/** v · recurrentKernel[:, fromCol..toCol) for one sample. */
function recurrentProduct(args: GruForwardArgs, v: Float64Array, fromCol: number, toCol: number): Float64Array {
  const { units: U, recurrentKernel } = args;
  const G = 3 * U;
  const out = new Float64Array(toCol - fromCol);
  for (let col = fromCol; col < toCol; col++) {
    let sum = 0;
    for (let k = 0; k < U; k++) sum += v[k]! * recurrentKernel[k * G + col]!;
    out[col - fromCol] = sum;
  }
  return out;
}

/** One step of one sample: returns the gate values and the new state. */
function cellForward(
  args: GruForwardArgs,
  xOffset: number,
  hPrev: Float64Array,
  hDropped: Float64Array,
): Omit<StepRecord, 't' | 'hPrev' | 'hDropped'> & { h: Float64Array } {
  const { units: U, bias, activation: act, recurrentActivation: rec, resetAfter } = args;
  const mx = inputProjection(args, xOffset);
  const z = new Float64Array(U), r = new Float64Array(U), hh = new Float64Array(U), h = new Float64Array(U);
  const zPre = new Float64Array(U), rPre = new Float64Array(U), hhPre = new Float64Array(U);
  let resetInput: Float64Array;
  if (resetAfter) {
    const mi = recurrentProduct(args, hDropped, 0, 3 * U);
    if (bias) for (let col = 0; col < 3 * U; col++) mi[col]! += bias[3 * U + col]!;
    resetInput = mi.slice(2 * U);
    for (let u = 0; u < U; u++) {
      zPre[u] = mx[u]! + mi[u]!;
      rPre[u] = mx[U + u]! + mi[U + u]!;
      z[u] = rec.forward(zPre[u]!);
      r[u] = rec.forward(rPre[u]!);
      hhPre[u] = mx[2 * U + u]! + r[u]! * resetInput[u]!;
      hh[u] = act.forward(hhPre[u]!);
    }
  } else {
    const mi = recurrentProduct(args, hDropped, 0, 2 * U);
    for (let u = 0; u < U; u++) {
      zPre[u] = mx[u]! + mi[u]!;
      rPre[u] = mx[U + u]! + mi[U + u]!;
      z[u] = rec.forward(zPre[u]!);
      r[u] = rec.forward(rPre[u]!);
    }
    resetInput = r.map((rv, u) => rv * hDropped[u]!);
    const candidate = recurrentProduct(args, resetInput, 2 * U, 3 * U);
    for (let u = 0; u < U; u++) {
      hhPre[u] = mx[2 * U + u]! + candidate[u]!;
      hh[u] = act.forward(hhPre[u]!);
    }
  }
  for (let u = 0; u < U; u++) h[u] = z[u]! * hPrev[u]! + (1 - z[u]!) * hh[u]!;
  return { z, r, hh, zPre, rPre, hhPre, resetInput, h };
}

/** Forward over the whole sequence. The cache holds one StepRecord list per sample. */
export function gruForwardReference(args: GruForwardArgs): GruForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, mask, goBackwards } = args;
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
      const step = cellForward(args, (b * T + t) * I, h, hDropped);
      perStep.push({
        t, hPrev: h, hDropped, z: step.z, r: step.r, hh: step.hh, zPre: step.zPre, rPre: step.rPre, hhPre: step.hhPre, resetInput: step.resetInput,
      });
      h = step.h;
      prevOutput = step.h;
      sequence.set(step.h, (b * T + s) * U);
    }
    lastOutput.set(prevOutput, b * U);
    hT.set(h, b * U);
    records.push(perStep);
  }
  return { sequence, lastOutput, hT, cache: records };
}

/** Backpropagation through time for {@link gruForwardReference}. */
export function gruBackwardReference(args: GruBackwardArgs): GruGradients {
  const { forward: fa, cache, dSequence, dLastOutput, dhT } = args;
  const { batch: B, timesteps: T, inputDim: I, units: U, kernel, recurrentKernel, activation: act, recurrentActivation: rec, resetAfter } = fa;
  const G = 3 * U;
  const records = cache as (StepRecord | null)[][];
  const dx = new Float64Array(B * T * I);
  const dKernel = new Float64Array(I * G);
  const dRecurrentKernel = new Float64Array(U * G);
  const dBias = new Float64Array(gruBiasSize(U, resetAfter));
  const dh0 = new Float64Array(B * U);
  const dmx = new Float64Array(G); // d(loss)/d(input pre-activations) [z, r, h]
  const dmi = new Float64Array(G); // d(loss)/d(recurrent products) [z, r, h]
  const dResetInput = new Float64Array(U);
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
      const dhPrev = new Float64Array(U);
      for (let u = 0; u < U; u++) {
        const dhTotal = dh[u]! + dOutCarry[u]!;
        dOutCarry[u] = 0;
        const z = step.z[u]!, hh = step.hh[u]!;
        dhPrev[u] = dhTotal * z; // through z ⊙ h_{t-1}
        const dz = dhTotal * (step.hPrev[u]! - hh);
        const dCandidatePre = dhTotal * (1 - z) * act.derivFromInput(step.hhPre[u]!);
        dmx[u] = dz * rec.derivFromInput(step.zPre[u]!);
        dmx[2 * U + u] = dCandidatePre;
        dmi[u] = dmx[u]!;
        if (resetAfter) {
          // hh = act(mx_h + r ⊙ mi_h)
          const dr = dCandidatePre * step.resetInput[u]!;
          dmx[U + u] = dr * rec.derivFromInput(step.rPre[u]!);
          dmi[U + u] = dmx[U + u]!;
          dmi[2 * U + u] = dCandidatePre * step.r[u]!;
        }
      }
      if (!resetAfter) {
        // hh = act(mx_h + (r ⊙ hd) · U_h): first the gradient of r ⊙ hd, then r's.
        for (let k = 0; k < U; k++) {
          let sum = 0;
          for (let u = 0; u < U; u++) sum += recurrentKernel[k * G + 2 * U + u]! * dmx[2 * U + u]!;
          dResetInput[k] = sum;
        }
        for (let u = 0; u < U; u++) {
          dmx[U + u] = dResetInput[u]! * step.hDropped[u]! * rec.derivFromInput(step.rPre[u]!);
          dmi[U + u] = dmx[U + u]!;
        }
      }
      // Input side: mx = x · kernel + input bias.
      for (let col = 0; col < G; col++) {
        const d = dmx[col]!;
        dBias[col]! += d;
        for (let k = 0; k < I; k++) {
          dKernel[k * G + col]! += fa.x[xOffset + k]! * d;
          dx[xOffset + k]! += kernel[k * G + col]! * d;
        }
      }
      // Recurrent side. resetAfter: mi = hd · U (+ b1) over all 3U columns. Otherwise z and r
      // columns multiply hd, the h columns multiply r ⊙ hd.
      const dhd = new Float64Array(U);
      const recurrentCols = resetAfter ? G : 2 * U;
      for (let k = 0; k < U; k++) {
        let sum = 0;
        for (let col = 0; col < recurrentCols; col++) {
          dRecurrentKernel[k * G + col]! += step.hDropped[k]! * dmi[col]!;
          sum += recurrentKernel[k * G + col]! * dmi[col]!;
        }
        dhd[k] = sum;
      }
      if (resetAfter) {
        for (let col = 0; col < G; col++) dBias[G + col]! += dmi[col]!;
      } else {
        for (let k = 0; k < U; k++) {
          for (let u = 0; u < U; u++) dRecurrentKernel[k * G + 2 * U + u]! += step.resetInput[k]! * dmx[2 * U + u]!;
          dhd[k]! += dResetInput[k]! * step.r[k]!;
        }
      }
      for (let k = 0; k < U; k++) {
        const drop = fa.recurrentDropoutMask ? fa.recurrentDropoutMask[b * U + k]! : 1;
        dh[k] = dhPrev[k]! + dhd[k]! * drop;
      }
    }
    dh0.set(dh, b * U);
  }
  return { dx, dKernel, dRecurrentKernel, dBias, dh0 };
}
