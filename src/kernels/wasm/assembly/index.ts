// The module's exports. Every pointer is a byte address in the shared memory the JS side
// owns (src/kernels/wasm/memory.ts); every matrix is float32, row-major.
import { setArg, useControl } from './control';
import { addInto } from './vector';
import { dispatch, stopWorkers as stop, resetWorkers as reset, readyWorkers as ready } from './threads';
import { KIND_GEMM, KIND_LSTM_FORWARD, KIND_LSTM_BACKWARD, KIND_LSTM_DH, KIND_GRU_FORWARD, KIND_GRU_BACKWARD, KIND_GRU_DH,
  KIND_RNN_FORWARD, KIND_RNN_BACKWARD, KIND_RNN_DH,
  KIND_GRU_RB_GATES, KIND_GRU_RB_CANDIDATE, KIND_GRU_RB_BACKWARD, KIND_GRU_RB_GATE_GRADS, KIND_GRU_RB_DH,
  KIND_LSTM_SEQ_FORWARD, KIND_LSTM_SEQ_BACKWARD, KIND_GRU_SEQ_FORWARD, KIND_GRU_SEQ_BACKWARD,
  KIND_RNN_SEQ_FORWARD, KIND_RNN_SEQ_BACKWARD } from './jobs';
export { runShare } from './jobs';
export { workerShare, setCallerMayBlock } from './threads';

/**
 * Products smaller than this many multiply-adds stay on one thread: waking workers costs more.
 * Workers spin between jobs, so a hand-off costs well under a microsecond: on the 2-core
 * machine a 1 x 512 x 128 product (a batch-1 LSTM(128) step) took 3.1 µs on one thread and
 * 1.9 on two, 1 x 256 x 128 1.7 and 1.1 (idle machine).
 */
const THREAD_MIN_WORK: f64 = 32768;
/** Elementwise steps smaller than this many units stay on one thread. */
const THREAD_MIN_ELEMENTS: i32 = 4096;

export function setControl(ptr: usize): void {
  useControl(ptr);
}

/** Lowest address the JS side may use: everything below is this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

/** Whether this build uses relaxed-SIMD fused multiply-add. */
export function usesRelaxedSimd(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}

// gemmRow is exported only to keep it a function of its own (see its comment).
export { packB, gemmRow } from './gemm';
import { packB as packAll } from './gemm';

/**
 * C[M,N] (+)= op(A) @ B. op(A)[i,k] is at a + 4*(i*aRowStride + k*aColStride): (K, 1) for A
 * stored [M,K], (1, M) for A stored [K,M]. B is [K,N], C is [M,N]. bPacked is B after
 * packB (or 0): the product then reads the packed copy; with packFirst, bPacked is only room
 * for it and the product packs B there first. Returns threads used.
 */
export function gemm(
  M: i32, N: i32, K: i32, a: usize, aRowStride: i32, aColStride: i32, b: usize, c: usize,
  accumulate: bool, maxThreads: i32, bPacked: usize, packFirst: bool,
): i32 {
  const work = <f64>M * <f64>N * <f64>K;
  const threads = work >= THREAD_MIN_WORK ? maxThreads : 1;
  // Shares split by columns pack their own panels (see jobs.ts); shares split by rows would
  // all need every panel, so then B is packed here first.
  if (packFirst && bPacked != 0 && N < 16 * threads) {
    packAll(bPacked, b, K, N);
    packFirst = false;
  }
  setArg(0, <u32>M); setArg(1, <u32>N); setArg(2, <u32>K);
  setArg(3, <u32>a); setArg(4, aRowStride << 2); setArg(5, aColStride << 2);
  setArg(6, <u32>b); setArg(7, N << 2);
  setArg(8, <u32>c); setArg(9, N << 2);
  setArg(10, accumulate ? 1 : 0);
  setArg(11, <u32>bPacked);
  setArg(12, packFirst && bPacked != 0 ? 1 : 0);
  return dispatch(KIND_GEMM, threads, true);
}

/**
 * Threads for every kind of LSTM step job: the same for all of them, so that a thread keeps
 * the same units (and their data in its cache) from job to job.
 */
