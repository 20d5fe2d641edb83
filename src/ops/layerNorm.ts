/**
 * Layer normalisation over the last axis (Ba et al. 2016, Keras's LayerNormalization):
 * y = (x - mean) / sqrt(var + epsilon) * gamma + beta, with the biased variance.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { addNode, gradOf } from '../autograd/tape.js';

/**
 * Normalises each vector along the last axis of x, then scales by `gamma` and shifts by
 * `beta` (each [features], or null to skip as with `scale: false` / `center: false`).
 * @example layerNorm(tensor([[1, 3]]), null, null, 0).toArray() // [[-1, 1]]
 */
export function layerNorm(x: Tensor, gamma: Tensor | null, beta: Tensor | null, epsilon: number): Tensor {
  if (x.rank < 1) throw new ShapeError(`layerNorm: argument 'x' expected rank >= 1, got shape ${formatShape(x.shape)}`);
  if (!(Number.isFinite(epsilon) && epsilon >= 0)) {
    throw new ValueError(`layerNorm: argument 'epsilon' expected a finite number >= 0, got ${epsilon}`);
  }
  const n = x.shape[x.rank - 1]!;
  for (const [name, t] of [['gamma', gamma], ['beta', beta]] as const) {
    if (!t) continue;
    if (t.rank !== 1 || t.shape[0] !== n) {
      throw new ShapeError(`layerNorm: argument '${name}' expected shape [${n}] (the last axis of 'x'), got ${formatShape(t.shape)}`);
    }
    if (t.dtype !== x.dtype) throw new ValueError(`layerNorm: argument '${name}' expected dtype ${x.dtype}, got ${t.dtype}`);
  }
  const rows = n === 0 ? 0 : x.size / n;
  const xd = x.data;
  // xhat and 1/sigma per row are what backward needs; both are kept in x's precision.
  const xhat = allocate(x.dtype, x.size);
  const rstd = allocate(x.dtype, rows);
  const y = allocate(x.dtype, x.size);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let mean = 0;
    for (let j = 0; j < n; j++) mean += xd[o + j]!;
    mean /= n;
    let variance = 0;
    for (let j = 0; j < n; j++) variance += (xd[o + j]! - mean) ** 2;
    variance /= n;
    const s = 1 / Math.sqrt(variance + epsilon);
    rstd[r] = s;
    for (let j = 0; j < n; j++) {
      const h = (xd[o + j]! - mean) * s;
      xhat[o + j] = h;
      y[o + j] = (gamma ? h * gamma.data[j]! : h) + (beta ? beta.data[j]! : 0);
    }
  }
  const out = new Tensor(y, x.shape);
  const inputs = [x, gamma, beta].filter((t): t is Tensor => t !== null);
  addNode(inputs, [out], () => {
    const dy = out.grad;
    if (!dy) return;
    if (gamma?.requiresGrad) {
      const dg = gradOf(gamma);
      for (let i = 0; i < dy.length; i++) dg[i % n]! += dy[i]! * xhat[i]!;
    }
    if (beta?.requiresGrad) {
      const db = gradOf(beta);
      for (let i = 0; i < dy.length; i++) db[i % n]! += dy[i]!;
    }
    if (!x.requiresGrad) return;
    // With g = dy * gamma: dx = (g - mean(g) - xhat * mean(g * xhat)) / sigma.
    const dx = gradOf(x);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let meanG = 0;
      let meanGH = 0;
      for (let j = 0; j < n; j++) {
        const g = gamma ? dy[o + j]! * gamma.data[j]! : dy[o + j]!;
        meanG += g;
        meanGH += g * xhat[o + j]!;
      }
      meanG /= n;
      meanGH /= n;
      for (let j = 0; j < n; j++) {
        const g = gamma ? dy[o + j]! * gamma.data[j]! : dy[o + j]!;
        dx[o + j]! += rstd[r]! * (g - meanG - xhat[o + j]! * meanGH);
      }
    }
  });
  return out;
}
