// exp, sigmoid and tanh on four lanes at once, and from them (with expm1 and a log1p) every
// other activation a recurrent layer accepts. Math.exp is a library call in WebAssembly (no
// hardware instruction), and the gate pass evaluates five of these per unit per step, so a
// vector polynomial is what keeps the elementwise work small next to the matrix products.
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

// The three steps of every exp here (exp, expm1, and exp of a sum), each on its own so the
// variants differ only in how they finish.

/**
 * x clamped to where e^x is a normal float32. pmax/pmin are single instructions (the IEEE
 * min/max of wasm are several) and keep a NaN in x: pmax(x, m) = x < m ? m : x.
 */
// @ts-ignore: decorator
@inline function clampExp(x: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
}

/** x / ln 2 + ROUNDER: n = round(x / ln 2) sits in the low mantissa bits (x clamped). */
// @ts-ignore: decorator
@inline function roundedQuotient(x: v128): v128 {
  return madd(x, f32x4.splat(LOG2E), f32x4.splat(ROUNDER));
}

/** r = x - n ln 2 for the n in t, |r| <= ln 2 / 2. */
// @ts-ignore: decorator
@inline function reduceByLn2(x: v128, t: v128): v128 {
  const n = f32x4.sub(t, f32x4.splat(ROUNDER));
  const r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  return f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
}

/**
 * 2^n for the n in t, built in the exponent bits: the low bits of t hold n (in [-126, 127]
 * after the clamp), and shifting by 23 drops everything above them.
 */
// @ts-ignore: decorator
@inline function pow2Of(t: v128): v128 {
  return i32x4.add(i32x4.shl(t, 23), i32x4.splat(127 << 23));
}

/**
 * (e^r - 1 - r) / r², the Taylor polynomial's terms from r²/2 on: what e^r and e^r - 1 share,
 * by Horner's rule from the r^7 term down to 1/2.
 */
// @ts-ignore: decorator
@inline function expTail(r: v128): v128 {
  let p = f32x4.splat(1.0 / 5040.0);
  p = madd(p, r, f32x4.splat(1.0 / 720.0));
  p = madd(p, r, f32x4.splat(1.0 / 120.0));
  p = madd(p, r, f32x4.splat(1.0 / 24.0));
  p = madd(p, r, f32x4.splat(1.0 / 6.0));
  return madd(p, r, f32x4.splat(0.5));
}

/** e^r for |r| <= ln 2 / 2 (and a little beyond), its Taylor polynomial of degree 7. */
// @ts-ignore: decorator
@inline function expReduced(r: v128): v128 {
  return madd(madd(expTail(r), r, f32x4.splat(1.0)), r, f32x4.splat(1.0));
}

// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  x = clampExp(x);
  const t = roundedQuotient(x);
  return f32x4.mul(expReduced(reduceByLn2(x, t)), pow2Of(t));
}

/**
 * e^(a + b) for an exactly known a and a small b (|b| < 0.05): the reduction of a is exact,
 * as in expV, and b joins the reduced argument, so a large a (the -x²/2 of the normal
 * density) loses nothing to the rounding a + b would have (|a| 2^-24 relative).
 */