function lstmThreads(B: i32, U: i32, maxThreads: i32): i32 {
  const work = <f64>B * <f64>(4 * U) * <f64>U;
  return work >= THREAD_MIN_WORK || B * U >= THREAD_MIN_ELEMENTS ? maxThreads : 1;
}

/**
 * One forward LSTM step for the whole batch, split by units (see jobs.ts): z [B, 4U] (the
 * step's input projection) += hIn @ recurrentKernel (skipped when hIn is 0), then the gates
 * and states (see lstm.ts), writing the next step's hIn to hNext and row b of the step's
 * output to seq + b * seqStride bytes.
 */
export function lstmStepForward(
  B: i32, U: i32, z: usize, c: usize, h: usize, prev: usize, seq: usize, seqStride: i32, cPrevOut: usize, actCOut: usize,
  mask: usize, zeroOutputForMask: bool, hIn: usize, recurrentKernel: usize, recurrentPacked: usize,
  hNext: usize, dropMask: usize, maxThreads: i32, act: i32, rec: i32,
): void {
  setArg(17, act); setArg(18, rec);
  setArg(0, <u32>B); setArg(1, <u32>U); setArg(2, <u32>z); setArg(3, <u32>c); setArg(4, <u32>h); setArg(5, <u32>prev); setArg(6, <u32>seq);
  setArg(7, <u32>cPrevOut); setArg(8, <u32>actCOut); setArg(9, <u32>mask); setArg(10, zeroOutputForMask ? 1 : 0);
  setArg(11, <u32>hIn); setArg(12, <u32>recurrentKernel); setArg(13, <u32>recurrentPacked);
  setArg(14, <u32>hNext); setArg(15, <u32>dropMask); setArg(16, <u32>seqStride);
  dispatch(KIND_LSTM_FORWARD, lstmThreads(B, U, maxThreads));
}

/**
 * One backward LSTM step's gate gradients for the whole batch, split by units (see lstm.ts);
 * row b of dSeq (this step's output gradient, or 0) at dSeq + b * dSeqStride bytes.
 */
export function lstmStepBackward(
  B: i32, U: i32, dz: usize, gates: usize, cPrev: usize, actC: usize, dh: usize, dc: usize, carry: usize,
  dSeq: usize, dSeqStride: i32, mask: usize, zeroOutputForMask: bool, maxThreads: i32, act: i32, rec: i32,
): void {
  setArg(13, act); setArg(14, rec);
  setArg(0, <u32>B); setArg(1, <u32>U); setArg(2, <u32>dz); setArg(3, <u32>gates); setArg(4, <u32>cPrev); setArg(5, <u32>actC);
  setArg(6, <u32>dh); setArg(7, <u32>dc); setArg(8, <u32>carry); setArg(9, <u32>dSeq); setArg(10, <u32>mask);
  setArg(11, zeroOutputForMask ? 1 : 0); setArg(12, <u32>dSeqStride);
  dispatch(KIND_LSTM_BACKWARD, lstmThreads(B, U, maxThreads));
}

/**
 * dhPrev [B, U] = dz [B, 4U] @ recurrentKernelᵀ ([4U, U], packed or 0), then dh = dhPrev
 * (times dropMask) on the rows real at this step (mask: B floats or 0), split by units as
 * lstmStepBackward is, so each thread reads back the dh it wrote.
 */
export function lstmStepDh(
  B: i32, U: i32, dz: usize, recurrentKernelT: usize, packedT: usize, dhPrev: usize, dh: usize,
  dropMask: usize, mask: usize, maxThreads: i32,
): void {
  setArg(0, <u32>B); setArg(1, <u32>U); setArg(2, <u32>dz); setArg(3, <u32>recurrentKernelT); setArg(4, <u32>packedT);
  setArg(5, <u32>dhPrev); setArg(6, <u32>dh); setArg(7, <u32>dropMask); setArg(8, <u32>mask);
  dispatch(KIND_LSTM_DH, lstmThreads(B, U, maxThreads));
}

/**
 * Threads for a whole-sequence job split by rows of the batch (see sequence.ts): every thread
 * needs rows of its own (four or more, so the products run on full tiles), and the whole call
 * must be worth waking the workers once.
 */
