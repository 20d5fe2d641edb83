/** Small helpers shared by the optimizer tests (not a test file itself). */
import assert from 'node:assert/strict';
import { type DType, Tensor, allocate } from '../../src/tensor/tensor.js';
import type { TrainableVariable } from '../../src/optimizers/index.js';

/** A named variable holding `values` in `dtype` (float64 unless told). */
export function variable(name: string, values: number[], dtype: DType = 'float64'): TrainableVariable {
  const data = allocate(dtype, values.length);
  data.set(values);
  return { name, value: new Tensor(data, [values.length]) };
}

/** Sets `v.value.grad` to `g` (or null) in the variable's dtype. */
export function setGrad(v: TrainableVariable, g: number[] | null): void {
  if (g === null) {
    v.value.grad = null;
    return;
  }
  const data = allocate(v.value.dtype, g.length);
  data.set(g);
  v.value.grad = data;
}

/** Asserts |actual - expected| <= tol * max(1, |expected|) elementwise. */
export function assertClose(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-13, what = ''): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const err = Math.abs(a - e);
    assert.ok(
      err <= tol * Math.max(1, Math.abs(e)),
      `${what}[${i}]: got ${a}, expected ${e} (diff ${err}, tol ${tol})`,
    );
  }
}

/** Bitwise equality of two typed arrays of the same kind. */
export function assertBitIdentical(a: Float32Array | Float64Array, b: Float32Array | Float64Array, what = ''): void {
  assert.equal(a.constructor, b.constructor, `${what}: dtype`);
  assert.ok(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)),
    `${what}: not bit-identical: ${Array.from(a)} vs ${Array.from(b)}`,
  );
}
