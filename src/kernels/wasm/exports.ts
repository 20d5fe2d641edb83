/** The functions the WebAssembly module exports (src/kernels/wasm/assembly/index.ts). Pointers are byte addresses. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  setControl(ptr: number): void;
  heapBase(): number;
  usesRelaxedSimd(): number;
  /**
   * C[M,N] (+)= op(A) @ B; op(A)[i,k] at a + 4*(i*aRowStride + k*aColStride); bPacked: B after
   * packB, or 0; packFirst 1: bPacked is room that the product fills first. Returns threads used.
   */
  gemm(
    M: number, N: number, K: number, a: number, aRowStride: number, aColStride: number, b: number, c: number,
    accumulate: number, maxThreads: number, bPacked: number, packFirst: number,
  ): number;
  /** Copies B [K, N] into 8-column panels at dst (K * floor(N/8) * 8 floats) for gemm's bPacked. */
  packB(dst: number, b: number, K: number, N: number): void;
  /**
   * z += hIn @ recurrentKernel (hIn 0: skipped), then gates and states; hNext receives h (times
   * dropMask). act, rec: activation codes (activationCodes.ts), as in every step kernel.
   */
  lstmStepForward(
    B: number, U: number, z: number, c: number, h: number, prev: number, seq: number, seqStride: number, cPrevOut: number,
    actCOut: number, mask: number, zeroOutputForMask: number, hIn: number, recurrentKernel: number,
    recurrentPacked: number, hNext: number, dropMask: number, maxThreads: number, act: number, rec: number,
  ): void;
  lstmStepBackward(
    B: number, U: number, dz: number, gates: number, cPrev: number, actC: number, dh: number, dc: number,
    carry: number, dSeq: number, dSeqStride: number, mask: number, zeroOutputForMask: number, maxThreads: number,
    act: number, rec: number,
  ): void;
  /** dhPrev = dz @ recurrentKernelᵀ, then dh = dhPrev (times dropMask) on rows real at this step. */
  lstmStepDh(
    B: number, U: number, dz: number, recurrentKernelT: number, packedT: number, dhPrev: number, dh: number,
    dropMask: number, mask: number, maxThreads: number,
  ): void;
  /**
   * The whole forward time loop, each thread on its own rows of the batch (assembly/sequence.ts):
   * hInBase is hPrevDropped [T, B, U] (keep = 1) or two [B, U] buffers in turn. Returns threads used.
   */
  lstmSequenceForward(
    B: number, U: number, T: number, z: number, c: number, h: number, prev: number, seq: number, seqStride: number,
    cPrev: number, actC: number, mask: number, zeroOutputForMask: number, hInBase: number, keep: number,
    recurrentKernel: number, recurrentPacked: number, dropMask: number, goBackwards: number, maxThreads: number,
    act: number, rec: number,
  ): number;
  /** The whole backward time loop by rows of the batch: dz [T, B, 4U] out, dh/dc/carry in and out. Returns threads used. */
  lstmSequenceBackward(
    B: number, U: number, T: number, dz: number, gates: number, cPrev: number, actC: number, dh: number, dc: number,
    carry: number, dSeq: number, dSeqStride: number, mask: number, zeroOutputForMask: number, recurrentKernelT: number,
    packedT: number, dhPrev: number, dropMask: number, goBackwards: number, maxThreads: number, act: number, rec: number,
  ): number;
  /** The GRU's whole forward time loop by rows of the batch, both forms (assembly/sequence.ts). Returns threads used. */
  gruSequenceForward(
    B: number, U: number, T: number, g: number, mi: number, recBias: number, h: number, prev: number, seq: number,
    seqStride: number, hPrev: number, resetInput: number, rhRoom: number, mask: number, zeroOutputForMask: number,
    hInBase: number, keep: number, recurrentKernel: number, recurrentPacked: number, dropMask: number, goBackwards: number,
    resetAfter: number, maxThreads: number, act: number, rec: number,
  ): number;
  /** The GRU's whole backward time loop by rows of the batch, both forms. Returns threads used. */
  gruSequenceBackward(
    B: number, U: number, T: number, dmx: number, dmi: number, gates: number, hPrev: number, resetInput: number, hd: number,
    dh: number, dhDirect: number, dhd: number, dRh: number, carry: number, dSeq: number, dSeqStride: number, mask: number,
    zeroOutputForMask: number, recurrentKernelT: number, packedT: number, hT: number, hPacked: number, dropMask: number,
    goBackwards: number, resetAfter: number, maxThreads: number, act: number, rec: number,
  ): number;
  /** The SimpleRNN's whole forward time loop by rows of the batch. Returns threads used. */
  simpleRnnSequenceForward(
    B: number, U: number, T: number, z: number, h: number, prev: number, seq: number, seqStride: number, mask: number,
    zeroOutputForMask: number, hInBase: number, keep: number, recurrentKernel: number, recurrentPacked: number,
    dropMask: number, goBackwards: number, maxThreads: number, act: number,
  ): number;
  /** The SimpleRNN's whole backward time loop by rows of the batch. Returns threads used. */
  simpleRnnSequenceBackward(
    B: number, U: number, T: number, dz: number, outputs: number, dh: number, carry: number, dSeq: number, dSeqStride: number,
    mask: number, zeroOutputForMask: number, recurrentKernelT: number, packedT: number, dhPrev: number, dropMask: number,
    goBackwards: number, maxThreads: number, act: number,
  ): number;
  /** mi = hIn @ recurrentKernel, then gates and state; hNext receives h (times dropMask). */
  gruStepForward(
    B: number, U: number, g: number, mi: number, recBias: number, h: number, prev: number, seq: number, seqStride: number,
    hPrevOut: number, resetInputOut: number, mask: number, zeroOutputForMask: number, hIn: number,
    recurrentKernel: number, recurrentPacked: number, hNext: number, dropMask: number, maxThreads: number, act: number, rec: number,
  ): void;
  gruStepBackward(
    B: number, U: number, dmx: number, dmi: number, gates: number, hPrev: number, resetInput: number, dh: number,
    dhDirect: number, carry: number, dSeq: number, dSeqStride: number, mask: number, zeroOutputForMask: number, maxThreads: number,
    act: number, rec: number,
  ): void;
  /** dhd = dmi @ recurrentKernelᵀ, then dh = dhDirect + dhd (times dropMask) on rows real at this step. */
  gruStepDh(
    B: number, U: number, dmi: number, recurrentKernelT: number, packedT: number, dhd: number, dh: number,
    dhDirect: number, dropMask: number, mask: number, maxThreads: number,
  ): void;
  /** resetAfter = false: z, r, rh = r ⊙ hIn (rh kept), then mi_h = rh @ R_h, the candidate and state. */
  gruStepForwardResetBefore(
    B: number, U: number, g: number, mi: number, h: number, prev: number, seq: number, seqStride: number, hPrevOut: number,
    rh: number, mask: number, zeroOutputForMask: number, hIn: number, recurrentKernel: number, recurrentPacked: number,
    hNext: number, dropMask: number, maxThreads: number, act: number, rec: number,
  ): void;
  /** resetAfter = false: the step's pre-activation gradients, and dRh = (dhh_pre @ R_hᵀ) ⊙ r. */
  gruStepBackwardResetBefore(
    B: number, U: number, dmx: number, dmi: number, gates: number, hPrev: number, hd: number, dh: number, dhDirect: number,
    carry: number, dSeq: number, dSeqStride: number, mask: number, zeroOutputForMask: number, recurrentHT: number,
    recurrentHTPacked: number, dRh: number, maxThreads: number, act: number, rec: number,
  ): void;
  /** resetAfter = false: dhd = dmi[:, :2U] @ [R_z, R_r]ᵀ + dRh, then dh = dhDirect + dhd (times dropMask) on real rows. */
  gruStepDhResetBefore(
    B: number, U: number, dmi: number, recurrentZRT: number, packedT: number, dhd: number, dh: number, dhDirect: number,
    dRh: number, dropMask: number, mask: number, maxThreads: number,
  ): void;
  /** z += hIn @ recurrentKernel (hIn 0: skipped), then h = act(z) in place; hNext receives h (times dropMask). */
  simpleRnnStepForward(
    B: number, U: number, z: number, h: number, prev: number, seq: number, seqStride: number, mask: number,
    zeroOutputForMask: number, hIn: number, recurrentKernel: number, recurrentPacked: number, hNext: number,
    dropMask: number, maxThreads: number, act: number,
  ): void;
  simpleRnnStepBackward(
    B: number, U: number, dz: number, hOut: number, dh: number, carry: number, dSeq: number, dSeqStride: number,
    mask: number, zeroOutputForMask: number, maxThreads: number, act: number,
  ): void;
  /** dhPrev = dz @ recurrentKernelᵀ, then dh = dhPrev (times dropMask) on rows real at this step. */
  simpleRnnStepDh(
    B: number, U: number, dz: number, recurrentKernelT: number, packedT: number, dhPrev: number, dh: number,
    dropMask: number, mask: number, maxThreads: number,
  ): void;
  addRowVector(x: number, bias: number, rows: number, cols: number): void;
  addColumnSums(out: number, x: number, rows: number, cols: number): void;
  multiply(dst: number, a: number, b: number, n: number): void;
  /** n floats from each of `rows` rows, src rows srcStride floats apart, dst rows dstStride apart. */
  copyBlock(dst: number, src: number, rows: number, srcStride: number, dstStride: number, n: number): void;
  transpose(dst: number, src: number, rows: number, cols: number): void;
  /** dst row p = src row slots[p] (slots: i32 at a pointer), rows of `width` floats. */
  gatherRows(dst: number, src: number, slots: number, count: number, width: number): void;
  /** dst row slots[p] += src row p, in order of p. */
  scatterAddRows(dst: number, src: number, slots: number, count: number, width: number): void;
  /** dst = src [A, Bn, F] as [Bn, A, F], rows of rowBytes bytes. */
  swapRows(dst: number, src: number, A: number, Bn: number, rowBytes: number): void;
  /** Runs share `share` of `count` of the job in the control block (worker threads call this). */
  runShare(kind: number, share: number, count: number): void;
  /** A worker's part in the job it was last invited to (assembly/threads.ts), if it may still join. */
  workerShare(slot: number): void;
  /** 1 when the thread that calls the kernels may block in atomic.wait while workers finish (Node), 0 when it must spin. */
  setCallerMayBlock(may: number): void;
  stopWorkers(): void;
  resetWorkers(): void;
  readyWorkers(): number;
}