function sequenceThreads(B: i32, T: i32, G: i32, U: i32, maxThreads: i32): i32 {
  const work = <f64>T * <f64>B * <f64>G * <f64>U;
  return work >= THREAD_MIN_WORK ? min(maxThreads, max(1, B / 4)) : 1;
}

/**
 * The LSTM forward over the whole sequence, each thread on its own rows of the batch for
 * every step (see sequence.ts): z [T, B, 4U] holds every step's input projection; hInBase is
 * hPrevDropped [T, B, U] when `keep` (kept for backward; cPrev and actC [T, B, U] too, else 0)
 * or two [B, U] buffers used in turn, the first holding h_0 after dropout. Returns threads used.
 */
export function lstmSequenceForward(
  B: i32, U: i32, T: i32, z: usize, c: usize, h: usize, prev: usize, seq: usize, seqStride: i32, cPrev: usize, actC: usize,
  mask: usize, zeroOutputForMask: bool, hInBase: usize, keep: bool, recurrentKernel: usize, recurrentPacked: usize,
  dropMask: usize, goBackwards: bool, maxThreads: i32, act: i32, rec: i32,
): i32 {
  setArg(0, B); setArg(1, U); setArg(2, T); setArg(3, <u32>z); setArg(4, <u32>c); setArg(5, <u32>h); setArg(6, <u32>prev);
  setArg(7, <u32>seq); setArg(8, seqStride); setArg(9, <u32>cPrev); setArg(10, <u32>actC); setArg(11, <u32>mask);
  setArg(12, zeroOutputForMask ? 1 : 0); setArg(13, <u32>hInBase); setArg(14, keep ? 1 : 0); setArg(15, <u32>recurrentKernel);
  setArg(16, <u32>recurrentPacked); setArg(17, <u32>dropMask); setArg(18, goBackwards ? 1 : 0); setArg(19, act); setArg(20, rec);
  return dispatch(KIND_LSTM_SEQ_FORWARD, sequenceThreads(B, T, 4 * U, U, maxThreads), true);
}

/**
 * The LSTM backward over the whole sequence by rows of the batch (see sequence.ts): gate
 * gradients into dz [T, B, 4U]; dh, dc, carry [B, U] in and out; dhPrev [B, U] is room.
 * Returns threads used.
 */
export function lstmSequenceBackward(
  B: i32, U: i32, T: i32, dz: usize, gates: usize, cPrev: usize, actC: usize, dh: usize, dc: usize, carry: usize,
  dSeq: usize, dSeqStride: i32, mask: usize, zeroOutputForMask: bool, recurrentKernelT: usize, packedT: usize,
  dhPrev: usize, dropMask: usize, goBackwards: bool, maxThreads: i32, act: i32, rec: i32,
): i32 {
  setArg(0, B); setArg(1, U); setArg(2, T); setArg(3, <u32>dz); setArg(4, <u32>gates); setArg(5, <u32>cPrev);
  setArg(6, <u32>actC); setArg(7, <u32>dh); setArg(8, <u32>dc); setArg(9, <u32>carry); setArg(10, <u32>dSeq);
  setArg(11, dSeqStride); setArg(12, <u32>mask); setArg(13, zeroOutputForMask ? 1 : 0); setArg(14, <u32>recurrentKernelT);
  setArg(15, <u32>packedT); setArg(16, <u32>dhPrev); setArg(17, <u32>dropMask); setArg(18, goBackwards ? 1 : 0);
  setArg(19, act); setArg(20, rec);
  return dispatch(KIND_LSTM_SEQ_BACKWARD, sequenceThreads(B, T, 4 * U, U, maxThreads), true);
}

/**
 * The GRU forward over the whole sequence by rows of the batch, both forms (see sequence.ts):
 * g [T, B, 3U] holds every step's mx; mi [B, 3U] and rhRoom [B, U] (resetAfter = false without
 * keep) are room; hPrev and resetInput [T, B, U] are kept for backward (or 0). Returns threads used.
 */
