/**
 * A fast matrix product in plain TypeScript (no WASM, no SIMD).
 *
 * The layout follows the GotoBLAS recipe, shrunk to what a JIT can keep in registers:
 * op(A) and op(B) are copied ("packed") block by block into scratch buffers so that the
 * innermost loop reads both operands contiguously whatever the transpose flags, and a 4x4
 * block of C is accumulated in local variables (16 independent sums, no loads or stores of C
 * inside the k loop). Packing costs O(MK + KN) against O(MNK) arithmetic, so shapes that are
 * thin in M or N skip it and use direct loops whose inner loop is already contiguous.
 *
 * The scratch buffers are module-level and grow on demand, so a steady-state call allocates
 * nothing. Packing converts to float64; a float32 C still receives float32-rounded results
 * (each 4x4 tile of sums is rounded once per K-block when stored).
 */
import type { FloatArray } from '../../tensor/tensor.js';

/** Rows of C per register tile. */
const MR = 4;
/** Columns of C per register tile. */
const NR = 4;
/** Depth of one packed block: a 4 x KC panel of A and a KC x 4 panel of B stay in L1. */
const KC = 256;
/** Rows of A packed at once (a multiple of MR): the packed A block stays in L2. */
const MC = 128;
/** Below this many multiply-adds, packing costs more than it saves. */
const DIRECT_WORK = 4096;

let packedA = new Float64Array(MC * KC);
let packedB = new Float64Array(0);

/**
 * C[M,N] = (accumulate ? C : 0) + op(A) @ op(B); row-major, packed.
 *
 * op(A) is A as [M,K], or with `transA` A stored as [K,M] and transposed; likewise op(B) with
 * `transB`: B stored [K,N] or [N,K]. Offsets let callers address sub-blocks of bigger buffers.
 * C must not overlap A or B.
 * @example
 * // gates[B, 4U] += h[B, U] @ recurrentKernel[U, 4U]
 * gemm(false, false, batch, 4 * units, units, h, 0, recurrentKernel, 0, gates, 0, true);
 */
export function gemm(
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
  checkExtent('A', A, aOffset, M * K);
  checkExtent('B', B, bOffset, K * N);
  checkExtent('C', C, cOffset, M * N);
  if (!accumulate) C.fill(0, cOffset, cOffset + M * N);
  if (M === 0 || N === 0 || K === 0) return;
  // Element (i, k) of op(A) is at aOffset + i * aRow + k * aCol; (k, j) of op(B) likewise.
  const aRow = transA ? 1 : K;
  const aCol = transA ? M : 1;
  const bRow = transB ? 1 : N;
  const bCol = transB ? K : 1;
  if (M < MR || N < NR || M * N * K < DIRECT_WORK) {
    if (transB) directDot(M, N, K, A, aOffset, aRow, aCol, B, bOffset, K, C, cOffset);
    else directAxpy(M, N, K, A, aOffset, aRow, aCol, B, bOffset, C, cOffset);
    return;
  }
  const nPanels = Math.ceil(N / NR);
  if (packedB.length < nPanels * NR * KC) packedB = new Float64Array(nPanels * NR * KC);
  for (let pc = 0; pc < K; pc += KC) {
    const kc = Math.min(KC, K - pc);
    packB(B, bOffset + pc * bRow, bRow, bCol, kc, N, packedB);
    for (let ic = 0; ic < M; ic += MC) {
      const mc = Math.min(MC, M - ic);
      packA(A, aOffset + ic * aRow + pc * aCol, aRow, aCol, mc, kc, packedA);
      macroKernel(mc, N, kc, packedA, packedB, C, cOffset + ic * N, N);
    }
  }
}

/** Throws a RangeError naming the argument when `data` has fewer than `size` values from `offset`. */
export function checkExtent(argName: string, data: FloatArray, offset: number, size: number): void {
  if (!(Number.isInteger(offset) && offset >= 0 && offset + size <= data.length)) {
    throw new RangeError(
      `gemm: argument '${argName}' needs ${size} values from offset ${offset}, but its buffer has ${data.length}`,
    );
  }
}

/**
 * Copies a kc x N block of op(B) into panels of NR columns: panel p holds, for each k, the
 * NR values op(B)[k, p*NR .. p*NR+NR), zero-padded past N. The loop runs along whichever
 * source axis is contiguous.
 */
function packB(
  B: FloatArray, base: number, bRow: number, bCol: number, kc: number, N: number, out: Float64Array,
): void {
  const nPanels = Math.ceil(N / NR);
  if (bCol === 1) {
    for (let k = 0; k < kc; k++) {
      const src = base + k * bRow;
      for (let j = 0; j < N; j++) out[((j >> 2) * kc + k) * NR + (j & 3)] = B[src + j]!;
    }
  } else {
    for (let j = 0; j < N; j++) {
      const src = base + j * bCol;
      const dst = (j >> 2) * kc * NR + (j & 3);
      for (let k = 0; k < kc; k++) out[dst + k * NR] = B[src + k]!;
    }
  }
  for (let j = N; j < nPanels * NR; j++) {
    const dst = (j >> 2) * kc * NR + (j & 3);
    for (let k = 0; k < kc; k++) out[dst + k * NR] = 0;
  }
}

