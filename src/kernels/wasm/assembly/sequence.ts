// Whole time loops on one thread's rows of the batch: the threads meet once per layer call
// instead of once (forward) or twice (backward) per time step.
//
// Why: the step jobs (jobs.ts) split each step by units, so every step needs h_{t-1} of every
// unit and the threads synchronise at every step. On a quiet machine that costs little for
// large steps, but small steps (W2: batch 64, 64 units) gained nothing from a second thread,
// and beside a busy process one descheduled thread held up every step. Rows of the batch are
// independent for the whole sequence, so a thread that owns rows [b0, b1) runs all T steps
// on its own: its rows of the recurrent product (the whole recurrent kernel, read by every
// thread) and the gates of its rows. The numbers are the same as the step jobs', bit for bit:
// each element of a product is computed by the same tile (products are cut at the same gate
// block ends, and chunks of rows start at multiples of four, as the tiles' row strips do), and
// the elementwise code is the same function. The run-time thread choice switches between the
// two splits, so results must not depend on which one ran.
//
// Layouts as in the drivers: pre-activations, gates and saved states are time-major
// [T, B, ...] (row b of input time t at (t * B + b) * width), states [B, U], the output
// sequence batch-major (row b of processing step s at seq + b * seqStride + s * U * 4).
import { gemmBlock } from './gemm';
import { lstmForwardUnits, lstmForwardUnitsAny, lstmBackwardUnits, lstmBackwardUnitsAny, lstmCarryDh } from './lstm';
import {
  gruForwardUnits, gruForwardUnitsAny, gruBackwardUnits, gruBackwardUnitsAny, gruCarryDh,
  gruResetGatesUnits, gruCandidateUnits, gruResetBeforeBackwardUnits, gruResetBeforeGateGrads,
} from './gru';
import { simpleRnnForwardUnits, simpleRnnForwardUnitsAny, simpleRnnBackwardUnits, simpleRnnBackwardUnitsAny } from './simpleRnn';
import { addInto } from './vector';
import { ACT_TANH, ACT_SIGMOID } from './activations';

/** Input time of processing step s: goBackwards reads the input from the end. */
// @ts-ignore: decorator
@inline function timeAt(s: i32, T: i32, goBackwards: bool): i32 {
  return goBackwards ? T - 1 - s : s;
}

/** This step's mask flags from row b0 on (mask [T, B] floats, time-major), or 0 without a mask. */
// @ts-ignore: decorator
@inline function maskRowsAt(mask: usize, t: i32, B: i32, b0: i32): usize {
  return mask != 0 ? mask + ((<usize>t * <usize>B + <usize>b0) << 2) : 0;
}

/** Row b0 of processing step s in a batch-major [B, T, U] sequence (rows seqStride bytes apart), or 0. */
// @ts-ignore: decorator
@inline function sequenceRowsAt(seq: usize, s: i32, U: i32, b0: i32, seqStride: usize): usize {
  return seq != 0 ? seq + (<usize>s * <usize>U << 2) + <usize>b0 * seqStride : 0;
}

/** Whether no row in [b0, b1) of this step's mask (B floats, 0 = no mask) is real. */
// @ts-ignore: decorator
@inline function noRealRow(mask: usize, b0: i32, b1: i32): bool {
  if (mask == 0) return false;
  for (let b = b0; b < b1; b++) if (load<f32>(mask + (<usize>b << 2)) != 0) return false;
  return true;
}

/**
 * Rows [b0, b1) of out (+)= hIn @ recurrentKernel in the gate blocks [g0, g1) of U columns
 * each, one block at a time: the step jobs split each block by units, and a product's column
 * tails (units not a multiple of 8 or 4) take a different tile, whose float32 sums round
 * differently; cutting at the same block ends keeps every element's bits those of the step jobs.
 */
// @ts-ignore: decorator
@inline function gateProducts(
  b0: i32, b1: i32, g0: i32, g1: i32, U: i32, hIn: usize, recurrentKernel: usize, ld: usize, out: usize,
  accumulate: bool, recurrentPacked: usize,
): void {
  for (let g = g0; g < g1; g++) {
    gemmBlock(b0, b1, g * U, (g + 1) * U, U, hIn, <usize>U << 2, 4, recurrentKernel, ld, out, ld, accumulate, recurrentPacked);
  }
}

/** The buffer step s reads h_{t-1} from: by input time when kept for backward, else two in turn. */
// @ts-ignore: decorator
@inline function hInAt(base: usize, keep: bool, s: i32, t: i32, stateBytes: usize): usize {
  return base + <usize>(keep ? t : s & 1) * stateBytes;
}