export function gruSequenceForward(
  B: i32, U: i32, T: i32, g: usize, mi: usize, recBias: usize, h: usize, prev: usize, seq: usize, seqStride: i32,
  hPrev: usize, resetInput: usize, rhRoom: usize, mask: usize, zeroOutputForMask: bool, hInBase: usize, keep: bool,
  recurrentKernel: usize, recurrentPacked: usize, dropMask: usize, goBackwards: bool, resetAfter: bool, maxThreads: i32,
  act: i32, rec: i32,
): i32 {
  setArg(0, B); setArg(1, U); setArg(2, T); setArg(3, <u32>g); setArg(4, <u32>mi); setArg(5, <u32>recBias); setArg(6, <u32>h);
  setArg(7, <u32>prev); setArg(8, <u32>seq); setArg(9, seqStride); setArg(10, <u32>hPrev); setArg(11, <u32>resetInput);
  setArg(12, <u32>rhRoom); setArg(13, <u32>mask); setArg(14, zeroOutputForMask ? 1 : 0); setArg(15, <u32>hInBase);
  setArg(16, keep ? 1 : 0); setArg(17, <u32>recurrentKernel); setArg(18, <u32>recurrentPacked); setArg(19, <u32>dropMask);
  setArg(20, goBackwards ? 1 : 0); setArg(21, resetAfter ? 1 : 0); setArg(22, act); setArg(23, rec);
  return dispatch(KIND_GRU_SEQ_FORWARD, sequenceThreads(B, T, 3 * U, U, maxThreads), true);
}

/**
 * The GRU backward over the whole sequence by rows of the batch, both forms (see sequence.ts):
 * dmx, dmi [T, B, 3U] out; dh and carry [B, U] in and out; dhDirect, dhd, dRh [B, U] room.
 * Returns threads used.
 */
export function gruSequenceBackward(
  B: i32, U: i32, T: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize, resetInput: usize, hd: usize, dh: usize,
  dhDirect: usize, dhd: usize, dRh: usize, carry: usize, dSeq: usize, dSeqStride: i32, mask: usize, zeroOutputForMask: bool,
  recurrentKernelT: usize, packedT: usize, hT: usize, hPacked: usize, dropMask: usize, goBackwards: bool, resetAfter: bool,
  maxThreads: i32, act: i32, rec: i32,
): i32 {
  setArg(0, B); setArg(1, U); setArg(2, T); setArg(3, <u32>dmx); setArg(4, <u32>dmi); setArg(5, <u32>gates);
  setArg(6, <u32>hPrev); setArg(7, <u32>resetInput); setArg(8, <u32>hd); setArg(9, <u32>dh); setArg(10, <u32>dhDirect);
  setArg(11, <u32>dhd); setArg(12, <u32>dRh); setArg(13, <u32>carry); setArg(14, <u32>dSeq); setArg(15, dSeqStride);
  setArg(16, <u32>mask); setArg(17, zeroOutputForMask ? 1 : 0); setArg(18, <u32>recurrentKernelT); setArg(19, <u32>packedT);
  setArg(20, <u32>hT); setArg(21, <u32>hPacked); setArg(22, <u32>dropMask); setArg(23, goBackwards ? 1 : 0);
  setArg(24, resetAfter ? 1 : 0); setArg(25, act); setArg(26, rec);
  return dispatch(KIND_GRU_SEQ_BACKWARD, sequenceThreads(B, T, 3 * U, U, maxThreads), true);
}

/** The SimpleRNN forward over the whole sequence by rows of the batch (see sequence.ts). Returns threads used. */
export function simpleRnnSequenceForward(
  B: i32, U: i32, T: i32, z: usize, h: usize, prev: usize, seq: usize, seqStride: i32, mask: usize, zeroOutputForMask: bool,
  hInBase: usize, keep: bool, recurrentKernel: usize, recurrentPacked: usize, dropMask: usize, goBackwards: bool,
  maxThreads: i32, act: i32,
): i32 {
  setArg(0, B); setArg(1, U); setArg(2, T); setArg(3, <u32>z); setArg(4, <u32>h); setArg(5, <u32>prev); setArg(6, <u32>seq);
  setArg(7, seqStride); setArg(8, <u32>mask); setArg(9, zeroOutputForMask ? 1 : 0); setArg(10, <u32>hInBase);
  setArg(11, keep ? 1 : 0); setArg(12, <u32>recurrentKernel); setArg(13, <u32>recurrentPacked); setArg(14, <u32>dropMask);
  setArg(15, goBackwards ? 1 : 0); setArg(16, act);
  return dispatch(KIND_RNN_SEQ_FORWARD, sequenceThreads(B, T, U, U, maxThreads), true);
}