/** Copies an mc x kc block of op(A) into panels of MR rows, zero-padded past mc. */
function packA(
  A: FloatArray, base: number, aRow: number, aCol: number, mc: number, kc: number, out: Float64Array,
): void {
  const mPanels = Math.ceil(mc / MR);
  if (aCol === 1) {
    for (let i = 0; i < mc; i++) {
      const src = base + i * aRow;
      const dst = (i >> 2) * kc * MR + (i & 3);
      for (let k = 0; k < kc; k++) out[dst + k * MR] = A[src + k]!;
    }
  } else {
    for (let k = 0; k < kc; k++) {
      const src = base + k * aCol;
      for (let i = 0; i < mc; i++) out[((i >> 2) * kc + k) * MR + (i & 3)] = A[src + i]!;
    }
  }
  for (let i = mc; i < mPanels * MR; i++) {
    const dst = (i >> 2) * kc * MR + (i & 3);
    for (let k = 0; k < kc; k++) out[dst + k * MR] = 0;
  }
}

/** Reused for tiles that stick out past the edge of C. */
const edgeTile = new Float64Array(MR * NR);

/** C[mc, N] += packedA-block @ packedB-block, one 4x4 register tile at a time. */
function macroKernel(
  mc: number, N: number, kc: number, pa: Float64Array, pb: Float64Array, C: FloatArray, cBase: number, ldc: number,
): void {
  const panelA = kc * MR;
  const panelB = kc * NR;
  for (let j0 = 0; j0 < N; j0 += NR) {
    const bStart = (j0 >> 2) * panelB;
    for (let i0 = 0; i0 < mc; i0 += MR) {
      let ia = (i0 >> 2) * panelA;
      let ib = bStart;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0; k < kc; k++) {
        const a0 = pa[ia]!, a1 = pa[ia + 1]!, a2 = pa[ia + 2]!, a3 = pa[ia + 3]!;
        const b0 = pb[ib]!, b1 = pb[ib + 1]!, b2 = pb[ib + 2]!, b3 = pb[ib + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        ia += MR;
        ib += NR;
      }
      const c = cBase + i0 * ldc + j0;
      if (i0 + MR <= mc && j0 + NR <= N) {
        C[c] += c00; C[c + 1] += c01; C[c + 2] += c02; C[c + 3] += c03;
        const c1 = c + ldc;
        C[c1] += c10; C[c1 + 1] += c11; C[c1 + 2] += c12; C[c1 + 3] += c13;
        const c2 = c1 + ldc;
        C[c2] += c20; C[c2 + 1] += c21; C[c2 + 2] += c22; C[c2 + 3] += c23;
        const c3 = c2 + ldc;
        C[c3] += c30; C[c3 + 1] += c31; C[c3 + 2] += c32; C[c3 + 3] += c33;
      } else {
        const t = edgeTile;
        t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
        t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
        t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23;
        t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
        const rows = Math.min(MR, mc - i0);
        const cols = Math.min(NR, N - j0);
        for (let r = 0; r < rows; r++) {
          for (let s = 0; s < cols; s++) C[c + r * ldc + s] += t[r * NR + s]!;
        }
      }
    }
  }
}

/**
 * C += op(A) @ B for B stored [K,N]: for each row of C, add a multiple of each row of B. The
 * inner loop walks a row of B and a row of C contiguously. C already holds the old values
 * (or zeros), so it is read and written in place.
 */
function directAxpy(
  M: number, N: number, K: number, A: FloatArray, aOffset: number, aRow: number, aCol: number,
  B: FloatArray, bOffset: number, C: FloatArray, cOffset: number,
): void {
  for (let i = 0; i < M; i++) {
    const cRow = cOffset + i * N;
    for (let k = 0; k < K; k++) {
      const a = A[aOffset + i * aRow + k * aCol]!;
      const bRow = bOffset + k * N;
      for (let j = 0; j < N; j++) C[cRow + j] += a * B[bRow + j]!;
    }
  }
}

/** C += op(A) @ B^T for B stored [N,K]: each entry is a dot product along rows of B. */
function directDot(
  M: number, N: number, K: number, A: FloatArray, aOffset: number, aRow: number, aCol: number,
  B: FloatArray, bOffset: number, ldb: number, C: FloatArray, cOffset: number,
): void {
  for (let i = 0; i < M; i++) {
    const aStart = aOffset + i * aRow;
    for (let j = 0; j < N; j++) {
      const bStart = bOffset + j * ldb;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += A[aStart + k * aCol]! * B[bStart + k]!;
      C[cOffset + i * N + j] += sum;
    }
  }
}