/**
 * The LSTM forward over every step for rows [b0, b1): z [T, B, 4U] += hIn @ recurrentKernel,
 * then the gates and states (lstm.ts). hInBase: hPrevDropped [T, B, U] (keep) or two [B, U]
 * buffers in turn, the first already holding h_0 after dropout.
 */
export function lstmSequenceForwardRows(
  b0: i32, b1: i32, B: i32, U: i32, T: i32, z: usize, c: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  cPrev: usize, actC: usize, mask: usize, zeroOutputForMask: bool, hInBase: usize, keep: bool,
  recurrentKernel: usize, recurrentPacked: usize, dropMask: usize, goBackwards: bool, act: i32, rec: i32,
): void {
  if (b0 >= b1) return;
  const n = b1 - b0;
  const G = 4 * U;
  const ldz: usize = <usize>G << 2;
  const ldu: usize = <usize>U << 2;
  const stateBytes = <usize>B * ldu;
  const rowsU = <usize>b0 * ldu;
  const defaults = act == ACT_TANH && rec == ACT_SIGMOID;
  for (let s = 0; s < T; s++) {
    const t = timeAt(s, T, goBackwards);
    const zt = z + <usize>t * <usize>B * ldz;
    const hIn = hInAt(hInBase, keep, s, t, stateBytes);
    gateProducts(b0, b1, 0, 4, U, hIn, recurrentKernel, ldz, zt, true, recurrentPacked);
    const hNext = s + 1 < T ? hInAt(hInBase, keep, s + 1, timeAt(s + 1, T, goBackwards), stateBytes) + rowsU : 0;
    const cPrevOut = cPrev != 0 ? cPrev + <usize>t * stateBytes + rowsU : 0;
    const actCOut = actC != 0 ? actC + <usize>t * stateBytes + rowsU : 0;
    const maskRows = maskRowsAt(mask, t, B, b0);
    const out = sequenceRowsAt(seq, s, U, b0, seqStride);
    const drop = dropMask != 0 ? dropMask + rowsU : 0;
    if (defaults) {
      lstmForwardUnits(
        n, 0, U, U, zt + <usize>b0 * ldz, c + rowsU, h + rowsU, prev + rowsU, out, seqStride,
        cPrevOut, actCOut, maskRows, zeroOutputForMask, hNext, drop,
      );
    } else {
      lstmForwardUnitsAny(
        n, 0, U, U, zt + <usize>b0 * ldz, c + rowsU, h + rowsU, prev + rowsU, out, seqStride,
        cPrevOut, actCOut, maskRows, zeroOutputForMask, hNext, drop, act, rec,
      );
    }
  }
}

/**
 * The LSTM backward over every step (last first) for rows [b0, b1): the gate gradients into
 * dz [T, B, 4U], then dh_{t-1} = dz_t @ recurrentKernelᵀ (recurrentKernelT [4U, U], packed or
 * 0) through dhPrev [B, U] into dh. dh, dc and carry [B, U] hold the gradients arriving from
 * after the last step and leave holding those of the initial states.
 */
export function lstmSequenceBackwardRows(
  b0: i32, b1: i32, B: i32, U: i32, T: i32, dz: usize, gates: usize, cPrev: usize, actC: usize,
  dh: usize, dc: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize, zeroOutputForMask: bool,
  recurrentKernelT: usize, packedT: usize, dhPrev: usize, dropMask: usize, goBackwards: bool, act: i32, rec: i32,
): void {
  if (b0 >= b1) return;
  const n = b1 - b0;
  const G = 4 * U;
  const ldz: usize = <usize>G << 2;
  const ldu: usize = <usize>U << 2;
  const stateBytes = <usize>B * ldu;
  const rowsU = <usize>b0 * ldu;
  const defaults = act == ACT_TANH && rec == ACT_SIGMOID;
  const drop = dropMask != 0 ? dropMask + rowsU : 0;
  for (let s = T - 1; s >= 0; s--) {
    const t = timeAt(s, T, goBackwards);
    const dzt = dz + <usize>t * <usize>B * ldz;
    const gt = gates + <usize>t * <usize>B * ldz;
    const maskStep = maskRowsAt(mask, t, B, 0);
    const maskRows = maskRowsAt(mask, t, B, b0);
    const dSeqRows = sequenceRowsAt(dSeq, s, U, b0, dSeqStride);
    const cPrevRows = cPrev + <usize>t * stateBytes + rowsU;
    const actCRows = actC + <usize>t * stateBytes + rowsU;
    if (defaults) {
      lstmBackwardUnits(
        n, 0, U, U, dzt + <usize>b0 * ldz, gt + <usize>b0 * ldz, cPrevRows, actCRows,
        dh + rowsU, dc + rowsU, carry + rowsU, dSeqRows, dSeqStride, maskRows, zeroOutputForMask,
      );
    } else {
      lstmBackwardUnitsAny(
        n, 0, U, U, dzt + <usize>b0 * ldz, gt + <usize>b0 * ldz, cPrevRows, actCRows,
        dh + rowsU, dc + rowsU, carry + rowsU, dSeqRows, dSeqStride, maskRows, zeroOutputForMask, act, rec,
      );
    }
    if (noRealRow(maskStep, b0, b1)) continue;
    gemmBlock(b0, b1, 0, U, G, dzt, ldz, 4, recurrentKernelT, ldu, dhPrev, ldu, false, packedT);
    lstmCarryDh(n, 0, U, U, dh + rowsU, dhPrev + rowsU, drop, maskRows);
  }
}