/** The SimpleRNN backward over the whole sequence by rows of the batch (see sequence.ts). Returns threads used. */
export function simpleRnnSequenceBackward(
  B: i32, U: i32, T: i32, dz: usize, outputs: usize, dh: usize, carry: usize, dSeq: usize, dSeqStride: i32, mask: usize,
  zeroOutputForMask: bool, recurrentKernelT: usize, packedT: usize, dhPrev: usize, dropMask: usize, goBackwards: bool,
  maxThreads: i32, act: i32,
): i32 {
  setArg(0, B); setArg(1, U); setArg(2, T); setArg(3, <u32>dz); setArg(4, <u32>outputs); setArg(5, <u32>dh);
  setArg(6, <u32>carry); setArg(7, <u32>dSeq); setArg(8, dSeqStride); setArg(9, <u32>mask); setArg(10, zeroOutputForMask ? 1 : 0);
  setArg(11, <u32>recurrentKernelT); setArg(12, <u32>packedT); setArg(13, <u32>dhPrev); setArg(14, <u32>dropMask);
  setArg(15, goBackwards ? 1 : 0); setArg(16, act);
  return dispatch(KIND_RNN_SEQ_BACKWARD, sequenceThreads(B, T, U, U, maxThreads), true);
}

/**
 * Threads for every kind of GRU step job: the same for all of them, as for the LSTM (3U
 * gate columns instead of 4U).
 */
function gruThreads(B: i32, U: i32, maxThreads: i32): i32 {
  const work = <f64>B * <f64>(3 * U) * <f64>U;
  return work >= THREAD_MIN_WORK || B * U >= THREAD_MIN_ELEMENTS ? maxThreads : 1;
}

/**
 * One forward GRU step (reset_after) for the whole batch, split by units (see jobs.ts):
 * mi [B, 3U] = hIn @ recurrentKernel, then the gates and state (see gru.ts), writing the
 * next step's hIn to hNext and row b of the output to seq + b * seqStride bytes.
 */
export function gruStepForward(
  B: i32, U: i32, g: usize, mi: usize, recBias: usize, h: usize, prev: usize, seq: usize, seqStride: i32, hPrevOut: usize,
  resetInputOut: usize, mask: usize, zeroOutputForMask: bool, hIn: usize, recurrentKernel: usize, recurrentPacked: usize,
  hNext: usize, dropMask: usize, maxThreads: i32, act: i32, rec: i32,
): void {
  setArg(19, act); setArg(20, rec);
  setArg(0, B); setArg(1, U); setArg(2, <u32>g); setArg(3, <u32>mi); setArg(4, <u32>recBias); setArg(5, <u32>h);
  setArg(6, <u32>prev); setArg(7, <u32>seq); setArg(8, <u32>hPrevOut); setArg(9, <u32>resetInputOut);
  setArg(10, <u32>mask); setArg(11, zeroOutputForMask ? 1 : 0);
  setArg(13, <u32>hIn); setArg(14, <u32>recurrentKernel); setArg(15, <u32>recurrentPacked);
  setArg(16, <u32>hNext); setArg(17, <u32>dropMask); setArg(18, <u32>seqStride);
  dispatch(KIND_GRU_FORWARD, gruThreads(B, U, maxThreads));
}

/**
 * One backward GRU step's pre-activation gradients for the whole batch, split by units;
 * row b of dSeq (or 0) at dSeq + b * dSeqStride bytes.
 */
