/**
 * Batch normalisation over every axis but the last (Ioffe & Szegedy 2015, Keras's
 * BatchNormalization with axis -1): y = (x - mean) / sqrt(variance + epsilon) * gamma + beta.
 * Training uses the batch's own mean and biased variance (and differentiates through them);
 * inference uses given (moving) statistics, which are constants there.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { type FloatArray, Tensor, allocate } from '../tensor/tensor.js';
import { addNode, gradOf } from '../autograd/tape.js';

/** Keras's backend epsilon, which Keras 3 adds to the masked count (sum of mask weights). */
const MASK_COUNT_EPSILON = 1e-7;

function check(where: string, x: Tensor, params: [string, Tensor | null][], epsilon: number): number {
  if (x.rank < 1) throw new ShapeError(`${where}: argument 'x' expected rank >= 1, got shape ${formatShape(x.shape)}`);
  if (!(Number.isFinite(epsilon) && epsilon >= 0)) {
    throw new ValueError(`${where}: argument 'epsilon' expected a finite number >= 0, got ${epsilon}`);
  }
  const n = x.shape[x.rank - 1]!;
  for (const [name, t] of params) {
    if (!t) continue;
    if (t.rank !== 1 || t.shape[0] !== n) {
      throw new ShapeError(`${where}: argument '${name}' expected shape [${n}] (the last axis of 'x'), got ${formatShape(t.shape)}`);
    }
    if (t.dtype !== x.dtype) throw new ValueError(`${where}: argument '${name}' expected dtype ${x.dtype} like 'x', got ${t.dtype}`);
  }
  return n;
}

/** The statistics a training-mode batch normalisation used, per channel. */
export interface BatchStatistics {
  /** The batch mean per channel (over real steps when masked). */
  mean: Float64Array;
  /** The biased batch variance per channel (divided by the count, not count - 1), as Keras. */
  variance: Float64Array;
}

/**
 * Training-mode batch normalisation: normalises x with its own per-channel mean and biased
 * variance over all axes but the last, and returns them so the layer can update its moving
 * statistics. With `mask` (`[batch, time]` for x `[batch, time, channels]`), the statistics
 * come from the real steps only, as Keras 3 computes them (count + 1e-7 in the denominator);
 * every step is still normalised.
 * @example batchNormTraining(tensor([[1], [3]]), null, null, 0).output.toArray() // [[-1], [1]]
 */
export function batchNormTraining(
  x: Tensor, gamma: Tensor | null, beta: Tensor | null, epsilon: number, mask: Tensor | null = null,
): { output: Tensor } & BatchStatistics {
  const where = 'batchNormTraining';
  const C = check(where, x, [['gamma', gamma], ['beta', beta]], epsilon);
  const rows = C === 0 ? 0 : x.size / C;
  let w: Float64Array | null = null;
  let count = rows;
  if (mask) {
    if (x.rank !== 3 || mask.rank !== 2 || mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[1]) {
      throw new ShapeError(`${where}: argument 'mask' expected shape [${x.shape[0]}, ${x.shape[1]}] for x ${formatShape(x.shape)} of rank 3, got ${formatShape(mask.shape)}`);
    }
    w = Float64Array.from(mask.data);
    count = w.reduce((a, b) => a + b, 0) + MASK_COUNT_EPSILON;
  }
  if (count === 0) throw new ValueError(`${where}: argument 'x' has no rows (shape ${formatShape(x.shape)}); batch statistics need at least one`);
  const xd = x.data;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    const wr = w ? w[r]! : 1;
    if (wr === 0) continue;
    for (let c = 0; c < C; c++) mean[c]! += wr * xd[r * C + c]!;
  }
  for (let c = 0; c < C; c++) mean[c]! /= count;
  for (let r = 0; r < rows; r++) {
    const wr = w ? w[r]! : 1;
    if (wr === 0) continue;
    for (let c = 0; c < C; c++) variance[c]! += wr * (xd[r * C + c]! - mean[c]!) ** 2;
  }
  for (let c = 0; c < C; c++) variance[c]! /= count;
  // Sum over rows of w * (x - mean) / count: zero without a mask, about 1e-7 * mean with one.
  const drift = new Float64Array(C);
  if (w) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) drift[c]! += w[r]! * (xd[r * C + c]! - mean[c]!);
    for (let c = 0; c < C; c++) drift[c]! /= count;
  }
  const rstd = new Float64Array(C);
  for (let c = 0; c < C; c++) rstd[c] = 1 / Math.sqrt(variance[c]! + epsilon);
  const output = normalize(x, mean, rstd, gamma, beta);
  addNode([x, gamma, beta].filter((t): t is Tensor => t !== null), [output], () => {
    const dy = output.grad;
    if (!dy) return;
    affineGrads(dy, xd, mean, rstd, gamma, beta, rows, C);
    if (!x.requiresGrad) return;
    // With g = dy * gamma, G = sum g, H = sum g (x - mean) per channel:
    // dx = s g - s (w / count) G - s^3 H (w / count) ((x - mean) - drift).
    const G = new Float64Array(C);
    const H = new Float64Array(C);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < C; c++) {
        const g = gamma ? dy[r * C + c]! * gamma.data[c]! : dy[r * C + c]!;
        G[c]! += g;
        H[c]! += g * (xd[r * C + c]! - mean[c]!);
      }
    }
    const dx = gradOf(x);
    for (let r = 0; r < rows; r++) {
      const wr = (w ? w[r]! : 1) / count;
      for (let c = 0; c < C; c++) {
        const s = rstd[c]!;
        const g = gamma ? dy[r * C + c]! * gamma.data[c]! : dy[r * C + c]!;
        dx[r * C + c]! += s * g - s * wr * G[c]! - s * s * s * H[c]! * wr * (xd[r * C + c]! - mean[c]! - drift[c]!);
      }
    }
  });
  return { output, mean, variance };
}

