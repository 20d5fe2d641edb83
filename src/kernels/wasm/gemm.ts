/**
 * The wasm matrix product for operands that live in ordinary typed arrays (Dense layers, the
 * GRU and SimpleRNN kernels): copy in, multiply, copy out. The copies are O(MK + KN + MN)
 * against O(MNK) arithmetic, so kernels/gemm.ts only sends products large enough to win.
 * A B stored [N, K] is transposed while it is copied in, since the wasm product reads B as
 * [K, N].
 */

import type { WasmRuntime } from './runtime.js';
import { withThreads } from './adaptiveThreads.js';

/** Rows of A from which packing B (one copy of B) pays for itself. */
const PACK_MIN_ROWS = 8;

/**
 * Room for B [K, N] packed (0 when N has no whole panel), for a gemm call with packFirst,
 * which fills it.
 */
export function packRoom(rt: WasmRuntime, K: number, N: number): number {
  const panels = N >> 3;
  return panels === 0 || K === 0 ? 0 : rt.arena.alloc(panels * 8 * K);
}

/**
 * B [K, N] (at pointer b) packed into 8-column panels in scratch memory, for gemm's bPacked;
 * 0 when N has no whole panel. The scratch lives until the caller releases its arena mark.
 */
export function packedB(rt: WasmRuntime, b: number, K: number, N: number): number {
  const bp = packRoom(rt, K, N);
  if (bp) rt.exports.packB(bp, b, K, N);
  return bp;
}

/** C (+)= op(A) @ B on wasm pointers, packing B first when A has enough rows to repay it. */
export function wasmProduct(
  rt: WasmRuntime, threads: number, M: number, N: number, K: number,
  a: number, aRowStride: number, aColStride: number, b: number, c: number, accumulate: boolean,
): void {
  const mark = rt.arena.mark();
  try {
    const bp = M >= PACK_MIN_ROWS ? packRoom(rt, K, N) : 0;
    rt.exports.gemm(M, N, K, a, aRowStride, aColStride, b, c, accumulate ? 1 : 0, threads, bp, 1);
  } finally {
    rt.arena.release(mark);
  }
}

export function wasmGemm(
  rt: WasmRuntime, threads: number,
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOffset: number, B: Float32Array, bOffset: number, C: Float32Array, cOffset: number,
  accumulate: boolean,
): void {
  const arena = rt.arena;
  const mark = arena.mark();
  try {
    const a = arena.put(A.subarray(aOffset, aOffset + M * K));
    const b = arena.alloc(K * N);
    const mem = arena.f32();
    if (transB) {
      const base = b >> 2;
      for (let j = 0; j < N; j++) {
        const src = bOffset + j * K;
        for (let k = 0; k < K; k++) mem[base + k * N + j] = B[src + k]!;
      }
    } else {
      mem.set(B.subarray(bOffset, bOffset + K * N), b >> 2);
    }
    const c = accumulate ? arena.put(C.subarray(cOffset, cOffset + M * N)) : arena.alloc(M * N);
    // Each shape is its own call site of the run-time thread choice (adaptiveThreads.ts).
    withThreads(`gemm ${M} ${N} ${K} ${transA ? 1 : 0}`, threads, 1, (n) =>
      wasmProduct(rt, n, M, N, K, a, transA ? 1 : K, transA ? M : 1, b, c, accumulate),
    );
    C.set(arena.f32().subarray(c >> 2, (c >> 2) + M * N), cOffset);
  } finally {
    arena.release(mark);
  }
}

