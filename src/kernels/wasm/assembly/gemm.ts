// C[M,N] (+)= op(A)[M,K] @ B[K,N], float32, on one thread's share of the columns or rows.
//
// op(A) is addressed through strides, so a transposed A costs nothing: element (i, k) sits
// at a + i*aRowStride + k*aColStride (bytes). B is row-major [K, N] with row stride ldb;
// callers transpose a B that is stored [N, K] once, before the product (the recurrent loop
// does it once per call, not per step). C is row-major with row stride ldc.
//
// B may come pre-packed (packB): the LSTM packs its recurrent kernel once per call and
// every step's product then reads it sequentially.
//
// Blocking: NC columns of B at a time (kept in L2), KC of K at a time (a 4-row strip of A
// and a KC x 8 slice of B in L1).
// The inner loop keeps a 4 x 8 tile of C in eight vector registers: per k it broadcasts four
// values of A (v128.load32_splat), loads two vectors of B and does eight multiply-adds. K is
// cut into blocks of KC so the 4-row strip of A and a KC x 8 slice of B stay in L1, and C
// tiles are loaded once per block.
import { madd } from './simd';

const KC: i32 = 256;
/** Columns per block: a KC x NC block of B (256 KiB) stays in L2 while every row strip of A
 *  passes over it. */
const NC: i32 = 256;

// @ts-ignore: decorator
@inline function tile4x8(a: usize, ars: usize, acs: usize, b: usize, ldb: usize, c: usize, ldc: usize, kc: i32, fresh: bool): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  const z = f32x4.splat(0);
  let s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
  if (!fresh) {
    s00 = v128.load(c); s01 = v128.load(c, 16);
    s10 = v128.load(c1); s11 = v128.load(c1, 16);
    s20 = v128.load(c2); s21 = v128.load(c2, 16);
    s30 = v128.load(c3); s31 = v128.load(c3, 16);
  }
  const a1 = a + ars, a2 = a1 + ars, a3 = a2 + ars;
  let off: usize = 0;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let av = v128.load32_splat(a + off);
    s00 = madd(av, b0, s00); s01 = madd(av, b1, s01);
    av = v128.load32_splat(a1 + off);
    s10 = madd(av, b0, s10); s11 = madd(av, b1, s11);
    av = v128.load32_splat(a2 + off);
    s20 = madd(av, b0, s20); s21 = madd(av, b1, s21);
    av = v128.load32_splat(a3 + off);
    s30 = madd(av, b0, s30); s31 = madd(av, b1, s31);
    off += acs;
    b += ldb;
  }
  v128.store(c, s00); v128.store(c, s01, 16);
  v128.store(c1, s10); v128.store(c1, s11, 16);
  v128.store(c2, s20); v128.store(c2, s21, 16);
  v128.store(c3, s30); v128.store(c3, s31, 16);
}

/**
 * One row of C, 24 columns: six independent sums, so a single-row product (batch 1) is not
 * held up by the latency of one chain of multiply-adds. Not wider: with eight sums V8 keeps
 * all eight loaded vectors live at once, runs out of its 15 vector registers and spills
 * accumulators inside the loop (which halved the speed).
 */
// @ts-ignore: decorator
@inline function tile1x24(a: usize, acs: usize, b: usize, ldb: usize, c: usize, kc: i32, fresh: bool): void {
  const z = f32x4.splat(0);
  let s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z;
  if (!fresh) {
    s0 = v128.load(c); s1 = v128.load(c, 16); s2 = v128.load(c, 32); s3 = v128.load(c, 48);
    s4 = v128.load(c, 64); s5 = v128.load(c, 80);
  }
  for (let k = 0; k < kc; k++) {
    const av = v128.load32_splat(a);
    s0 = madd(av, v128.load(b), s0); s1 = madd(av, v128.load(b, 16), s1);
    s2 = madd(av, v128.load(b, 32), s2); s3 = madd(av, v128.load(b, 48), s3);
    s4 = madd(av, v128.load(b, 64), s4); s5 = madd(av, v128.load(b, 80), s5);
    a += acs;
    b += ldb;
  }
  v128.store(c, s0); v128.store(c, s1, 16); v128.store(c, s2, 32); v128.store(c, s3, 48);
  v128.store(c, s4, 64); v128.store(c, s5, 80);
}

