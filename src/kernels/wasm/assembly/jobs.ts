// The kernels that can be split across threads, and how each splits. A job's arguments sit
// in the control block (see control.ts); share s of count runs one contiguous slice.
import { arg, ctrl, NEXT_CHUNK } from './control';
import { gemmBlock, packPanels } from './gemm';
import { lstmForwardUnits, lstmForwardUnitsAny, lstmBackwardUnits, lstmBackwardUnitsAny, lstmCarryDh } from './lstm';
import {
  gruForwardUnits, gruForwardUnitsAny, gruBackwardUnits, gruBackwardUnitsAny, gruCarryDh,
  gruResetGatesUnits, gruCandidateUnits, gruResetBeforeBackwardUnits, gruResetBeforeGateGrads,
} from './gru';
import { addInto } from './vector';
import { simpleRnnForwardUnits, simpleRnnForwardUnitsAny, simpleRnnBackwardUnits, simpleRnnBackwardUnitsAny } from './simpleRnn';
import { ACT_TANH, ACT_SIGMOID } from './activations';
import {
  lstmSequenceForwardRows, lstmSequenceBackwardRows, gruSequenceForwardRows, gruSequenceBackwardRows,
  simpleRnnSequenceForwardRows, simpleRnnSequenceBackwardRows,
} from './sequence';

export const KIND_GEMM: i32 = 1;
export const KIND_LSTM_FORWARD: i32 = 2;
export const KIND_LSTM_BACKWARD: i32 = 3;
export const KIND_GRU_FORWARD: i32 = 4;
export const KIND_GRU_BACKWARD: i32 = 5;
export const KIND_LSTM_DH: i32 = 6;
export const KIND_GRU_DH: i32 = 7;
export const KIND_RNN_FORWARD: i32 = 8;
export const KIND_RNN_BACKWARD: i32 = 9;
export const KIND_RNN_DH: i32 = 10;
// GRU with resetAfter = false (see gru.ts): two forward jobs and three backward jobs per step.
export const KIND_GRU_RB_GATES: i32 = 11;
export const KIND_GRU_RB_CANDIDATE: i32 = 12;
export const KIND_GRU_RB_BACKWARD: i32 = 13;
export const KIND_GRU_RB_GATE_GRADS: i32 = 14;
export const KIND_GRU_RB_DH: i32 = 15;
// Whole sequences on rows of the batch (see sequence.ts): one job per layer call.
export const KIND_LSTM_SEQ_FORWARD: i32 = 16;
export const KIND_LSTM_SEQ_BACKWARD: i32 = 17;
export const KIND_GRU_SEQ_FORWARD: i32 = 18;
export const KIND_GRU_SEQ_BACKWARD: i32 = 19;
export const KIND_RNN_SEQ_FORWARD: i32 = 20;
export const KIND_RNN_SEQ_BACKWARD: i32 = 21;

/** Whether a job's activation codes are the default pair, which has kernels of its own. */
// @ts-ignore: decorator
@inline function defaultPair(act: u32, rec: u32): bool {
  return act == ACT_TANH && rec == ACT_SIGMOID;
}

/** [start, end) of share s when n items are cut into count slices of a multiple of `align`. */
// @ts-ignore: decorator
@inline function sliceStart(n: i32, s: i32, count: i32, align: i32): i32 {
  const per = ((n + count - 1) / count + align - 1) / align * align;
  return min(n, s * per);
}

/**
 * Rows of the batch per chunk of a whole-sequence job: about two chunks per thread, in
 * multiples of four (the products' row tiles).
 */
// @ts-ignore: decorator
@inline function chunkRows(B: i32, count: i32): i32 {
  return count == 1 ? B : ((B + 2 * count - 1) / (2 * count) + 3) & ~3;
}

/**
 * The next chunk of rows for a whole-sequence job, or -1 when none is left. Threads take
 * chunks as they finish the last, rather than a fixed share each: a thread that the system
 * deschedules (beside a busy process) then does fewer rows instead of holding up the call.
 * Which thread computes a row does not change its numbers.
 */
// @ts-ignore: decorator
@inline function nextChunk(B: i32, rows: i32): i32 {
  let chunk: i32;
  if (ASC_FEATURE_THREADS) {
    chunk = atomic.add<i32>(ctrl + NEXT_CHUNK, 1);
  } else {
    chunk = load<i32>(ctrl + NEXT_CHUNK);
    store<i32>(ctrl + NEXT_CHUNK, chunk + 1);
  }
  const start = chunk * rows;
  return start < B ? start : -1;
}