/**
 * The GRU forward over every step for rows [b0, b1), both forms (gru.ts): g [T, B, 3U] holds
 * every step's mx and receives z, r, hh; mi [B, 3U] is room for the recurrent products.
 * resetAfter: mi = hIn @ R, then the gates (recBias: [3U] or 0). Otherwise mi's z and r blocks
 * = hIn @ [R_z, R_r], rh = r ⊙ hIn (into resetInput [T, B, U] when keep, else rhRoom [B, U]),
 * then mi's h block = rh @ R_h and the candidate. hPrev: [T, B, U] saved h_{t-1}, or 0.
 */
export function gruSequenceForwardRows(
  b0: i32, b1: i32, B: i32, U: i32, T: i32, g: usize, mi: usize, recBias: usize, h: usize, prev: usize, seq: usize,
  seqStride: usize, hPrev: usize, resetInput: usize, rhRoom: usize, mask: usize, zeroOutputForMask: bool,
  hInBase: usize, keep: bool, recurrentKernel: usize, recurrentPacked: usize, dropMask: usize, goBackwards: bool,
  resetAfter: bool, act: i32, rec: i32,
): void {
  if (b0 >= b1) return;
  const n = b1 - b0;
  const G = 3 * U;
  const ldg: usize = <usize>G << 2;
  const ldu: usize = <usize>U << 2;
  const stateBytes = <usize>B * ldu;
  const rowsU = <usize>b0 * ldu;
  const rowsG = <usize>b0 * ldg;
  const defaults = act == ACT_TANH && rec == ACT_SIGMOID;
  const drop = dropMask != 0 ? dropMask + rowsU : 0;
  for (let s = 0; s < T; s++) {
    const t = timeAt(s, T, goBackwards);
    const gt = g + <usize>t * <usize>B * ldg;
    const hIn = hInAt(hInBase, keep, s, t, stateBytes);
    const hNext = s + 1 < T ? hInAt(hInBase, keep, s + 1, timeAt(s + 1, T, goBackwards), stateBytes) + rowsU : 0;
    const hPrevOut = hPrev != 0 ? hPrev + <usize>t * stateBytes + rowsU : 0;
    const maskRows = maskRowsAt(mask, t, B, b0);
    const out = sequenceRowsAt(seq, s, U, b0, seqStride);
    if (resetAfter) {
      gateProducts(b0, b1, 0, 3, U, hIn, recurrentKernel, ldg, mi, false, recurrentPacked);
      const resetOut = resetInput != 0 ? resetInput + <usize>t * stateBytes + rowsU : 0;
      if (defaults) {
        gruForwardUnits(n, 0, U, U, gt + rowsG, mi + rowsG, recBias, h + rowsU, prev + rowsU, out, seqStride, hPrevOut, resetOut, maskRows, zeroOutputForMask, hNext, drop);
      } else {
        gruForwardUnitsAny(n, 0, U, U, gt + rowsG, mi + rowsG, recBias, h + rowsU, prev + rowsU, out, seqStride, hPrevOut, resetOut, maskRows, zeroOutputForMask, hNext, drop, act, rec);
      }
    } else {
      const rh = keep ? resetInput + <usize>t * stateBytes : rhRoom;
      gateProducts(b0, b1, 0, 2, U, hIn, recurrentKernel, ldg, mi, false, recurrentPacked);
      gruResetGatesUnits(n, 0, U, U, gt + rowsG, mi + rowsG, hIn + rowsU, rh + rowsU, maskRows, rec);
      gateProducts(b0, b1, 2, 3, U, rh, recurrentKernel, ldg, mi, false, recurrentPacked);
      gruCandidateUnits(n, 0, U, U, gt + rowsG, mi + rowsG, h + rowsU, prev + rowsU, out, seqStride, hPrevOut, maskRows, zeroOutputForMask, hNext, drop, act);
    }
  }
}