export function gruStepBackward(
  B: i32, U: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize, resetInput: usize, dh: usize,
  dhDirect: usize, carry: usize, dSeq: usize, dSeqStride: i32, mask: usize, zeroOutputForMask: bool, maxThreads: i32,
  act: i32, rec: i32,
): void {
  setArg(14, act); setArg(15, rec);
  setArg(0, B); setArg(1, U); setArg(2, <u32>dmx); setArg(3, <u32>dmi); setArg(4, <u32>gates); setArg(5, <u32>hPrev);
  setArg(6, <u32>resetInput); setArg(7, <u32>dh); setArg(8, <u32>dhDirect); setArg(9, <u32>carry);
  setArg(10, <u32>dSeq); setArg(11, <u32>mask); setArg(12, zeroOutputForMask ? 1 : 0); setArg(13, <u32>dSeqStride);
  dispatch(KIND_GRU_BACKWARD, gruThreads(B, U, maxThreads));
}

/**
 * dhd [B, U] = dmi [B, 3U] @ recurrentKernelᵀ ([3U, U], packed or 0), then dh = dhDirect +
 * dhd (times dropMask) on the rows real at this step, split by units as gruStepBackward is.
 */
export function gruStepDh(
  B: i32, U: i32, dmi: usize, recurrentKernelT: usize, packedT: usize, dhd: usize, dh: usize, dhDirect: usize,
  dropMask: usize, mask: usize, maxThreads: i32,
): void {
  setArg(0, <u32>B); setArg(1, <u32>U); setArg(2, <u32>dmi); setArg(3, <u32>recurrentKernelT); setArg(4, <u32>packedT);
  setArg(5, <u32>dhd); setArg(6, <u32>dh); setArg(7, <u32>dhDirect); setArg(8, <u32>dropMask); setArg(9, <u32>mask);
  dispatch(KIND_GRU_DH, gruThreads(B, U, maxThreads));
}

/**
 * One forward step of the GRU with resetAfter = false, as two jobs split by units (see
 * gru.ts): z, r and rh = r ⊙ hIn (rh [B, U] out, kept for backward), then mi's third block =
 * rh @ R_h, the candidate and the state. g [B, 3U] holds mx (input projection plus the whole
 * bias) and receives z, r, hh; mi [B, 3U] is room for the recurrent products.
 */
export function gruStepForwardResetBefore(
  B: i32, U: i32, g: usize, mi: usize, h: usize, prev: usize, seq: usize, seqStride: i32, hPrevOut: usize, rh: usize,
  mask: usize, zeroOutputForMask: bool, hIn: usize, recurrentKernel: usize, recurrentPacked: usize,
  hNext: usize, dropMask: usize, maxThreads: i32, act: i32, rec: i32,
): void {
  setArg(0, B); setArg(1, U); setArg(2, <u32>g); setArg(3, <u32>mi); setArg(4, <u32>h); setArg(5, <u32>prev);
  setArg(6, <u32>seq); setArg(7, seqStride); setArg(8, <u32>hPrevOut); setArg(9, <u32>rh); setArg(10, <u32>mask);
  setArg(11, zeroOutputForMask ? 1 : 0); setArg(12, <u32>hIn); setArg(13, <u32>recurrentKernel);
  setArg(14, <u32>recurrentPacked); setArg(15, <u32>hNext); setArg(16, <u32>dropMask); setArg(17, act); setArg(18, rec);
  const threads = gruThreads(B, U, maxThreads);
  dispatch(KIND_GRU_RB_GATES, threads);
  dispatch(KIND_GRU_RB_CANDIDATE, threads);
}

/**
 * One backward step's pre-activation gradients for the GRU with resetAfter = false, as two
 * jobs split by units: everything but r's (dmi's h block left 0), then dRh [B, U] = dhh_pre @
 * R_hᵀ (recurrentHT: R_hᵀ [U, U], packed or 0), r's gradient, and dRh ⊙ r in dRh for
 * gruStepDhResetBefore. hd: [B, U] this step's h_{t-1} after dropout.
 */