/** Rows [b0, b1) of the whole-sequence job `kind` (see sequence.ts), its arguments in the control block. */
function sequenceRows(kind: i32, b0: i32, b1: i32): void {
  const B = <i32>arg(0);
  if (kind == KIND_LSTM_SEQ_FORWARD) {
    lstmSequenceForwardRows(
      b0, b1, B, <i32>arg(1), <i32>arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(10), arg(11),
      arg(12) != 0, arg(13), arg(14) != 0, arg(15), arg(16), arg(17), arg(18) != 0, arg(19), arg(20),
    );
  } else if (kind == KIND_LSTM_SEQ_BACKWARD) {
    lstmSequenceBackwardRows(
      b0, b1, B, <i32>arg(1), <i32>arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(10), arg(11),
      arg(12), arg(13) != 0, arg(14), arg(15), arg(16), arg(17), arg(18) != 0, arg(19), arg(20),
    );
  } else if (kind == KIND_GRU_SEQ_FORWARD) {
    gruSequenceForwardRows(
      b0, b1, B, <i32>arg(1), <i32>arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(10), arg(11), arg(12),
      arg(13), arg(14) != 0, arg(15), arg(16) != 0, arg(17), arg(18), arg(19), arg(20) != 0, arg(21) != 0, arg(22), arg(23),
    );
  } else if (kind == KIND_GRU_SEQ_BACKWARD) {
    gruSequenceBackwardRows(
      b0, b1, B, <i32>arg(1), <i32>arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(10), arg(11), arg(12),
      arg(13), arg(14), arg(15), arg(16), arg(17) != 0, arg(18), arg(19), arg(20), arg(21), arg(22), arg(23) != 0, arg(24) != 0,
      arg(25), arg(26),
    );
  } else if (kind == KIND_RNN_SEQ_FORWARD) {
    simpleRnnSequenceForwardRows(
      b0, b1, B, <i32>arg(1), <i32>arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9) != 0, arg(10), arg(11) != 0,
      arg(12), arg(13), arg(14), arg(15) != 0, arg(16),
    );
  } else if (kind == KIND_RNN_SEQ_BACKWARD) {
    simpleRnnSequenceBackwardRows(
      b0, b1, B, <i32>arg(1), <i32>arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(10) != 0, arg(11),
      arg(12), arg(13), arg(14), arg(15) != 0, arg(16),
    );
  }
}

