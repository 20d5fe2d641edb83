/**
 * The fast SimpleRNN kernel: same math as `kernels/reference/simpleRnn.ts`, organised for speed.
 *
 * - The input projection of every timestep (plus bias) is one large matrix product before the loop.
 * - Each step adds one recurrent product `[B, U] x [U, U]` into that buffer and then applies
 *   the activation in place.
 * - Backward gathers the pre-activation gradients of all steps and computes the weight
 *   gradients in a few large products after the loop. Nothing is allocated inside the time loop.
 *
 * Internally everything is time-major (`[T, B, ...]`) so one step's rows are contiguous.
 */
import { allocate, type FloatArray } from '../../tensor/tensor.js';
import { derivFromKept, keptValue } from '../../ops/activations.js';
import { gemm } from '../gemm.js';
import type {
  SimpleRnnBackwardArgs,
  SimpleRnnForwardArgs,
  SimpleRnnForwardResult,
  SimpleRnnGradients,
} from '../simpleRnnTypes.js';

interface FastSimpleRnnCache {
  /** Time-major input `[T, B, I]`. */
  xTime: FloatArray;
  /**
   * h_t `[T, B, U]` by input time, as `keptValue` keeps it (the pre-activation for swish and
   * gelu); rows of masked steps hold unused values.
   */
  out: FloatArray;
  /** h_{t-1} after recurrent dropout, `[T, B, U]` by input time. */
  hPrevDropped: FloatArray;
}

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

export function simpleRnnForwardFast(args: SimpleRnnForwardArgs): SimpleRnnForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, x, kernel, recurrentKernel, bias, mask, goBackwards } = args;
  const dtype = x instanceof Float64Array ? 'float64' : 'float32';
  const xTime = allocate(dtype, T * B * I);
  swapLeadingAxes(x, B, T, I, xTime);
  // Pre-activations for all steps at once: [T*B, I] x [I, U] + bias.
  const pre = allocate(dtype, T * B * U);
  gemm(false, false, T * B, U, I, xTime, 0, kernel, 0, pre, 0, false);
  if (bias) {
    for (let row = 0; row < T * B; row++) {
      const o = row * U;
      for (let u = 0; u < U; u++) pre[o + u]! += bias[u]!;
    }
  }
  const h = allocate(dtype, B * U);
  if (args.h0) h.set(args.h0);
  const rdm = args.recurrentDropoutMask;
  const hDropped = allocate(dtype, B * U);
  const prevOutput = allocate(dtype, B * U);
  const sequence = args.needSequence === false ? null : allocate(dtype, B * T * U);
  const keep = args.needsBackward;
  const hPrevDropped = keep ? allocate(dtype, T * B * U) : null;
  const act = args.activation;
  const isTanh = act.name === 'tanh';

  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const off = t * B * U;
    const hIn = rdm ? hDropped : h;
    if (rdm) for (let k = 0; k < B * U; k++) hDropped[k] = h[k]! * rdm[k]!;
    gemm(false, false, B, U, U, hIn, 0, recurrentKernel, 0, pre, off, true);
    // Saved before the row loop below overwrites h with h_t.
    if (keep) hPrevDropped!.set(hIn, off);
    for (let b = 0; b < B; b++) {
      const outOff = (b * T + s) * U;
      if (mask && mask[b * T + t] === 0) {
        // Masked step: state carried; output repeats the previous output (or zeros).
        if (sequence && !args.zeroOutputForMask) for (let u = 0; u < U; u++) sequence[outOff + u] = prevOutput[b * U + u]!;
        continue;
      }
      const row = off + b * U;
      const st = b * U;
      for (let u = 0; u < U; u++) {
        const v = pre[row + u]!;
        const hNew = isTanh ? Math.tanh(v) : act.forward(v);
        pre[row + u] = isTanh ? hNew : keptValue(act, v, hNew);
        h[st + u] = hNew;
        prevOutput[st + u] = hNew;
        if (sequence) sequence[outOff + u] = hNew;
      }
    }
  }
  const cache: FastSimpleRnnCache | null = keep ? { xTime, out: pre, hPrevDropped: hPrevDropped! } : null;
  return { sequence, lastOutput: prevOutput, hT: h, cache };
}

export function simpleRnnBackwardFast(args: SimpleRnnBackwardArgs): SimpleRnnGradients {
  const fa = args.forward;
  const { batch: B, timesteps: T, inputDim: I, units: U, kernel, recurrentKernel, mask, goBackwards } = fa;
  const cache = args.cache as FastSimpleRnnCache;
  const dtype = fa.x instanceof Float64Array ? 'float64' : 'float32';
  const dPre = allocate(dtype, T * B * U);
  const dh = allocate(dtype, B * U);
  const carry = allocate(dtype, B * U);
  const dhPrev = allocate(dtype, B * U);
  if (args.dhT) dh.set(args.dhT);
  if (args.dLastOutput) carry.set(args.dLastOutput);
  const rdm = fa.recurrentDropoutMask;
  const act = fa.activation;
  const isTanh = act.name === 'tanh';
  const out = cache.out;
  const dSeq = args.dSequence;

  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const off = t * B * U;
    let anyReal = false;
    for (let b = 0; b < B; b++) {
      const real = !mask || mask[b * T + t] !== 0;
      const st = b * U;
      if (dSeq && (real || !fa.zeroOutputForMask)) {
        const outOff = (b * T + s) * U;
        for (let u = 0; u < U; u++) carry[st + u]! += dSeq[outOff + u]!;
      }
      if (!real) continue; // dPre row stays zero; dh passes through
      anyReal = true;
      const row = off + st;
      for (let u = 0; u < U; u++) {
        const y = out[row + u]!;
        dPre[row + u] = (dh[st + u]! + carry[st + u]!) * (isTanh ? 1 - y * y : derivFromKept(act, y));
        carry[st + u] = 0;
      }
    }
    if (!anyReal) continue;
    // dh_{t-1} = dPre_t · recurrentKernelᵀ (then through the dropout mask); masked rows keep dh.
    gemm(false, true, B, U, U, dPre, off, recurrentKernel, 0, dhPrev, 0, false);
    for (let b = 0; b < B; b++) {
      if (mask && mask[b * T + t] === 0) continue;
      for (let u = 0; u < U; u++) {
        const k = b * U + u;
        dh[k] = rdm ? dhPrev[k]! * rdm[k]! : dhPrev[k]!;
      }
    }
  }
  // Weight and input gradients for all steps at once.
  const dKernel = allocate(dtype, I * U);
  gemm(true, false, I, U, T * B, cache.xTime, 0, dPre, 0, dKernel, 0, false);
  const dRecurrentKernel = allocate(dtype, U * U);
  gemm(true, false, U, U, T * B, cache.hPrevDropped, 0, dPre, 0, dRecurrentKernel, 0, false);
  const dxTime = allocate(dtype, T * B * I);
  gemm(false, true, T * B, I, U, dPre, 0, kernel, 0, dxTime, 0, false);
  const dx = allocate(dtype, B * T * I);
  swapLeadingAxes(dxTime, T, B, I, dx);
  const dBias = allocate(dtype, U);
  for (let row = 0; row < T * B; row++) {
    const o = row * U;
    for (let u = 0; u < U; u++) dBias[u]! += dPre[o + u]!;
  }
  return { dx, dKernel, dRecurrentKernel, dBias, dh0: dh };
}
