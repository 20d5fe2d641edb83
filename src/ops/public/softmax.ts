/**
 * softmax and logSoftmax along any axis (the last by default, as `tf.softmax(logits, dim)`),
 * each shifted by the maximum along that axis so exp never overflows.
 */
import { Tensor, type TensorLike, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { asTensor, normalizeAxis } from './convert.js';

/** The layout of one axis inside a row-major tensor: outer blocks, its length, inner stride. */
interface AxisLayout { outer: number; len: number; inner: number }

function layoutOf(where: string, x: Tensor, dim: number): AxisLayout {
  if (x.rank === 0) return { outer: 1, len: 1, inner: 1 };
  const axis = normalizeAxis(where, 'dim', dim, x.rank, x.shape);
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  return { outer, len: x.shape[axis]!, inner };
}

/**
 * Writes softmax (or, with `log`, log softmax) of `x` along the axis into `y`, each computed
 * directly rather than one from the other, so float32 results are rounded only once.
 */
function softmaxInto(x: ArrayLike<number>, y: Float32Array | Float64Array, { outer, len, inner }: AxisLayout, log: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * len * inner + j;
      let max = -Infinity;
      for (let i = 0; i < len; i++) max = Math.max(max, x[base + i * inner]!);
      let sum = 0;
      for (let i = 0; i < len; i++) sum += Math.exp(x[base + i * inner]! - max);
      if (log) {
        const lse = max + Math.log(sum);
        for (let i = 0; i < len; i++) y[base + i * inner] = x[base + i * inner]! - lse;
      } else {
        for (let i = 0; i < len; i++) y[base + i * inner] = Math.exp(x[base + i * inner]! - max) / sum;
      }
    }
  }
}

/**
 * Softmax along `dim` (default -1, the last axis): exp(x) / sum(exp(x)) along that axis, as
 * `tf.softmax(logits, dim)`.
 * @example ops.softmax([[1, 1], [0, Math.log(3)]]).toArray() // [[0.5, 0.5], [0.25, 0.75]]
 * @example ops.softmax(scores, 1) // normalise over axis 1
 */
export function softmax(logits: TensorLike, dim = -1): Tensor {
  const where = 'ops.softmax';
  const x = asTensor(where, 'logits', logits);
  const layout = layoutOf(where, x, dim);
  const y = allocate(x.dtype, x.size);
  softmaxInto(x.data, y, layout, false);
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    // dx_i = y_i (g_i - Σ_k g_k y_k) along the axis: the Jacobian diag(y) - y yᵀ applied to g.
    const gx = gradOf(x);
    const { outer, len, inner } = layout;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * len * inner + j;
        let dot = 0;
        for (let i = 0; i < len; i++) dot += g[base + i * inner]! * y[base + i * inner]!;
        for (let i = 0; i < len; i++) gx[base + i * inner]! += y[base + i * inner]! * (g[base + i * inner]! - dot);
      }
    }
  });
  return out;
}

/**
 * log(softmax(x)) along `axis` (default -1), computed as x - logsumexp(x) so large logits stay
 * finite, as `tf.logSoftmax(logits, axis)`.
 * @example ops.logSoftmax([0, 0]).toArray() // [-0.6931..., -0.6931...]
 */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  const where = 'ops.logSoftmax';
  const x = asTensor(where, 'logits', logits);
  const layout = layoutOf(where, x, axis);
  const y = allocate(x.dtype, x.size);
  softmaxInto(x.data, y, layout, true);
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    // dx_i = g_i - softmax_i Σ_k g_k along the axis.
    const gx = gradOf(x);
    const { outer, len, inner } = layout;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * len * inner + j;
        let total = 0;
        for (let i = 0; i < len; i++) total += g[base + i * inner]!;
        for (let i = 0; i < len; i++) gx[base + i * inner]! += g[base + i * inner]! - Math.exp(y[base + i * inner]!) * total;
      }
    }
  });
  return out;
}