// @ts-ignore: decorator
@inline function expSumV(a: v128, b: v128): v128 {
  a = clampExp(a);
  const t = roundedQuotient(a);
  return f32x4.mul(expReduced(f32x4.add(reduceByLn2(a, t), b)), pow2Of(t));
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

/**
 * e^x - 1 with full relative precision near 0, where exp(x) - 1 would cancel: the reduction
 * of expV, with e^r - 1 as its Taylor polynomial without the constant term, so
 * e^x - 1 = 2^n (e^r - 1) + (2^n - 1), and for |x| <= ln2 / 2 (n = 0) the result is that
 * polynomial alone. Elsewhere |e^x - 1| > 0.29 and the sum loses nothing.
 */
// @ts-ignore: decorator
@inline export function expm1V(x: v128): v128 {
  x = clampExp(x);
  const t = roundedQuotient(x);
  const r = reduceByLn2(x, t);
  const em1 = madd(expTail(r), f32x4.mul(r, r), r);
  const scale = pow2Of(t);
  return madd(scale, em1, f32x4.sub(scale, f32x4.splat(1.0)));
}

/**
 * log(1 + u) for u in [0, 1] (softplus needs no more): 2 atanh(s) with s = u / (2 + u) in
 * [0, 1/3], whose series 2s (1 + s²/3 + s⁴/5 + ...) cut after s¹⁴/15 is within 2e-9 relative;
 * s is formed from u itself, so a small u keeps its digits (1 + u would drop them).
 */
// @ts-ignore: decorator
@inline function log1pUnitV(u: v128): v128 {
  const s = f32x4.div(u, f32x4.add(f32x4.splat(2.0), u));
  const s2 = f32x4.mul(s, s);
  let p = f32x4.splat(1.0 / 15.0);
  p = madd(p, s2, f32x4.splat(1.0 / 13.0));
  p = madd(p, s2, f32x4.splat(1.0 / 11.0));
  p = madd(p, s2, f32x4.splat(1.0 / 9.0));
  p = madd(p, s2, f32x4.splat(1.0 / 7.0));
  p = madd(p, s2, f32x4.splat(1.0 / 5.0));
  p = madd(p, s2, f32x4.splat(1.0 / 3.0));
  p = madd(p, s2, f32x4.splat(1.0));
  return f32x4.mul(f32x4.add(s, s), p);
}

/** log(1 + e^x) = max(x, 0) + log1p(e^-|x|), finite and precise for every x. */
// @ts-ignore: decorator
@inline function softplusV(x: v128): v128 {
  const e = expV(f32x4.neg(f32x4.abs(x)));
  return f32x4.add(f32x4.pmax(x, f32x4.splat(0)), log1pUnitV(e));
}

// Keras's SELU scale and scale * alpha, as src/ops/activations.ts (rounded to float32 here).
const SELU_SCALE: f32 = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA: f32 = 1.7580993408473768599402175208123;

/** x σ(x) (swish, Keras 3's silu). */
// @ts-ignore: decorator
@inline function swishV(x: v128): v128 {
  return f32x4.mul(x, sigmoidV(x));
}

/**
 * swish'(x) = σ(x) (1 + x (1 - σ(x))), with 1 - σ(x) = e^-x σ(x) rather than a difference
 * that loses σ's digits where σ is near 1 (and x large makes the loss count).
 */
// @ts-ignore: decorator
@inline function swishDerivV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const e = expV(f32x4.neg(x));
  const s = f32x4.div(one, f32x4.add(one, e));
  return f32x4.mul(s, madd(x, f32x4.mul(e, s), one));
}

/**
 * e^(-x²/2), with x split as hi + lo (hi: x's top 12 significant bits) so that
 * x² = hi² + lo (x + hi) has its large part hi² exact: expSumV then keeps the density's full
 * relative precision out to where it underflows (a rounded x² would cost |x²| 2^-25 relative).
 */
// @ts-ignore: decorator
@inline function gaussV(x: v128): v128 {
  const hi = v128.and(x, i32x4.splat(0xfffff000));
  const lo = f32x4.sub(x, hi);
  const half = f32x4.splat(-0.5);
  return expSumV(f32x4.mul(f32x4.mul(hi, hi), half), f32x4.mul(f32x4.mul(lo, f32x4.add(x, hi)), half));
}

/**
 * The standard normal's upper tail P(Z > |x|) = erfc(t) / 2 (t = |x| / sqrt 2), given
 * g = e^(-x²/2), as τ Q(τ) g with τ = 1 / (1 + t / 2). Q is a degree-9 polynomial fitted for
 * this project (scripts/fit-normal-tail.py: weighted least squares on float64 values of
 * erfc(t) e^(t²) / (2τ) over t in [0, 10], coefficients rounded to float32 one at a time and
 * the rest refitted), within 2e-8 relative; Q tends to 1/(2 sqrt pi) as t grows, so the far
 * tail, where g underflows anyway, stays sane.
 */