/**
 * The GRU backward over every step for rows [b0, b1), both forms: dmx, dmi [T, B, 3U] out;
 * dh, carry [B, U] in and out; dhDirect, dhd (and dRh without resetAfter) [B, U] room.
 * resetAfter: dhd = dmi_t @ recurrentKernelT ([3U, U], packed or 0). Otherwise r's gradient
 * needs dRh = dhh_pre @ R_hᵀ (hT: [U, U], hPacked) first, then dhd = dmi_t[:, :2U] @
 * [R_z, R_r]ᵀ (recurrentKernelT: [2U, U] rows of the transpose, packedT) + dRh ⊙ r.
 * hd: [T, B, U] h_{t-1} after dropout (without resetAfter only).
 */
export function gruSequenceBackwardRows(
  b0: i32, b1: i32, B: i32, U: i32, T: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize, resetInput: usize, hd: usize,
  dh: usize, dhDirect: usize, dhd: usize, dRh: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize,
  zeroOutputForMask: bool, recurrentKernelT: usize, packedT: usize, hT: usize, hPacked: usize, dropMask: usize,
  goBackwards: bool, resetAfter: bool, act: i32, rec: i32,
): void {
  if (b0 >= b1) return;
  const n = b1 - b0;
  const G = 3 * U;
  const ldg: usize = <usize>G << 2;
  const ldu: usize = <usize>U << 2;
  const stateBytes = <usize>B * ldu;
  const rowsU = <usize>b0 * ldu;
  const rowsG = <usize>b0 * ldg;
  const defaults = act == ACT_TANH && rec == ACT_SIGMOID;
  const drop = dropMask != 0 ? dropMask + rowsU : 0;
  for (let s = T - 1; s >= 0; s--) {
    const t = timeAt(s, T, goBackwards);
    const at = <usize>t * <usize>B * ldg;
    const stepU = <usize>t * stateBytes + rowsU;
    const maskStep = maskRowsAt(mask, t, B, 0);
    const maskRows = maskRowsAt(mask, t, B, b0);
    const dSeqRows = sequenceRowsAt(dSeq, s, U, b0, dSeqStride);
    if (resetAfter) {
      if (defaults) {
        gruBackwardUnits(n, 0, U, U, dmx + at + rowsG, dmi + at + rowsG, gates + at + rowsG, hPrev + stepU, resetInput + stepU, dh + rowsU, dhDirect + rowsU, carry + rowsU, dSeqRows, dSeqStride, maskRows, zeroOutputForMask);
      } else {
        gruBackwardUnitsAny(n, 0, U, U, dmx + at + rowsG, dmi + at + rowsG, gates + at + rowsG, hPrev + stepU, resetInput + stepU, dh + rowsU, dhDirect + rowsU, carry + rowsU, dSeqRows, dSeqStride, maskRows, zeroOutputForMask, act, rec);
      }
      if (noRealRow(maskStep, b0, b1)) continue;
      gemmBlock(b0, b1, 0, U, G, dmi + at, ldg, 4, recurrentKernelT, ldu, dhd, ldu, false, packedT);
    } else {
      gruResetBeforeBackwardUnits(n, 0, U, U, dmx + at + rowsG, dmi + at + rowsG, gates + at + rowsG, hPrev + stepU, dh + rowsU, dhDirect + rowsU, carry + rowsU, dSeqRows, dSeqStride, maskRows, zeroOutputForMask, act, rec);
      // dhh_pre (dmx's h block) @ R_hᵀ, then r's gradient.
      gemmBlock(b0, b1, 0, U, U, dmx + at + (<usize>(2 * U) << 2), ldg, 4, hT, ldu, dRh, ldu, false, hPacked);
      gruResetBeforeGateGrads(n, 0, U, U, dmx + at + rowsG, dmi + at + rowsG, gates + at + rowsG, hd + stepU, dRh + rowsU, maskRows, rec);
      if (noRealRow(maskStep, b0, b1)) continue;
      gemmBlock(b0, b1, 0, U, 2 * U, dmi + at, ldg, 4, recurrentKernelT, ldu, dhd, ldu, false, packedT);
      for (let b = 0; b < n; b++) addInto(dhd + rowsU + <usize>b * ldu, dRh + rowsU + <usize>b * ldu, U);
    }
    gruCarryDh(n, 0, U, U, dh + rowsU, dhDirect + rowsU, dhd + rowsU, drop, maskRows);
  }
}