export function runShare(kind: i32, share: i32, count: i32): void {
  if (kind == KIND_GEMM) {
    // Chunks of columns when there are enough for every thread to get whole 8-wide tiles,
    // else chunks of rows; about two chunks per thread (see nextChunk).
    const M = <i32>arg(0), N = <i32>arg(1), K = <i32>arg(2);
    const byColumns = N >= 16 * count;
    const total = byColumns ? N : M;
    const size = count == 1 ? total : byColumns ? ((N + 2 * count - 1) / (2 * count) + 7) & ~7 : chunkRows(M, count);
    for (let start = nextChunk(total, size); start >= 0; start = nextChunk(total, size)) {
      const end = min(total, start + size);
      let i0 = 0, i1 = M, j0 = 0, j1 = N;
      if (byColumns) {
        j0 = start; j1 = end;
        // Pack this chunk's panels of B here rather than on the calling thread beforehand: the
        // copy is split too, and the panels land in the cache of the thread that reads them.
        if (arg(12) != 0) packPanels(arg(11), arg(6), K, N, j0 >> 3, j1 >> 3);
      } else {
        i0 = start; i1 = end;
      }
      gemmBlock(i0, i1, j0, j1, K, arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(10) != 0, arg(11));
    }
  } else if (kind >= KIND_LSTM_SEQ_FORWARD && kind <= KIND_RNN_SEQ_BACKWARD) {
    // A whole-sequence job: chunks of rows from the counter until none is left.
    const B = <i32>arg(0), rows = chunkRows(B, count);
    for (let b0 = nextChunk(B, rows); b0 >= 0; b0 = nextChunk(B, rows)) sequenceRows(kind, b0, min(B, b0 + rows));
  } else if (kind == KIND_LSTM_FORWARD) {
    // One forward step, split by units: this share's columns of the recurrent product (in each
    // of the four gate blocks), then the gates and states of the same units.
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    const z = arg(2), hIn = arg(11);
    if (hIn != 0 && u0 < u1) {
      const ldz: usize = <usize>(4 * U) << 2;
      for (let g = 0; g < 4; g++) {
        gemmBlock(0, B, g * U + u0, g * U + u1, U, hIn, <usize>U << 2, 4, arg(12), ldz, z, ldz, true, arg(13));
      }
    }
    const act = arg(17), rec = arg(18);
    if (defaultPair(act, rec)) {
      lstmForwardUnits(
        B, u0, u1, U, z, arg(3), arg(4), arg(5), arg(6), arg(16), arg(7), arg(8), arg(9), arg(10) != 0, arg(14), arg(15),
      );
    } else {
      lstmForwardUnitsAny(
        B, u0, u1, U, z, arg(3), arg(4), arg(5), arg(6), arg(16), arg(7), arg(8), arg(9), arg(10) != 0, arg(14), arg(15), act, rec,
      );
    }
  } else if (kind == KIND_LSTM_BACKWARD) {
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    const act = arg(13), rec = arg(14);
    if (defaultPair(act, rec)) {
      lstmBackwardUnits(
        B, u0, u1, U, arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(12), arg(10), arg(11) != 0,
      );
    } else {
      lstmBackwardUnitsAny(
        B, u0, u1, U, arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(12), arg(10), arg(11) != 0, act, rec,
      );
    }
  } else if (kind == KIND_LSTM_DH) {
    // dh_{t-1} for this share's units: its columns of dz @ recurrentKernelᵀ, then the carry
    // into dh, which the same share reads at the next (earlier) step.
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    if (u0 < u1) {
      const G = 4 * U;
      const dhPrev = arg(5);
      gemmBlock(0, B, u0, u1, G, arg(2), <usize>G << 2, 4, arg(3), <usize>U << 2, dhPrev, <usize>U << 2, false, arg(4));
      lstmCarryDh(B, u0, u1, U, arg(6), dhPrev, arg(7), arg(8));
    }
  } else if (kind == KIND_GRU_FORWARD) {
    // As the LSTM's: this share's columns of mi = hd @ R in each of the three gate blocks,
    // then the gates and state of the same units.
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    const mi = arg(3), hIn = arg(13);
    if (u0 < u1) {
      const ldm: usize = <usize>(3 * U) << 2;
      for (let g = 0; g < 3; g++) {
        gemmBlock(0, B, g * U + u0, g * U + u1, U, hIn, <usize>U << 2, 4, arg(14), ldm, mi, ldm, false, arg(15));
      }
    }
    const act = arg(19), rec = arg(20);
    if (defaultPair(act, rec)) {
      gruForwardUnits(
        B, u0, u1, U, arg(2), mi, arg(4), arg(5), arg(6), arg(7), arg(18), arg(8), arg(9), arg(10), arg(11) != 0, arg(16), arg(17),
      );
    } else {
      gruForwardUnitsAny(
        B, u0, u1, U, arg(2), mi, arg(4), arg(5), arg(6), arg(7), arg(18), arg(8), arg(9), arg(10), arg(11) != 0, arg(16), arg(17), act, rec,
      );
    }
  } else if (kind == KIND_GRU_BACKWARD) {
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    const act = arg(14), rec = arg(15);
    if (defaultPair(act, rec)) {
      gruBackwardUnits(
        B, u0, u1, U, arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(10), arg(13), arg(11), arg(12) != 0,
      );
    } else {
      gruBackwardUnitsAny(
        B, u0, u1, U, arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9), arg(10), arg(13), arg(11), arg(12) != 0, act, rec,
      );
    }
  } else if (kind == KIND_GRU_DH) {
    // dhd for this share's units (its columns of dmi @ Rᵀ), then dh = dhDirect + dhd.
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    if (u0 < u1) {
      const G = 3 * U;
      const dhd = arg(5);
      gemmBlock(0, B, u0, u1, G, arg(2), <usize>G << 2, 4, arg(3), <usize>U << 2, dhd, <usize>U << 2, false, arg(4));
      gruCarryDh(B, u0, u1, U, arg(6), arg(7), dhd, arg(8), arg(9));
    }
  } else if (kind == KIND_RNN_FORWARD) {
    // As the LSTM's with one gate block: this share's columns of z += hd @ R, then h = act(z).
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    const z = arg(2), hIn = arg(9);
    if (hIn != 0 && u0 < u1) {
      const ldz: usize = <usize>U << 2;
      gemmBlock(0, B, u0, u1, U, hIn, ldz, 4, arg(10), ldz, z, ldz, true, arg(11));
    }
    if (arg(14) == ACT_TANH) {
      simpleRnnForwardUnits(B, u0, u1, U, z, arg(3), arg(4), arg(5), arg(6), arg(7), arg(8) != 0, arg(12), arg(13));
    } else {
      simpleRnnForwardUnitsAny(B, u0, u1, U, z, arg(3), arg(4), arg(5), arg(6), arg(7), arg(8) != 0, arg(12), arg(13), arg(14));
    }
  } else if (kind == KIND_RNN_BACKWARD) {
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    if (arg(10) == ACT_TANH) {
      simpleRnnBackwardUnits(B, u0, u1, U, arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9) != 0);
    } else {
      simpleRnnBackwardUnitsAny(B, u0, u1, U, arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8), arg(9) != 0, arg(10));
    }
  } else if (kind == KIND_RNN_DH) {
    // dh_{t-1} for this share's units: its columns of dz @ Rᵀ, then the carry into dh (as the LSTM's).
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    if (u0 < u1) {
      const dhPrev = arg(5);
      const ld: usize = <usize>U << 2;
      gemmBlock(0, B, u0, u1, U, arg(2), ld, 4, arg(3), ld, dhPrev, ld, false, arg(4));
      lstmCarryDh(B, u0, u1, U, arg(6), dhPrev, arg(7), arg(8));
    }
  } else if (kind == KIND_GRU_RB_GATES) {
    // This share's columns of hd @ [R_z, R_r], then z, r and rh = r ⊙ hd of the same units.
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    const mi = arg(3), hIn = arg(12);
    if (u0 < u1) {
      const ldm: usize = <usize>(3 * U) << 2;
      for (let g = 0; g < 2; g++) {
        gemmBlock(0, B, g * U + u0, g * U + u1, U, hIn, <usize>U << 2, 4, arg(13), ldm, mi, ldm, false, arg(14));
      }
    }
    gruResetGatesUnits(B, u0, u1, U, arg(2), mi, hIn, arg(9), arg(10), arg(18));
  } else if (kind == KIND_GRU_RB_CANDIDATE) {
    // This share's columns of rh @ R_h (rh of every unit, from the job before), then hh and h.
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    const mi = arg(3);
    if (u0 < u1) {
      const ldm: usize = <usize>(3 * U) << 2;
      gemmBlock(0, B, 2 * U + u0, 2 * U + u1, U, arg(9), <usize>U << 2, 4, arg(13), ldm, mi, ldm, false, arg(14));
    }
    gruCandidateUnits(
      B, u0, u1, U, arg(2), mi, arg(4), arg(5), arg(6), arg(7), arg(8), arg(10), arg(11) != 0, arg(15), arg(16), arg(17),
    );
  } else if (kind == KIND_GRU_RB_BACKWARD) {
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    gruResetBeforeBackwardUnits(
      B, u0, u1, U, arg(2), arg(3), arg(4), arg(5), arg(7), arg(8), arg(9), arg(10), arg(11), arg(12), arg(13) != 0, arg(17), arg(18),
    );
  } else if (kind == KIND_GRU_RB_GATE_GRADS) {
    // d(rh) of this share's units = dhh_pre (every unit, from the job before) @ R_hᵀ, then r's gradient.
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    if (u0 < u1) {
      const dRh = arg(16);
      const dhhPre: usize = arg(2) + (<usize>(2 * U) << 2);
      gemmBlock(0, B, u0, u1, U, dhhPre, <usize>(3 * U) << 2, 4, arg(14), <usize>U << 2, dRh, <usize>U << 2, false, arg(15));
      gruResetBeforeGateGrads(B, u0, u1, U, arg(2), arg(3), arg(4), arg(6), dRh, arg(12), arg(18));
    }
  } else if (kind == KIND_GRU_RB_DH) {
    // dhd of this share's units = [dz_pre, dr_pre] @ [R_z, R_r]ᵀ + dRh ⊙ r, then dh = dhDirect + dhd.
    const B = <i32>arg(0), U = <i32>arg(1);
    const u0 = sliceStart(U, share, count, 8), u1 = sliceStart(U, share + 1, count, 8);
    if (u0 < u1) {
      const dhd = arg(5), dRh = arg(8);
      const ld: usize = <usize>U << 2;
      gemmBlock(0, B, u0, u1, 2 * U, arg(2), <usize>(3 * U) << 2, 4, arg(3), ld, dhd, ld, false, arg(4));
      for (let b = 0; b < B; b++) {
        const st = <usize>b * ld + (<usize>u0 << 2);
        addInto(dhd + st, dRh + st, u1 - u0);
      }
      gruCarryDh(B, u0, u1, U, arg(6), arg(7), dhd, arg(9), arg(10));
    }
  }
}
