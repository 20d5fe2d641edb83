/**
 * The fast LSTM kernel: same math as `kernels/reference/lstm.ts`, organised for speed.
 *
 * - The input projection of every timestep is one large matrix product before the loop.
 * - Each step adds one recurrent product `[B, U] x [U, 4U]` into that buffer and then one fused
 *   pass turns the pre-activations into gates, cell and hidden state in place.
 * - Backward gathers the gate gradients of all steps and computes the weight gradients in a few
 *   large products after the loop. Nothing is allocated inside the time loop.
 *
 * Internally everything is time-major (`[T, B, ...]`) so one step's rows are contiguous.
 */
import { allocate, type FloatArray } from '../../tensor/tensor.js';
import { type ScalarActivation, derivFromKept, keptValue, valueFromKept } from '../../ops/activations.js';
import { gemm } from './gemm.js';
import type { LstmBackwardArgs, LstmForwardArgs, LstmForwardResult, LstmGradients } from '../lstmTypes.js';

interface FastLstmCache {
  /** Time-major input `[T, B, I]`. */
  xTime: FloatArray;
  /**
   * Gate activations `[T, B, 4U]` indexed by input time: i, f, c̃, o, each as `keptValue`
   * keeps it (the pre-activation for swish and gelu).
   */
  gates: FloatArray;
  /** c_{t-1} and act(c_t) (kept as `keptValue` keeps it: c_t for swish and gelu), `[T, B, U]` by input time. */
  cPrev: FloatArray;
  actC: FloatArray;
  /** h_{t-1} after recurrent dropout, `[T, B, U]` by input time. */
  hPrevDropped: FloatArray;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Batch-major `[B, T, F]` to time-major `[T, B, F]` (or back, with B and T swapped). */
function swapLeadingAxes(src: FloatArray, A: number, Bn: number, F: number, dst: FloatArray): void {
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < Bn; b++) {
      const from = (a * Bn + b) * F;
      const to = (b * A + a) * F;
      for (let f = 0; f < F; f++) dst[to + f] = src[from + f]!;
    }
  }
}

function isDefaultPair(act: ScalarActivation, rec: ScalarActivation): boolean {
  return act.name === 'tanh' && rec.name === 'sigmoid';
}

export function lstmForwardFast(args: LstmForwardArgs): LstmForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, x, kernel, recurrentKernel, bias, mask, goBackwards } = args;
  const G = 4 * U;
  const dtype = x instanceof Float64Array ? 'float64' : 'float32';
  const xTime = allocate(dtype, T * B * I);
  swapLeadingAxes(x, B, T, I, xTime);
  // z for all steps at once: [T*B, I] x [I, 4U].
  const gates = allocate(dtype, T * B * G);
  gemm(false, false, T * B, G, I, xTime, 0, kernel, 0, gates, 0, false);
  if (bias) {
    for (let r = 0; r < T * B; r++) {
      const o = r * G;
      for (let col = 0; col < G; col++) gates[o + col]! += bias[col]!;
    }
  }
  const h = allocate(dtype, B * U);
  const c = allocate(dtype, B * U);
  if (args.h0) h.set(args.h0);
  if (args.c0) c.set(args.c0);
  const hDropped = allocate(dtype, B * U);
  const prevOutput = allocate(dtype, B * U);
  const sequence = args.needSequence === false ? null : allocate(dtype, B * T * U);
  const keep = args.needsBackward;
  const cPrev = keep ? allocate(dtype, T * B * U) : null;
  const actC = keep ? allocate(dtype, T * B * U) : null;
  const hPrevDropped = keep ? allocate(dtype, T * B * U) : null;
  const rdm = args.recurrentDropoutMask;
  const fastPath = isDefaultPair(args.activation, args.recurrentActivation);
  const act = args.activation;
  const rec = args.recurrentActivation;

  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const zOff = t * B * G;
    const hIn = rdm ? hDropped : h;
    if (rdm) for (let k = 0; k < B * U; k++) hDropped[k] = h[k]! * rdm[k]!;
    gemm(false, false, B, G, U, hIn, 0, recurrentKernel, 0, gates, zOff, true);
    if (keep) {
      hPrevDropped!.set(hIn, t * B * U);
      cPrev!.set(c, t * B * U);
    }
    for (let b = 0; b < B; b++) {
      const outOff = (b * T + s) * U;
      if (mask && mask[b * T + t] === 0) {
        // Masked step: states carried; output repeats the previous output (or zeros).
        if (sequence && !args.zeroOutputForMask) for (let u = 0; u < U; u++) sequence[outOff + u] = prevOutput[b * U + u]!;
        continue;
      }
      const row = zOff + b * G;
      const st = b * U;
      const sv = t * B * U + b * U;
      for (let u = 0; u < U; u++) {
        const zi = gates[row + u]!, zf = gates[row + U + u]!, zg = gates[row + 2 * U + u]!, zo = gates[row + 3 * U + u]!;
        let ig: number, fg: number, gg: number, og: number;
        if (fastPath) {
          ig = sigmoid(zi);
          fg = sigmoid(zf);
          gg = Math.tanh(zg);
          og = sigmoid(zo);
          gates[row + u] = ig;
          gates[row + U + u] = fg;
          gates[row + 2 * U + u] = gg;
          gates[row + 3 * U + u] = og;
        } else {
          ig = rec.forward(zi);
          fg = rec.forward(zf);
          gg = act.forward(zg);
          og = rec.forward(zo);
          gates[row + u] = keptValue(rec, zi, ig);
          gates[row + U + u] = keptValue(rec, zf, fg);
          gates[row + 2 * U + u] = keptValue(act, zg, gg);
          gates[row + 3 * U + u] = keptValue(rec, zo, og);
        }
        const cNew = fg * c[st + u]! + ig * gg;
        c[st + u] = cNew;
        const ac = fastPath ? Math.tanh(cNew) : act.forward(cNew);
        if (keep) actC![sv + u] = fastPath ? ac : keptValue(act, cNew, ac);
        const hNew = og * ac;
        h[st + u] = hNew;
        prevOutput[st + u] = hNew;
        if (sequence) sequence[outOff + u] = hNew;
      }
    }
  }
  const cache: FastLstmCache | null = keep
    ? { xTime, gates, cPrev: cPrev!, actC: actC!, hPrevDropped: hPrevDropped! }
    : null;
  return { sequence, lastOutput: prevOutput, hT: h, cT: c, cache };
}