// @ts-ignore: decorator
@inline function normalTailV(x: v128, g: v128): v128 {
  const tau = f32x4.div(f32x4.splat(1.0), madd(f32x4.abs(x), f32x4.splat(<f32>0.353553391), f32x4.splat(1.0)));
  let q = f32x4.splat(0.00614140322);
  q = madd(q, tau, f32x4.splat(-0.0616249889));
  q = madd(q, tau, f32x4.splat(0.214459926));
  q = madd(q, tau, f32x4.splat(-0.335007191));
  q = madd(q, tau, f32x4.splat(0.210635126));
  q = madd(q, tau, f32x4.splat(-0.0491584428));
  q = madd(q, tau, f32x4.splat(0.112771027));
  q = madd(q, tau, f32x4.splat(0.119322352));
  q = madd(q, tau, f32x4.splat(0.14142853));
  q = madd(q, tau, f32x4.splat(0.141032249));
  return f32x4.mul(f32x4.mul(tau, q), g);
}

/** Φ(x), the standard normal distribution function, from the tail: tail or 1 - tail. */
// @ts-ignore: decorator
@inline function normalCdfV(x: v128, g: v128): v128 {
  const tail = normalTailV(x, g);
  return v128.bitselect(tail, f32x4.sub(f32x4.splat(1.0), tail), f32x4.lt(x, f32x4.splat(0)));
}

const INV_SQRT_2PI: f32 = 0.3989422804014327;

/** Keras's default gelu (approximate=False): x Φ(x). */
// @ts-ignore: decorator
@inline function geluV(x: v128): v128 {
  return f32x4.mul(x, normalCdfV(x, gaussV(x)));
}

/** gelu'(x) = Φ(x) + x φ(x), with φ(x) = e^(-x²/2) / sqrt(2 pi). */
// @ts-ignore: decorator
@inline function geluDerivV(x: v128): v128 {
  const g = gaussV(x);
  return madd(x, f32x4.mul(g, f32x4.splat(INV_SQRT_2PI)), normalCdfV(x, g));
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
/** elu with alpha 1: x > 0 ? x : e^x - 1. */
export const ACT_ELU: i32 = 6;
export const ACT_SELU: i32 = 7;
/** x / (1 + |x|). */
export const ACT_SOFTSIGN: i32 = 8;
/** log(1 + e^x). */
export const ACT_SOFTPLUS: i32 = 9;
/** clip(x, 0, 6). */
export const ACT_RELU6: i32 = 10;
/** e^x. */
export const ACT_EXPONENTIAL: i32 = 11;
// From here on f' is not a function of f (swish and gelu are not monotonic: one output, two
// slopes), so the kernels keep the input x where they would keep the output (see keptV).
/** x σ(x). */
export const ACT_SWISH: i32 = 12;
/** x Φ(x), Φ the standard normal distribution function (Keras's gelu, approximate=False). */
export const ACT_GELU: i32 = 13;

/** Whether the kernels keep the input rather than the output of activation `code` for backward. */
// @ts-ignore: decorator
@inline export function keepsInput(code: i32): bool {
  return code >= ACT_SWISH;
}

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
  if (code == ACT_ELU) return v128.bitselect(x, expm1V(x), f32x4.gt(x, f32x4.splat(0)));
  if (code == ACT_SELU) {
    const neg = f32x4.mul(expm1V(x), f32x4.splat(SELU_SCALE_ALPHA));
    return v128.bitselect(f32x4.mul(x, f32x4.splat(SELU_SCALE)), neg, f32x4.gt(x, f32x4.splat(0)));
  }
  if (code == ACT_SOFTSIGN) return f32x4.div(x, f32x4.add(f32x4.splat(1.0), f32x4.abs(x)));
  if (code == ACT_SOFTPLUS) return softplusV(x);
  if (code == ACT_RELU6) return f32x4.pmin(f32x4.pmax(x, f32x4.splat(0)), f32x4.splat(6.0));
  if (code == ACT_EXPONENTIAL) return expV(x);
  if (code == ACT_SWISH) return swishV(x);
  if (code == ACT_GELU) return geluV(x);
  return x;
}

/**
 * The derivative of activation `code` from what the kernels kept for backward (see keptV):
 * from the output y alone, or, for swish and gelu, from the input (named y all the same).
 */
