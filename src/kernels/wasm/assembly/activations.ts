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

// Every activation a recurrent layer accepts (src/ops/activations.ts, getRecurrentActivation),
// by a code the JS side passes with each job (see src/kernels/wasm/activationCodes.ts, which
// must list the same numbers). The kernels take the code as an argument; the default pair
// (tanh, sigmoid) is compiled separately with the codes as constants (see jobs.ts), so the
// branches below fold away there and the default path is the code it was.
export const ACT_LINEAR: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_SIGMOID: i32 = 2;
/** Keras 2's hard sigmoid, clip(0.2 x + 0.5, 0, 1). */
export const ACT_HARD_SIGMOID: i32 = 3;
/** Keras 3's hard sigmoid, clip(x / 6 + 0.5, 0, 1). */
export const ACT_HARD_SIGMOID_K3: i32 = 4;
export const ACT_TANH: i32 = 5;

/** clip(slope x + 0.5, 0, 1). */
// @ts-ignore: decorator
@inline function hardSigmoidV(x: v128, slope: f32): v128 {
  const y = f32x4.add(f32x4.mul(x, f32x4.splat(slope)), f32x4.splat(0.5));
  return f32x4.pmin(f32x4.pmax(y, f32x4.splat(0)), f32x4.splat(1.0));
}

/** The activation `code` on four lanes. */
// @ts-ignore: decorator
@inline export function activateV(code: i32, x: v128): v128 {
  if (code == ACT_TANH) return tanhV(x);
  if (code == ACT_SIGMOID) return sigmoidV(x);
  // x < 0 ? 0 : x, as the reference's x > 0 ? x : 0 (both give 0 for x = 0).
  if (code == ACT_RELU) return f32x4.pmax(x, f32x4.splat(0));
  if (code == ACT_HARD_SIGMOID) return hardSigmoidV(x, 0.2);
  if (code == ACT_HARD_SIGMOID_K3) return hardSigmoidV(x, <f32>(1.0 / 6.0));
  return x;
}

/**
 * The derivative of activation `code` at the input that gave output y, from y alone (the
 * kernels keep only activated values for backward, as the reference kernels do).
 */
// @ts-ignore: decorator
@inline export function derivFromOutputV(code: i32, y: v128): v128 {
  const one = f32x4.splat(1.0);
  if (code == ACT_TANH) return f32x4.sub(one, f32x4.mul(y, y));
  if (code == ACT_SIGMOID) return f32x4.mul(y, f32x4.sub(one, y));
  if (code == ACT_RELU) return v128.and(f32x4.gt(y, f32x4.splat(0)), one);
  if (code == ACT_HARD_SIGMOID || code == ACT_HARD_SIGMOID_K3) {
    // Flat where clipped, and the output says where: exactly 0 or 1 there.
    const inside = v128.and(f32x4.gt(y, f32x4.splat(0)), f32x4.lt(y, one));
    return v128.and(inside, f32x4.splat(code == ACT_HARD_SIGMOID ? <f32>0.2 : <f32>(1.0 / 6.0)));
  }
  return one;
}

// The kernels for any activation pair call these rather than inlining activateV at every
// use: one copy of each activation's code instead of one per gate and tail (the module would
// grow by half again), for the cost of a call per four units.
function activateCall(code: i32, x: v128): v128 {
  return activateV(code, x);
}
function derivFromOutputCall(code: i32, y: v128): v128 {
  return derivFromOutputV(code, y);
}

/**
 * Activation `code` on four lanes, inlined when `inlined` (a constant: the default pair's
 * kernels, where the branches fold away), else through activateCall.
 */
// @ts-ignore: decorator
@inline export function actV(inlined: bool, code: i32, x: v128): v128 {
  return inlined ? activateV(code, x) : activateCall(code, x);
}

/** The derivative from the output, as actV. */
// @ts-ignore: decorator
@inline export function dActV(inlined: bool, code: i32, y: v128): v128 {
  return inlined ? derivFromOutputV(code, y) : derivFromOutputCall(code, y);
}

/** actV on one value: the same lane code, so vector bodies and their tails agree. */
// @ts-ignore: decorator
@inline export function actS(inlined: bool, code: i32, x: f32): f32 {
  return f32x4.extract_lane(actV(inlined, code, f32x4.splat(x)), 0);
}

/** dActV on one value. */
// @ts-ignore: decorator
@inline export function dActS(inlined: bool, code: i32, y: f32): f32 {
  return f32x4.extract_lane(dActV(inlined, code, f32x4.splat(y)), 0);
}