export function lstmBackwardFast(args: LstmBackwardArgs): LstmGradients {
  const fa = args.forward;
  const { batch: B, timesteps: T, inputDim: I, units: U, kernel, recurrentKernel, mask, goBackwards } = fa;
  const G = 4 * U;
  const cache = args.cache as FastLstmCache;
  const dtype = fa.x instanceof Float64Array ? 'float64' : 'float32';
  const dGates = allocate(dtype, T * B * G);
  const dh = allocate(dtype, B * U);
  const dc = allocate(dtype, B * U);
  const carry = allocate(dtype, B * U);
  const dhPrev = allocate(dtype, B * U);
  if (args.dhT) dh.set(args.dhT);
  if (args.dcT) dc.set(args.dcT);
  if (args.dLastOutput) carry.set(args.dLastOutput);
  const rdm = fa.recurrentDropoutMask;
  const fastPath = isDefaultPair(fa.activation, fa.recurrentActivation);
  const act = fa.activation;
  const rec = fa.recurrentActivation;
  const { gates, cPrev, actC } = cache;
  const dSeq = args.dSequence;

  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const zOff = t * B * G;
    let anyReal = false;
    for (let b = 0; b < B; b++) {
      const real = !mask || mask[b * T + t] !== 0;
      const st = b * U;
      if (dSeq && (real || !fa.zeroOutputForMask)) {
        const outOff = (b * T + s) * U;
        for (let u = 0; u < U; u++) carry[st + u]! += dSeq[outOff + u]!;
      }
      if (!real) continue; // dGates row stays zero; dh, dc pass through
      anyReal = true;
      const row = zOff + b * G;
      const sv = t * B * U + st;
      for (let u = 0; u < U; u++) {
        const dhTotal = dh[st + u]! + carry[st + u]!;
        carry[st + u] = 0;
        let dcTotal: number, fg: number;
        if (fastPath) {
          const ig = gates[row + u]!, gg = gates[row + 2 * U + u]!, og = gates[row + 3 * U + u]!;
          const ac = actC[sv + u]!;
          fg = gates[row + U + u]!;
          dcTotal = dc[st + u]! + dhTotal * og * (1 - ac * ac);
          dGates[row + u] = dcTotal * gg * ig * (1 - ig);
          dGates[row + U + u] = dcTotal * cPrev[sv + u]! * fg * (1 - fg);
          dGates[row + 2 * U + u] = dcTotal * ig * (1 - gg * gg);
          dGates[row + 3 * U + u] = dhTotal * ac * og * (1 - og);
        } else {
          const ki = gates[row + u]!, kf = gates[row + U + u]!, kg = gates[row + 2 * U + u]!, ko = gates[row + 3 * U + u]!;
          const kc = actC[sv + u]!;
          const ig = valueFromKept(rec, ki), gg = valueFromKept(act, kg), og = valueFromKept(rec, ko), ac = valueFromKept(act, kc);
          fg = valueFromKept(rec, kf);
          dcTotal = dc[st + u]! + dhTotal * og * derivFromKept(act, kc);
          dGates[row + u] = dcTotal * gg * derivFromKept(rec, ki);
          dGates[row + U + u] = dcTotal * cPrev[sv + u]! * derivFromKept(rec, kf);
          dGates[row + 2 * U + u] = dcTotal * ig * derivFromKept(act, kg);
          dGates[row + 3 * U + u] = dhTotal * ac * derivFromKept(rec, ko);
        }
        dc[st + u] = dcTotal * fg;
      }
    }
    if (!anyReal) continue;
    // dh_{t-1} = dz_t · recurrentKernelᵀ (then through the dropout mask); masked rows keep dh.
    gemm(false, true, B, U, G, dGates, zOff, recurrentKernel, 0, dhPrev, 0, false);
    for (let b = 0; b < B; b++) {
      if (mask && mask[b * T + t] === 0) continue;
      for (let u = 0; u < U; u++) {
        const k = b * U + u;
        dh[k] = rdm ? dhPrev[k]! * rdm[k]! : dhPrev[k]!;
      }
    }
  }
  // Weight and input gradients for all steps at once.
  const dKernel = allocate(dtype, I * G);
  gemm(true, false, I, G, T * B, cache.xTime, 0, dGates, 0, dKernel, 0, false);
  const dRecurrentKernel = allocate(dtype, U * G);
  gemm(true, false, U, G, T * B, cache.hPrevDropped, 0, dGates, 0, dRecurrentKernel, 0, false);
  const dxTime = allocate(dtype, T * B * I);
  gemm(false, true, T * B, I, G, dGates, 0, kernel, 0, dxTime, 0, false);
  const dx = allocate(dtype, B * T * I);
  swapLeadingAxes(dxTime, T, B, I, dx);
  const dBias = allocate(dtype, G);
  for (let r = 0; r < T * B; r++) {
    const o = r * G;
    for (let col = 0; col < G; col++) dBias[col]! += dGates[o + col]!;
  }
  return { dx, dKernel, dRecurrentKernel, dBias, dh0: dh, dc0: dc };
}
