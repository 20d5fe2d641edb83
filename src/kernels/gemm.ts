/**
 * The matrix product every op calls: the wasm SIMD product for float32 work big enough to
 * pay for copying into WebAssembly memory, the TypeScript product otherwise (float64, small
 * shapes, or setBackend('js')). Same contract as kernels/fast/gemm.ts.
 */
import type { FloatArray } from '../tensor/tensor.js';
import { checkExtent, gemm as gemmJs } from './fast/gemm.js';
import { activeWasm } from './backend.js';
import { wasmGemm } from './wasm/gemm.js';

/** Below this many multiply-adds the copies into wasm memory cost more than they save. */
const WASM_MIN_WORK = 32768;

/**
 * C[M,N] = (accumulate ? C : 0) + op(A) @ op(B), row-major; see kernels/fast/gemm.ts.
 * @example gemm(false, false, 2, 2, 2, a, 0, b, 0, c, 0, false) // c = a @ b
 */
export function gemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOffset: number, B: FloatArray, bOffset: number, C: FloatArray, cOffset: number,
  accumulate: boolean,
): void {
  if (M * N * K >= WASM_MIN_WORK && A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array) {
    const active = activeWasm();
    if (active) {
      checkExtent('A', A, aOffset, M * K);
      checkExtent('B', B, bOffset, K * N);
      checkExtent('C', C, cOffset, M * N);
      wasmGemm(active.rt, active.threads, transA, transB, M, N, K, A, aOffset, B, bOffset, C, cOffset, accumulate);
      return;
    }
  }
  gemmJs(transA, transB, M, N, K, A, aOffset, B, bOffset, C, cOffset, accumulate);
}