// @ts-ignore: decorator
@inline function tile1x16(a: usize, acs: usize, b: usize, ldb: usize, c: usize, kc: i32, fresh: bool): void {
  const z = f32x4.splat(0);
  let s0 = z, s1 = z, s2 = z, s3 = z;
  if (!fresh) {
    s0 = v128.load(c); s1 = v128.load(c, 16); s2 = v128.load(c, 32); s3 = v128.load(c, 48);
  }
  for (let k = 0; k < kc; k++) {
    const av = v128.load32_splat(a);
    s0 = madd(av, v128.load(b), s0); s1 = madd(av, v128.load(b, 16), s1);
    s2 = madd(av, v128.load(b, 32), s2); s3 = madd(av, v128.load(b, 48), s3);
    a += acs;
    b += ldb;
  }
  v128.store(c, s0); v128.store(c, s1, 16); v128.store(c, s2, 32); v128.store(c, s3, 48);
}

// @ts-ignore: decorator
@inline function tile1x8(a: usize, acs: usize, b: usize, ldb: usize, c: usize, kc: i32, fresh: bool): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  if (!fresh) {
    s0 = v128.load(c); s1 = v128.load(c, 16);
  }
  for (let k = 0; k < kc; k++) {
    const av = v128.load32_splat(a);
    s0 = madd(av, v128.load(b), s0);
    s1 = madd(av, v128.load(b, 16), s1);
    a += acs;
    b += ldb;
  }
  v128.store(c, s0); v128.store(c, s1, 16);
}

// @ts-ignore: decorator
@inline function tile1x4(a: usize, acs: usize, b: usize, ldb: usize, c: usize, kc: i32, fresh: bool): void {
  let s0 = fresh ? f32x4.splat(0) : v128.load(c);
  for (let k = 0; k < kc; k++) {
    s0 = madd(v128.load32_splat(a), v128.load(b), s0);
    a += acs;
    b += ldb;
  }
  v128.store(c, s0);
}

// @ts-ignore: decorator
@inline function tile1x1(a: usize, acs: usize, b: usize, ldb: usize, c: usize, kc: i32, fresh: bool): void {
  let s: f32 = fresh ? 0 : load<f32>(c);
  for (let k = 0; k < kc; k++) {
    s += load<f32>(a) * load<f32>(b);
    a += acs;
    b += ldb;
  }
  store<f32>(c, s);
}

/**
 * One element of C as a dot product along K, four k at a time, for when both A's row and B's
 * column are contiguous in k (acs and ldb 4 bytes: B has a single column, as in dx of a
 * univariate series, [T*B, 4U] @ [4U, 1]); tile1x1 would take one scalar multiply-add per k.
 */
// @ts-ignore: decorator
@inline function dot1x1(a: usize, b: usize, c: usize, kc: i32, fresh: bool): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  let k = 0;
  for (; k + 8 <= kc; k += 8) {
    const o = <usize>k << 2;
    s0 = madd(v128.load(a + o), v128.load(b + o), s0);
    s1 = madd(v128.load(a + o, 16), v128.load(b + o, 16), s1);
  }
  const sv = f32x4.add(s0, s1);
  let sum: f32 = (f32x4.extract_lane(sv, 0) + f32x4.extract_lane(sv, 1)) + (f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3));
  for (; k < kc; k++) sum += load<f32>(a + (<usize>k << 2)) * load<f32>(b + (<usize>k << 2));
  store<f32>(c, fresh ? sum : load<f32>(c) + sum);
}

/**
 * Copies B [K, N] into panels of 8 columns, each K x 8 contiguous, so a tile reads B
 * sequentially instead of one 32-byte piece per row of B (rows are N floats apart, which for
 * N a multiple of 1024 also maps them all onto the same L1 cache sets). Columns past the last
 * whole panel are not packed; the product reads them from B itself.
 */
export function packB(dst: usize, b: usize, K: i32, N: i32): void {
  packPanels(dst, b, K, N, 0, N >> 3);
}

/** Panels [p0, p1) of packB: a thread packs the panels of the columns it multiplies. */
export function packPanels(dst: usize, b: usize, K: i32, N: i32, p0: i32, p1: i32): void {
  const ldb = <usize>N << 2;
  for (let p = p0; p < p1; p++) {
    let src = b + (<usize>p << 5);
    let out = dst + <usize>p * <usize>K * 32;
    for (let k = 0; k < K; k++) {
      v128.store(out, v128.load(src));
      v128.store(out, v128.load(src, 16), 16);
      src += ldb;
      out += 32;
    }
  }
}

/** Address of row k0 of the packed panel holding column j. */
// @ts-ignore: decorator
@inline function panel(bp: usize, j: i32, K: i32, k0: i32): usize {
  return bp + (<usize>(j >> 3) * <usize>K + <usize>k0) * 32;
}