export function gruStepBackwardResetBefore(
  B: i32, U: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize, hd: usize, dh: usize, dhDirect: usize, carry: usize,
  dSeq: usize, dSeqStride: i32, mask: usize, zeroOutputForMask: bool, recurrentHT: usize, recurrentHTPacked: usize,
  dRh: usize, maxThreads: i32, act: i32, rec: i32,
): void {
  setArg(0, B); setArg(1, U); setArg(2, <u32>dmx); setArg(3, <u32>dmi); setArg(4, <u32>gates); setArg(5, <u32>hPrev);
  setArg(6, <u32>hd); setArg(7, <u32>dh); setArg(8, <u32>dhDirect); setArg(9, <u32>carry); setArg(10, <u32>dSeq);
  setArg(11, dSeqStride); setArg(12, <u32>mask); setArg(13, zeroOutputForMask ? 1 : 0); setArg(14, <u32>recurrentHT);
  setArg(15, <u32>recurrentHTPacked); setArg(16, <u32>dRh); setArg(17, act); setArg(18, rec);
  const threads = gruThreads(B, U, maxThreads);
  dispatch(KIND_GRU_RB_BACKWARD, threads);
  dispatch(KIND_GRU_RB_GATE_GRADS, threads);
}

/**
 * dhd [B, U] = dmi[:, :2U] @ [R_z, R_r]ᵀ (recurrentZRT: [2U, U], packed or 0) + dRh, then
 * dh = dhDirect + dhd (times dropMask) on the rows real at this step.
 */
export function gruStepDhResetBefore(
  B: i32, U: i32, dmi: usize, recurrentZRT: usize, packedT: usize, dhd: usize, dh: usize, dhDirect: usize, dRh: usize,
  dropMask: usize, mask: usize, maxThreads: i32,
): void {
  setArg(0, B); setArg(1, U); setArg(2, <u32>dmi); setArg(3, <u32>recurrentZRT); setArg(4, <u32>packedT);
  setArg(5, <u32>dhd); setArg(6, <u32>dh); setArg(7, <u32>dhDirect); setArg(8, <u32>dRh); setArg(9, <u32>dropMask);
  setArg(10, <u32>mask);
  dispatch(KIND_GRU_RB_DH, gruThreads(B, U, maxThreads));
}

/** Threads for every kind of SimpleRNN step job, as for the LSTM (U gate columns instead of 4U). */
function simpleRnnThreads(B: i32, U: i32, maxThreads: i32): i32 {
  const work = <f64>B * <f64>U * <f64>U;
  return work >= THREAD_MIN_WORK || B * U >= THREAD_MIN_ELEMENTS ? maxThreads : 1;
}

/**
 * One forward SimpleRNN step for the whole batch, split by units: z [B, U] (the step's input
 * projection) += hIn @ recurrentKernel (skipped when hIn is 0), then h = act(z) (see
 * simpleRnn.ts), writing the next step's hIn to hNext and row b of the output to
 * seq + b * seqStride bytes.
 */
export function simpleRnnStepForward(
  B: i32, U: i32, z: usize, h: usize, prev: usize, seq: usize, seqStride: i32, mask: usize, zeroOutputForMask: bool,
  hIn: usize, recurrentKernel: usize, recurrentPacked: usize, hNext: usize, dropMask: usize, maxThreads: i32, act: i32,
): void {
  setArg(0, B); setArg(1, U); setArg(2, <u32>z); setArg(3, <u32>h); setArg(4, <u32>prev); setArg(5, <u32>seq);
  setArg(6, seqStride); setArg(7, <u32>mask); setArg(8, zeroOutputForMask ? 1 : 0); setArg(9, <u32>hIn);
  setArg(10, <u32>recurrentKernel); setArg(11, <u32>recurrentPacked); setArg(12, <u32>hNext); setArg(13, <u32>dropMask);
  setArg(14, act);
  dispatch(KIND_RNN_FORWARD, simpleRnnThreads(B, U, maxThreads));
}

/** One backward SimpleRNN step's pre-activation gradients for the whole batch, split by units. */
export function simpleRnnStepBackward(
  B: i32, U: i32, dz: usize, hOut: usize, dh: usize, carry: usize, dSeq: usize, dSeqStride: i32, mask: usize,
  zeroOutputForMask: bool, maxThreads: i32, act: i32,
): void {
  setArg(0, B); setArg(1, U); setArg(2, <u32>dz); setArg(3, <u32>hOut); setArg(4, <u32>dh); setArg(5, <u32>carry);
  setArg(6, <u32>dSeq); setArg(7, dSeqStride); setArg(8, <u32>mask); setArg(9, zeroOutputForMask ? 1 : 0); setArg(10, act);
  dispatch(KIND_RNN_BACKWARD, simpleRnnThreads(B, U, maxThreads));
}

