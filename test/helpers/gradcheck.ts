/**
 * Finite-difference gradient checking for tests: compares the tape's analytic gradients with
 * central differences in float64, where a wrong derivative cannot hide behind rounding.
 */
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor.js';
import { backward, noGrad, record } from '../../src/autograd/tape.js';
import { normal, setSeed, uniform } from '../../src/tensor/random.js';

/** A float64 tensor with entries uniform in [lo, hi), marked as requiring grad. */
export function randomTensor(shape: number[], lo = -1, hi = 1, requiresGrad = true): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = uniform(lo, hi);
  const t = new Tensor(data, shape);
  t.requiresGrad = requiresGrad;
  return t;
}


/** Makes a float64 tensor of normal draws. */
export function normalTensor(shape: number[], std = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = normal(0, std);
  return new Tensor(data, shape);
}

export interface GradCheckOptions {
  /** Step for central differences (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-7). */
  atol?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Check at most this many entries per tensor, spread evenly (default all). */
  maxEntries?: number;
  /** Label for failure messages. */
  label?: string;
}

/**
 * Checks d f / d t for every tensor in `wrt` (float64). `f` must return a scalar tensor built
 * from `wrt` with the library's ops; it is called once recorded and then many times unrecorded.
 * Returns the largest absolute difference seen.
 */
export function checkGradients(f: () => Tensor, wrt: Tensor[], opts: GradCheckOptions = {}): number {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-7;
  const rtol = opts.rtol ?? 1e-5;
  for (const t of wrt) {
    assert.equal(t.dtype, 'float64', 'gradcheck needs float64 tensors');
    t.requiresGrad = true;
    t.grad = null;
  }
  const loss = record(f);
  assert.equal(loss.size, 1, 'gradcheck: f must return a scalar');
  backward(loss);
  const analytic = wrt.map((t) => (t.grad ? Float64Array.from(t.grad) : new Float64Array(t.size)));
  let worst = 0;
  wrt.forEach((t, k) => {
    const n = t.size;
    const count = Math.min(n, opts.maxEntries ?? n);
    for (let c = 0; c < count; c++) {
      const i = count === n ? c : Math.floor((c * n) / count);
      const orig = t.data[i]!;
      t.data[i] = orig + eps;
      const up = noGrad(f).data[0]!;
      t.data[i] = orig - eps;
      const down = noGrad(f).data[0]!;
      t.data[i] = orig;
      const numeric = (up - down) / (2 * eps);
      const a = analytic[k]![i]!;
      const diff = Math.abs(a - numeric);
      worst = Math.max(worst, diff);
      if (diff > atol + rtol * Math.abs(numeric)) {
        assert.fail(
          `${opts.label ?? 'gradcheck'}: input ${k} entry ${i}: analytic ${a} vs numeric ${numeric} (diff ${diff})`,
        );
      }
    }
  });
  for (const t of wrt) t.grad = null;
  return worst;
}

export { setSeed };

import { addNode, accumulateGrad } from '../../src/autograd/tape.js';

/**
 * L = Σ_k Σ_i w_k[i] · t_k[i] with fixed pseudo-random weights (deterministic per shape):
 * turns any set of outputs into a scalar whose gradient reaches every output entry.
 */
export function linearLoss(tensors: Tensor[]): Tensor {
  const weights = tensors.map((t, k) => {
    const w = new Float64Array(t.size);
    for (let i = 0; i < w.length; i++) w[i] = Math.sin(1.7 * i + 0.3 * k + 0.1) * 0.9 + 0.05;
    return w;
  });
  let sum = 0;
  tensors.forEach((t, k) => {
    for (let i = 0; i < t.size; i++) sum += weights[k]![i]! * t.data[i]!;
  });
  const out = new Tensor(new Float64Array([sum]), []);
  addNode(tensors, [out], () => {
    const g = out.grad ? out.grad[0]! : 0;
    tensors.forEach((t, k) => accumulateGrad(t, weights[k]!.map((w) => w * g)));
  });
  return out;
}