/** Zeroes rows [i0, i1) x columns [j0, j1) of C. */
export function zeroBlock(c: usize, ldc: usize, i0: i32, i1: i32, j0: i32, j1: i32): void {
  for (let i = i0; i < i1; i++) {
    const row = c + <usize>i * ldc;
    for (let j = j0; j < j1; j++) store<f32>(row + (<usize>j << 2), 0);
  }
}

/**
 * Rows [i0, i1) and columns [j0, j1) of C (+)= op(A) @ B. All strides in bytes; the block
 * is this thread's share, so threads never write the same element.
 */
export function gemmBlock(
  i0: i32, i1: i32, j0: i32, j1: i32, K: i32,
  a: usize, ars: usize, acs: usize, b: usize, ldb: usize, c: usize, ldc: usize, accumulate: bool, bp: usize,
): void {
  if (K == 0) {
    if (!accumulate) zeroBlock(c, ldc, i0, i1, j0, j1);
    return;
  }
  for (let jc = j0; jc < j1; jc += NC) {
    const jEnd = min(j1, jc + NC);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = min(KC, K - k0);
      // Without accumulate the first K block writes C instead of adding to it.
      const fresh = !accumulate && k0 == 0;
      const aK = a + <usize>k0 * acs;
      const bK = b + <usize>k0 * ldb;
      let i = i0;
      for (; i + 4 <= i1; i += 4) {
        const aRow = aK + <usize>i * ars;
        const cRow = c + <usize>i * ldc;
        let j = jc;
        if (bp != 0) {
          for (; j + 8 <= jEnd; j += 8) tile4x8(aRow, ars, acs, panel(bp, j, K, k0), 32, cRow + (<usize>j << 2), ldc, kc, fresh);
        } else {
          for (; j + 8 <= jEnd; j += 8) tile4x8(aRow, ars, acs, bK + (<usize>j << 2), ldb, cRow + (<usize>j << 2), ldc, kc, fresh);
        }
        for (; j + 4 <= jEnd; j += 4) {
          for (let r = 0; r < 4; r++) {
            tile1x4(aRow + <usize>r * ars, acs, bK + (<usize>j << 2), ldb, cRow + <usize>r * ldc + (<usize>j << 2), kc, fresh);
          }
        }
        for (; j < jEnd; j++) {
          for (let r = 0; r < 4; r++) {
            const cAt = cRow + <usize>r * ldc + (<usize>j << 2);
            if (acs == 4 && ldb == 4) dot1x1(aRow + <usize>r * ars, bK + (<usize>j << 2), cAt, kc, fresh);
            else tile1x1(aRow + <usize>r * ars, acs, bK + (<usize>j << 2), ldb, cAt, kc, fresh);
          }
        }
      }
    }
  }
  // Rows below a multiple of four (all of them for a batch of 1), each over the whole of K.
  const rows4 = i0 + (i1 - i0) / 4 * 4;
  for (let i = rows4; i < i1; i++) {
    gemmRow(a + <usize>i * ars, acs, b, ldb, c + <usize>i * ldc, j0, j1, K, !accumulate);
  }
}

/**
 * One row of C over columns [j0, j1): c (+)= a · B[:, j0..j1), reading B unpacked (a single
 * row uses each element of B once, so packing gains nothing). Exported only so that Binaryen
 * keeps it a function of its own rather than inlining it into gemmBlock's one call; what
 * makes batch-1 products fast is the tile width (see tile1x24).
 */
export function gemmRow(a: usize, acs: usize, b: usize, ldb: usize, c: usize, j0: i32, j1: i32, K: i32, fresh: bool): void {
  let j = j0;
  for (; j + 24 <= j1; j += 24) tile1x24(a, acs, b + (<usize>j << 2), ldb, c + (<usize>j << 2), K, fresh);
  for (; j + 16 <= j1; j += 16) tile1x16(a, acs, b + (<usize>j << 2), ldb, c + (<usize>j << 2), K, fresh);
  for (; j + 8 <= j1; j += 8) tile1x8(a, acs, b + (<usize>j << 2), ldb, c + (<usize>j << 2), K, fresh);
  for (; j + 4 <= j1; j += 4) tile1x4(a, acs, b + (<usize>j << 2), ldb, c + (<usize>j << 2), K, fresh);
  for (; j < j1; j++) {
    if (acs == 4 && ldb == 4) dot1x1(a, b + (<usize>j << 2), c + (<usize>j << 2), K, fresh);
    else tile1x1(a, acs, b + (<usize>j << 2), ldb, c + (<usize>j << 2), K, fresh);
  }
}
