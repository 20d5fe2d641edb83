// Vector helpers shared by every kernel. Built twice: once with relaxed SIMD (fused
// multiply-add where the CPU has it) and once without; ASC_FEATURE_RELAXED_SIMD is a
// compile-time constant, so each build contains only one of the two branches.

/** a * b + c, fused when the relaxed-SIMD build runs on a CPU with FMA. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<f32>(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
