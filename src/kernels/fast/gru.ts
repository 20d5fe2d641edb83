/**
 * The fast GRU kernel: same math as `kernels/reference/gru.ts`, organised for speed.
 *
 * - The input projection of every timestep (plus the input bias) is one large matrix product
 *   before the loop.
 * - resetAfter: each step runs one recurrent product `[B, U] x [U, 3U]` (plus the recurrent
 *   bias) into a scratch buffer, then one fused pass computes z, r, hh and h.
 *   Without resetAfter the candidate needs `(r ⊙ h) · U_h` once r is known: a `[B, U] x [U, 2U]`
 *   product for z and r, then a `[B, U] x [U, U]` product for the candidate.
 * - Backward gathers the pre-activation gradients of all steps and computes the weight
 *   gradients in a few large products after the loop. Nothing is allocated inside the time loop.
 *
 * Internally everything is time-major (`[T, B, ...]`) so one step's rows are contiguous.
 */
import { allocate, type DType, type FloatArray } from '../../tensor/tensor.js';
import { type ScalarActivation, derivFromKept, keptValue, valueFromKept } from '../../ops/activations.js';
import { gemm } from '../gemm.js';
import { gruBiasSize, type GruBackwardArgs, type GruForwardArgs, type GruForwardResult, type GruGradients } from '../gruTypes.js';

interface FastGruCache {
  /** Time-major input `[T, B, I]`. */
  xTime: FloatArray;
  /**
   * Gate values `[T, B, 3U]` by input time: z, r, hh (activated), each as `keptValue` keeps
   * it (the pre-activation for swish and gelu).
   */
  gates: FloatArray;
  /** h_{t-1} as carried, `[T, B, U]` by input time. */
  hPrev: FloatArray;
  /** h_{t-1} after recurrent dropout (the same array as hPrev without dropout). */
  hPrevDropped: FloatArray;
  /** resetAfter: mi_h = hd·U_h + b1_h. Otherwise r ⊙ hd. `[T, B, U]` by input time. */
  resetInput: FloatArray;
  /** Without resetAfter: contiguous copies of the z|r and h column blocks of the recurrent kernel. */
  split: RecurrentKernelSplit | null;
}