/**
 * Inference-mode batch normalisation with given statistics (the moving mean and variance,
 * constants: no gradient flows into them).
 * @example batchNormInference(tensor([[3]]), tensor([1]), tensor([4]), null, null, 0).toArray() // [[1]]
 */
export function batchNormInference(
  x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | null, beta: Tensor | null, epsilon: number,
): Tensor {
  const where = 'batchNormInference';
  const C = check(where, x, [['mean', mean], ['variance', variance], ['gamma', gamma], ['beta', beta]], epsilon);
  const rows = C === 0 ? 0 : x.size / C;
  const m = Float64Array.from(mean.data);
  const rstd = new Float64Array(C);
  for (let c = 0; c < C; c++) rstd[c] = 1 / Math.sqrt(variance.data[c]! + epsilon);
  const out = normalize(x, m, rstd, gamma, beta);
  addNode([x, gamma, beta].filter((t): t is Tensor => t !== null), [out], () => {
    const dy = out.grad;
    if (!dy) return;
    affineGrads(dy, x.data, m, rstd, gamma, beta, rows, C);
    if (!x.requiresGrad) return;
    const dx = gradOf(x);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < C; c++) dx[r * C + c]! += dy[r * C + c]! * rstd[c]! * (gamma ? gamma.data[c]! : 1);
    }
  });
  return out;
}

function normalize(x: Tensor, mean: Float64Array, rstd: Float64Array, gamma: Tensor | null, beta: Tensor | null): Tensor {
  const C = mean.length;
  const xd = x.data;
  const y = allocate(x.dtype, x.size);
  for (let i = 0; i < y.length; i++) {
    const c = i % C;
    const h = (xd[i]! - mean[c]!) * rstd[c]!;
    y[i] = (gamma ? h * gamma.data[c]! : h) + (beta ? beta.data[c]! : 0);
  }
  return new Tensor(y, x.shape);
}

function affineGrads(
  dy: FloatArray, xd: FloatArray, mean: Float64Array, rstd: Float64Array, gamma: Tensor | null, beta: Tensor | null, rows: number, C: number,
): void {
  if (gamma?.requiresGrad) {
    const dg = gradOf(gamma);
    for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) dg[c]! += dy[r * C + c]! * (xd[r * C + c]! - mean[c]!) * rstd[c]!;
  }
  if (beta?.requiresGrad) {
    const db = gradOf(beta);
    for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) db[c]! += dy[r * C + c]!;
  }
}