/**
 * dhPrev [B, U] = dz [B, U] @ recurrentKernelᵀ ([U, U], packed or 0), then dh = dhPrev (times
 * dropMask) on the rows real at this step, split by units as simpleRnnStepBackward is.
 */
export function simpleRnnStepDh(
  B: i32, U: i32, dz: usize, recurrentKernelT: usize, packedT: usize, dhPrev: usize, dh: usize,
  dropMask: usize, mask: usize, maxThreads: i32,
): void {
  setArg(0, B); setArg(1, U); setArg(2, <u32>dz); setArg(3, <u32>recurrentKernelT); setArg(4, <u32>packedT);
  setArg(5, <u32>dhPrev); setArg(6, <u32>dh); setArg(7, <u32>dropMask); setArg(8, <u32>mask);
  dispatch(KIND_RNN_DH, simpleRnnThreads(B, U, maxThreads));
}

/** Adds bias[cols] to each of `rows` rows of x. */
export function addRowVector(x: usize, bias: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) addInto(x + (<usize>r * <usize>cols << 2), bias, cols);
}

/** out[cols] += column sums of x[rows, cols]. */
export function addColumnSums(out: usize, x: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) addInto(out, x + (<usize>r * <usize>cols << 2), cols);
}

/** Copies n floats from each of `rows` rows: dst row r at dst + r * dstStride floats, src row r at src + r * srcStride. */
export function copyBlock(dst: usize, src: usize, rows: i32, srcStride: i32, dstStride: i32, n: i32): void {
  for (let r = 0; r < rows; r++) {
    memory.copy(dst + (<usize>r * <usize>dstStride << 2), src + (<usize>r * <usize>srcStride << 2), <usize>n << 2);
  }
}

/**
 * dst row p = src row slots[p] for p < count, rows of `width` floats; slots are i32. The
 * projection of an Embedding's output, made once per distinct token, spread back to every
 * position that holds it.
 */
export function gatherRows(dst: usize, src: usize, slots: usize, count: i32, width: i32): void {
  const rowBytes = <usize>width << 2;
  for (let p = 0; p < count; p++) {
    const slot = <usize>load<i32>(slots + (<usize>p << 2));
    memory.copy(dst + <usize>p * rowBytes, src + slot * rowBytes, rowBytes);
  }
}

/**
 * dst row slots[p] += src row p for p < count, in order of p (so the sums do not depend on
 * threads): the gradient of every position that holds a token, summed into that token's row.
 */
export function scatterAddRows(dst: usize, src: usize, slots: usize, count: i32, width: i32): void {
  const rowBytes = <usize>width << 2;
  for (let p = 0; p < count; p++) {
    const slot = <usize>load<i32>(slots + (<usize>p << 2));
    addInto(dst + slot * rowBytes, src + <usize>p * rowBytes, width);
  }
}

/** dst[n] = a[n] * b[n]. */
export function multiply(dst: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(dst + p, load<f32>(a + p) * load<f32>(b + p));
  }
}

/** dst [Bn, A] = src [A, Bn] by rows of rowBytes bytes: [A, Bn, F] data as [Bn, A, F]. */
export function swapRows(dst: usize, src: usize, A: i32, Bn: i32, rowBytes: i32): void {
  const rb = <usize>rowBytes;
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < Bn; b++) {
      memory.copy(dst + (<usize>b * <usize>A + <usize>a) * rb, src + (<usize>a * <usize>Bn + <usize>b) * rb, rb);
    }
  }
}

/** dst[cols, rows] = src[rows, cols]ᵀ. */
export function transpose(dst: usize, src: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f32>(dst + ((<usize>c * <usize>rows + <usize>r) << 2), load<f32>(src + ((<usize>r * <usize>cols + <usize>c) << 2)));
    }
  }
}

export function stopWorkers(): void {
  stop();
}

export function resetWorkers(): void {
  reset();
}

export function readyWorkers(): i32 {
  return ready();
}