/** The recurrent kernel `[U, 3U]` cut into its z|r block `[U, 2U]` and its h block `[U, U]`. */
interface RecurrentKernelSplit {
  zr: FloatArray;
  h: FloatArray;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
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

function isDefaultPair(act: ScalarActivation, rec: ScalarActivation): boolean {
  return act.name === 'tanh' && rec.name === 'sigmoid';
}

/** gemm has no leading-dimension argument, so column blocks are copied out once per call. */
function splitRecurrentKernel(recurrentKernel: FloatArray, U: number): RecurrentKernelSplit {
  const dtype = dtypeOf(recurrentKernel);
  const zr = allocate(dtype, U * 2 * U);
  const h = allocate(dtype, U * U);
  for (let k = 0; k < U; k++) {
    zr.set(recurrentKernel.subarray(k * 3 * U, k * 3 * U + 2 * U), k * 2 * U);
    h.set(recurrentKernel.subarray(k * 3 * U + 2 * U, (k + 1) * 3 * U), k * U);
  }
  return { zr, h };
}

export function gruForwardFast(args: GruForwardArgs): GruForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, x, kernel, recurrentKernel, bias, mask, goBackwards, resetAfter } = args;
  const G = 3 * U;
  const dtype = dtypeOf(x);
  const xTime = allocate(dtype, T * B * I);
  swapLeadingAxes(x, B, T, I, xTime);
  // mx for all steps at once: [T*B, I] x [I, 3U], plus the input bias (row 0 of a [2, 3U] bias).
  const gates = allocate(dtype, T * B * G);
  gemm(false, false, T * B, G, I, xTime, 0, kernel, 0, gates, 0, false);
  if (bias) {
    for (let row = 0; row < T * B; row++) {
      const o = row * G;
      for (let col = 0; col < G; col++) gates[o + col]! += bias[col]!;
    }
  }
  const h = allocate(dtype, B * U);
  if (args.h0) h.set(args.h0);
  const rdm = args.recurrentDropoutMask;
  const hDropped = rdm ? allocate(dtype, B * U) : h;
  const prevOutput = allocate(dtype, B * U);
  const sequence = args.needSequence === false ? null : allocate(dtype, B * T * U);
  const keep = args.needsBackward;
  const hPrevAll = keep ? allocate(dtype, T * B * U) : null;
  const hDroppedAll = keep ? (rdm ? allocate(dtype, T * B * U) : hPrevAll) : null;
  const resetInputAll = keep ? allocate(dtype, T * B * U) : null;
  // Per-step scratch: resetAfter the recurrent product [B, 3U]; otherwise the z|r product
  // [B, 2U], r ⊙ hd [B, U] and the candidate product [B, U].
  const inner = allocate(dtype, B * (resetAfter ? G : 2 * U));
  const resetHd = resetAfter ? null : allocate(dtype, B * U);
  const candidate = resetAfter ? null : allocate(dtype, B * U);
  const split = resetAfter ? null : splitRecurrentKernel(recurrentKernel, U);
  const fastPath = isDefaultPair(args.activation, args.recurrentActivation);
  const act = args.activation;
  const rec = args.recurrentActivation;

  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const zOff = t * B * G;
    const sv0 = t * B * U;
    if (rdm) for (let k = 0; k < B * U; k++) hDropped[k] = h[k]! * rdm[k]!;
    if (keep) {
      hPrevAll!.set(h, sv0);
      if (rdm) hDroppedAll!.set(hDropped, sv0);
    }
    if (resetAfter) {
      gemm(false, false, B, G, U, hDropped, 0, recurrentKernel, 0, inner, 0, false);
      if (bias) {
        for (let b = 0; b < B; b++) {
          for (let col = 0; col < G; col++) inner[b * G + col]! += bias[G + col]!;
        }
      }
    } else {
      gemm(false, false, B, 2 * U, U, hDropped, 0, split!.zr, 0, inner, 0, false);
    }
    const innerStride = resetAfter ? G : 2 * U;
    // z and r for every row (masked rows too: their values are never used).
    for (let b = 0; b < B; b++) {
      const row = zOff + b * G;
      const ir = b * innerStride;
      for (let u = 0; u < U; u++) {
        const zPre = gates[row + u]! + inner[ir + u]!;
        const rPre = gates[row + U + u]! + inner[ir + U + u]!;
        const zg = fastPath ? sigmoid(zPre) : rec.forward(zPre);
        const rg = fastPath ? sigmoid(rPre) : rec.forward(rPre);
        // The candidate pass below reads these back through valueFromKept.
        gates[row + u] = fastPath ? zg : keptValue(rec, zPre, zg);
        gates[row + U + u] = fastPath ? rg : keptValue(rec, rPre, rg);
        if (resetAfter) {
          if (keep) resetInputAll![sv0 + b * U + u] = inner[ir + 2 * U + u]!;
        } else {
          const v = rg * hDropped[b * U + u]!;
          resetHd![b * U + u] = v;
          if (keep) resetInputAll![sv0 + b * U + u] = v;
        }
      }
    }
    if (!resetAfter) gemm(false, false, B, U, U, resetHd!, 0, split!.h, 0, candidate!, 0, false);
    for (let b = 0; b < B; b++) {
      const outOff = (b * T + s) * U;
      if (mask && mask[b * T + t] === 0) {
        // Masked step: state carried; output repeats the previous output (or zeros).
        if (sequence && !args.zeroOutputForMask) for (let u = 0; u < U; u++) sequence[outOff + u] = prevOutput[b * U + u]!;
        continue;
      }
      const row = zOff + b * G;
      const st = b * U;
      for (let u = 0; u < U; u++) {
        const zg = fastPath ? gates[row + u]! : valueFromKept(rec, gates[row + u]!);
        const rg = fastPath ? gates[row + U + u]! : valueFromKept(rec, gates[row + U + u]!);
        const pre = resetAfter
          ? gates[row + 2 * U + u]! + rg * inner[b * G + 2 * U + u]!
          : gates[row + 2 * U + u]! + candidate![st + u]!;
        const hh = fastPath ? Math.tanh(pre) : act.forward(pre);
        gates[row + 2 * U + u] = fastPath ? hh : keptValue(act, pre, hh);
        const hNew = zg * h[st + u]! + (1 - zg) * hh;
        h[st + u] = hNew;
        prevOutput[st + u] = hNew;
        if (sequence) sequence[outOff + u] = hNew;
      }
    }
  }
  const cache: FastGruCache | null = keep
    ? { xTime, gates, hPrev: hPrevAll!, hPrevDropped: hDroppedAll!, resetInput: resetInputAll!, split }
    : null;
  return { sequence, lastOutput: prevOutput, hT: h, cache };
}