// @ts-ignore: decorator
@inline export function derivFromKeptV(code: i32, y: v128): v128 {
  const one = f32x4.splat(1.0);
  if (code == ACT_TANH) return f32x4.sub(one, f32x4.mul(y, y));
  if (code == ACT_SIGMOID) return f32x4.mul(y, f32x4.sub(one, y));
  if (code == ACT_RELU) return v128.and(f32x4.gt(y, f32x4.splat(0)), one);
  if (code == ACT_HARD_SIGMOID || code == ACT_HARD_SIGMOID_K3) {
    // Flat where clipped, and the output says where: exactly 0 or 1 there.
    const inside = v128.and(f32x4.gt(y, f32x4.splat(0)), f32x4.lt(y, one));
    return v128.and(inside, f32x4.splat(code == ACT_HARD_SIGMOID ? <f32>0.2 : <f32>(1.0 / 6.0)));
  }
  // y > 0 exactly where x > 0; below, f' = e^x = y + 1 (elu), scale alpha e^x = y + scale alpha (selu).
  if (code == ACT_ELU) return v128.bitselect(one, f32x4.add(y, one), f32x4.gt(y, f32x4.splat(0)));
  if (code == ACT_SELU) {
    const below = f32x4.add(y, f32x4.splat(SELU_SCALE_ALPHA));
    return v128.bitselect(f32x4.splat(SELU_SCALE), below, f32x4.gt(y, f32x4.splat(0)));
  }
  if (code == ACT_SOFTSIGN) {
    const d = f32x4.sub(one, f32x4.abs(y)); // 1 / (1 + |x|)
    return f32x4.mul(d, d);
  }
  // sigmoid(x) = 1 - e^-y, through expm1 so a tiny y keeps its digits.
  if (code == ACT_SOFTPLUS) return f32x4.neg(expm1V(f32x4.neg(y)));
  if (code == ACT_RELU6) {
    const inside = v128.and(f32x4.gt(y, f32x4.splat(0)), f32x4.lt(y, f32x4.splat(6.0)));
    return v128.and(inside, one);
  }
  if (code == ACT_EXPONENTIAL) return y;
  if (code == ACT_SWISH) return swishDerivV(y);
  if (code == ACT_GELU) return geluDerivV(y);
  return one;
}

// The kernels for any activation pair call these rather than inlining activateV at every
// use: one copy of each activation's code instead of one per gate and tail (the module would
// grow by half again), for the cost of a call per four units.
function activateCall(code: i32, x: v128): v128 {
  return activateV(code, x);
}
function derivFromKeptCall(code: i32, y: v128): v128 {
  return derivFromKeptV(code, y);
}

/**
 * Activation `code` on four lanes, inlined when `inlined` (a constant: the default pair's
 * kernels, where the branches fold away), else through activateCall.
 */
// @ts-ignore: decorator
@inline export function actV(inlined: bool, code: i32, x: v128): v128 {
  return inlined ? activateV(code, x) : activateCall(code, x);
}

/** The derivative from what was kept (see keptV), as actV. */
// @ts-ignore: decorator
@inline export function dActV(inlined: bool, code: i32, y: v128): v128 {
  return inlined ? derivFromKeptV(code, y) : derivFromKeptCall(code, y);
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

/**
 * What a kernel keeps of activation `code` for backward, where it would keep the output y:
 * y itself, or the input x for the codes whose derivative y does not determine (swish, gelu).
 * The buffers stay the size they were; backward takes the value back with valueFromKeptV and
 * the derivative with dActV. For the default pair the choice folds away at compile time.
 */
// @ts-ignore: decorator
@inline export function keptV(code: i32, x: v128, y: v128): v128 {
  return keepsInput(code) ? x : y;
}

/** keptV on one value. */
// @ts-ignore: decorator
@inline export function keptS(code: i32, x: f32, y: f32): f32 {
  return keepsInput(code) ? x : y;
}

/** The activation's value from what keptV kept: that value, or f(x) computed again. */
// @ts-ignore: decorator
@inline export function valueFromKeptV(inlined: bool, code: i32, kept: v128): v128 {
  return keepsInput(code) ? actV(inlined, code, kept) : kept;
}

/** valueFromKeptV on one value. */
// @ts-ignore: decorator
@inline export function valueFromKeptS(inlined: bool, code: i32, kept: f32): f32 {
  return keepsInput(code) ? actS(inlined, code, kept) : kept;
}
