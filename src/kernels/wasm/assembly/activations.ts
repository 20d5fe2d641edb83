// exp, sigmoid and tanh on four lanes at once. Math.exp is a library call in WebAssembly
// (no hardware instruction), and the gate pass evaluates five of these per unit per step, so
// a vector polynomial is what keeps the elementwise work small next to the matrix products.
//
// exp(x) = 2^n * exp(r) with n = round(x / ln 2) and |r| <= ln2 / 2; exp(r) by its Taylor
// series to degree 7 (truncation error below 1e-8 relative, i.e. within float32 rounding).
import { madd } from './simd';

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.693145751953125; // ln 2 split in two so n * LN2_HI is exact
const LN2_LO: f32 = 1.428606765330187e-6;
const EXP_MAX: f32 = 88.0;
const EXP_MIN: f32 = -87.0;

/** 1.5 * 2^23: adding it to a float of magnitude below 2^22 rounds that float to the nearest
 *  integer (ties to even, as f32x4.nearest would) and leaves the integer in the low mantissa bits. */
const ROUNDER: f32 = 12582912.0;

// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  // pmax/pmin are single instructions (the IEEE min/max of wasm are several) and keep a NaN
  // in x: pmax(x, m) = x < m ? m : x.
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
  const t = madd(x, f32x4.splat(LOG2E), f32x4.splat(ROUNDER));
  const n = f32x4.sub(t, f32x4.splat(ROUNDER));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.0 / 5040.0);
  p = madd(p, r, f32x4.splat(1.0 / 720.0));
  p = madd(p, r, f32x4.splat(1.0 / 120.0));
  p = madd(p, r, f32x4.splat(1.0 / 24.0));
  p = madd(p, r, f32x4.splat(1.0 / 6.0));
  p = madd(p, r, f32x4.splat(0.5));
  p = madd(p, r, f32x4.splat(1.0));
  p = madd(p, r, f32x4.splat(1.0));
  // 2^n built in the exponent bits: the low bits of t hold n (in [-126, 127] after the clamp),
  // and shifting by 23 drops everything above them.
  const scale = i32x4.add(i32x4.shl(t, 23), i32x4.splat(127 << 23));
  return f32x4.mul(p, scale);
}

/** 1 / (1 + e^-x). */
// @ts-ignore: decorator
@inline export function sigmoidV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expV(f32x4.neg(x))));
}

/** tanh from e = exp(-2|x|), which never overflows: tanh|x| = (1 - e) / (1 + e). */
// @ts-ignore: decorator
@inline export function tanhV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const e = expV(f32x4.mul(f32x4.abs(x), f32x4.splat(-2.0)));
  const t = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  // Copy the sign bit of x onto the result.
  const signBit = v128.and(x, i32x4.splat(0x80000000));
  return v128.or(t, signBit);
}

// Scalar versions run the same vector code on one lane, so tails give identical numbers.
export function sigmoidS(x: f32): f32 {
  return f32x4.extract_lane(sigmoidV(f32x4.splat(x)), 0);
}
export function tanhS(x: f32): f32 {
  return f32x4.extract_lane(tanhV(f32x4.splat(x)), 0);
}