export function gruBackwardFast(args: GruBackwardArgs): GruGradients {
  const fa = args.forward;
  const { batch: B, timesteps: T, inputDim: I, units: U, kernel, recurrentKernel, mask, goBackwards, resetAfter } = fa;
  const G = 3 * U;
  const cache = args.cache as FastGruCache;
  const dtype = dtypeOf(fa.x);
  // dGates: gradient of the input pre-activations mx, [T, B, 3U] by input time.
  const dGates = allocate(dtype, T * B * G);
  // resetAfter: gradient of the recurrent products mi [T, B, 3U]. Otherwise the z|r part
  // [T, B, 2U] (the h part is dGates's h columns, kept contiguous in dCandidate [T, B, U]).
  const dInner = allocate(dtype, T * B * (resetAfter ? G : 2 * U));
  const dCandidate = resetAfter ? null : allocate(dtype, T * B * U);
  const dResetHd = resetAfter ? null : allocate(dtype, B * U);
  const dh = allocate(dtype, B * U);
  const dhDirect = allocate(dtype, B * U);
  const carry = allocate(dtype, B * U);
  const dhd = allocate(dtype, B * U);
  if (args.dhT) dh.set(args.dhT);
  if (args.dLastOutput) carry.set(args.dLastOutput);
  const rdm = fa.recurrentDropoutMask;
  const fastPath = isDefaultPair(fa.activation, fa.recurrentActivation);
  const act = fa.activation;
  const rec = fa.recurrentActivation;
  const { gates, hPrev, hPrevDropped, resetInput } = cache;
  const split = cache.split;
  const dSeq = args.dSequence;
  const innerStride = resetAfter ? G : 2 * U;

  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const zOff = t * B * G;
    const iOff = t * B * innerStride;
    const sv0 = t * B * U;
    let anyReal = false;
    for (let b = 0; b < B; b++) {
      const real = !mask || mask[b * T + t] !== 0;
      const st = b * U;
      if (dSeq && (real || !fa.zeroOutputForMask)) {
        const outOff = (b * T + s) * U;
        for (let u = 0; u < U; u++) carry[st + u]! += dSeq[outOff + u]!;
      }
      if (!real) continue; // gradient rows stay zero; dh passes through
      anyReal = true;
      const row = zOff + b * G;
      const ir = iOff + b * innerStride;
      const sv = sv0 + st;
      for (let u = 0; u < U; u++) {
        const kz = gates[row + u]!, kr = gates[row + U + u]!, kh = gates[row + 2 * U + u]!;
        const zg = fastPath ? kz : valueFromKept(rec, kz), rg = fastPath ? kr : valueFromKept(rec, kr);
        const hh = fastPath ? kh : valueFromKept(act, kh);
        const dhTotal = dh[st + u]! + carry[st + u]!;
        carry[st + u] = 0;
        dhDirect[st + u] = dhTotal * zg;
        const dz = dhTotal * (hPrev[sv + u]! - hh);
        const dPre = dhTotal * (1 - zg) * (fastPath ? 1 - hh * hh : derivFromKept(act, kh));
        const dzPre = dz * (fastPath ? zg * (1 - zg) : derivFromKept(rec, kz));
        dGates[row + u] = dzPre;
        dGates[row + 2 * U + u] = dPre;
        dInner[ir + u] = dzPre;
        if (resetAfter) {
          const drPre = dPre * resetInput[sv + u]! * (fastPath ? rg * (1 - rg) : derivFromKept(rec, kr));
          dGates[row + U + u] = drPre;
          dInner[ir + U + u] = drPre;
          dInner[ir + 2 * U + u] = dPre * rg;
        } else {
          dCandidate![sv + u] = dPre;
        }
      }
    }
    if (!anyReal) continue;
    if (resetAfter) {
      // d hd = dmi · recurrentKernelᵀ.
      gemm(false, true, B, U, G, dInner, iOff, recurrentKernel, 0, dhd, 0, false);
    } else {
      // d(r ⊙ hd) = dCandidate · U_hᵀ, then r's gradient, then d hd from both products.
      gemm(false, true, B, U, U, dCandidate!, sv0, split!.h, 0, dResetHd!, 0, false);
      for (let b = 0; b < B; b++) {
        if (mask && mask[b * T + t] === 0) continue;
        const row = zOff + b * G;
        const ir = iOff + b * innerStride;
        const sv = sv0 + b * U;
        for (let u = 0; u < U; u++) {
          const kr = gates[row + U + u]!;
          const rg = fastPath ? kr : valueFromKept(rec, kr);
          const drPre = dResetHd![b * U + u]! * hPrevDropped[sv + u]! * (fastPath ? rg * (1 - rg) : derivFromKept(rec, kr));
          dGates[row + U + u] = drPre;
          dInner[ir + U + u] = drPre;
          dResetHd![b * U + u]! *= rg; // now the hd part through r ⊙ hd
        }
      }
      dhd.set(dResetHd!);
      gemm(false, true, B, U, 2 * U, dInner, iOff, split!.zr, 0, dhd, 0, true);
    }
    // Real rows: dh_{t-1} = z ⊙ dh + (d hd) ⊙ dropout mask. Masked rows keep dh.
    for (let b = 0; b < B; b++) {
      if (mask && mask[b * T + t] === 0) continue;
      for (let u = 0; u < U; u++) {
        const k = b * U + u;
        dh[k] = dhDirect[k]! + (rdm ? dhd[k]! * rdm[k]! : dhd[k]!);
      }
    }
  }
  // Weight and input gradients for all steps at once.
  const dKernel = allocate(dtype, I * G);
  gemm(true, false, I, G, T * B, cache.xTime, 0, dGates, 0, dKernel, 0, false);
  const dxTime = allocate(dtype, T * B * I);
  gemm(false, true, T * B, I, G, dGates, 0, kernel, 0, dxTime, 0, false);
  const dx = allocate(dtype, B * T * I);
  swapLeadingAxes(dxTime, T, B, I, dx);
  const dBias = allocate(dtype, gruBiasSize(U, resetAfter));
  for (let row = 0; row < T * B; row++) {
    const o = row * G;
    for (let col = 0; col < G; col++) dBias[col]! += dGates[o + col]!;
  }
  const dRecurrentKernel = allocate(dtype, U * G);
  if (resetAfter) {
    gemm(true, false, U, G, T * B, hPrevDropped, 0, dInner, 0, dRecurrentKernel, 0, false);
    for (let row = 0; row < T * B; row++) {
      const o = row * G;
      for (let col = 0; col < G; col++) dBias[G + col]! += dInner[o + col]!;
    }
  } else {
    // The z|r columns multiply hd, the h columns multiply r ⊙ hd: two products, interleaved back.
    const dZr = allocate(dtype, U * 2 * U);
    gemm(true, false, U, 2 * U, T * B, hPrevDropped, 0, dInner, 0, dZr, 0, false);
    const dH = allocate(dtype, U * U);
    gemm(true, false, U, U, T * B, resetInput, 0, dCandidate!, 0, dH, 0, false);
    for (let k = 0; k < U; k++) {
      dRecurrentKernel.set(dZr.subarray(k * 2 * U, (k + 1) * 2 * U), k * G);
      dRecurrentKernel.set(dH.subarray(k * U, (k + 1) * U), k * G + 2 * U);
    }
  }
  return { dx, dKernel, dRecurrentKernel, dBias, dh0: dh };
}
