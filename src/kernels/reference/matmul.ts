/**
 * The plain triple-loop matrix product: slow, obviously correct, and the yardstick the fast
 * kernels are tested against.
 */
import type { FloatArray } from '../../tensor/tensor.js';

/**
 * C[M,N] = (accumulate ? C : 0) + op(A) @ op(B), row-major and packed.
 *
 * op(A) is A stored as [M,K], or with `transA` A stored as [K,M] and read transposed; likewise
 * op(B) is B stored as [K,N], or with `transB` stored as [N,K]. The offsets address a block
 * inside a bigger buffer. Sums are formed in double precision and stored once.
 * @example
 * const C = new Float64Array(4);
 * matmulReference(false, false, 2, 2, 1, new Float64Array([1, 2]), 0, new Float64Array([3, 4]), 0, C, 0, false);
 * // C = [3, 4, 6, 8]
 */
export function matmulReference(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  aOffset: number,
  B: FloatArray,
  bOffset: number,
  C: FloatArray,
  cOffset: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const a = transA ? A[aOffset + k * M + i]! : A[aOffset + i * K + k]!;
        const b = transB ? B[bOffset + j * K + k]! : B[bOffset + k * N + j]!;
        sum += a * b;
      }
      const c = cOffset + i * N + j;
      C[c] = accumulate ? C[c]! + sum : sum;
    }
  }
}