/**
 * The SimpleRNN forward over every step for rows [b0, b1): z [T, B, U] += hIn @ R, then
 * h = act(z) in place (simpleRnn.ts); hInBase as for the LSTM.
 */
export function simpleRnnSequenceForwardRows(
  b0: i32, b1: i32, B: i32, U: i32, T: i32, z: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  mask: usize, zeroOutputForMask: bool, hInBase: usize, keep: bool, recurrentKernel: usize, recurrentPacked: usize,
  dropMask: usize, goBackwards: bool, act: i32,
): void {
  if (b0 >= b1) return;
  const n = b1 - b0;
  const ldu: usize = <usize>U << 2;
  const stateBytes = <usize>B * ldu;
  const rowsU = <usize>b0 * ldu;
  const drop = dropMask != 0 ? dropMask + rowsU : 0;
  for (let s = 0; s < T; s++) {
    const t = timeAt(s, T, goBackwards);
    const zt = z + <usize>t * stateBytes;
    const hIn = hInAt(hInBase, keep, s, t, stateBytes);
    gemmBlock(b0, b1, 0, U, U, hIn, ldu, 4, recurrentKernel, ldu, zt, ldu, true, recurrentPacked);
    const hNext = s + 1 < T ? hInAt(hInBase, keep, s + 1, timeAt(s + 1, T, goBackwards), stateBytes) + rowsU : 0;
    const maskRows = maskRowsAt(mask, t, B, b0);
    const out = sequenceRowsAt(seq, s, U, b0, seqStride);
    if (act == ACT_TANH) {
      simpleRnnForwardUnits(n, 0, U, U, zt + rowsU, h + rowsU, prev + rowsU, out, seqStride, maskRows, zeroOutputForMask, hNext, drop);
    } else {
      simpleRnnForwardUnitsAny(n, 0, U, U, zt + rowsU, h + rowsU, prev + rowsU, out, seqStride, maskRows, zeroOutputForMask, hNext, drop, act);
    }
  }
}

/**
 * The SimpleRNN backward over every step for rows [b0, b1): dz [T, B, U] out from the saved
 * outputs [T, B, U]; dh_{t-1} = dz_t @ Rᵀ through dhPrev into dh, as the LSTM's.
 */
export function simpleRnnSequenceBackwardRows(
  b0: i32, b1: i32, B: i32, U: i32, T: i32, dz: usize, outputs: usize, dh: usize, carry: usize, dSeq: usize,
  dSeqStride: usize, mask: usize, zeroOutputForMask: bool, recurrentKernelT: usize, packedT: usize, dhPrev: usize,
  dropMask: usize, goBackwards: bool, act: i32,
): void {
  if (b0 >= b1) return;
  const n = b1 - b0;
  const ldu: usize = <usize>U << 2;
  const stateBytes = <usize>B * ldu;
  const rowsU = <usize>b0 * ldu;
  const drop = dropMask != 0 ? dropMask + rowsU : 0;
  for (let s = T - 1; s >= 0; s--) {
    const t = timeAt(s, T, goBackwards);
    const dzt = dz + <usize>t * stateBytes;
    const maskStep = maskRowsAt(mask, t, B, 0);
    const maskRows = maskRowsAt(mask, t, B, b0);
    const dSeqRows = sequenceRowsAt(dSeq, s, U, b0, dSeqStride);
    const outRows = outputs + <usize>t * stateBytes + rowsU;
    if (act == ACT_TANH) {
      simpleRnnBackwardUnits(n, 0, U, U, dzt + rowsU, outRows, dh + rowsU, carry + rowsU, dSeqRows, dSeqStride, maskRows, zeroOutputForMask);
    } else {
      simpleRnnBackwardUnitsAny(n, 0, U, U, dzt + rowsU, outRows, dh + rowsU, carry + rowsU, dSeqRows, dSeqStride, maskRows, zeroOutputForMask, act);
    }
    if (noRealRow(maskStep, b0, b1)) continue;
    gemmBlock(b0, b1, 0, U, U, dzt, ldu, 4, recurrentKernelT, ldu, dhPrev, ldu, false, packedT);
    lstmCarryDh(n, 0, U, U, dh + rowsU, dhPrev + rowsU, drop, maskRows);
  }
}
