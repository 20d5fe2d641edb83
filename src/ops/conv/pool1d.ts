/**
 * Max and average pooling over time, per channel, with TensorFlow's windows (Keras and tfjs
 * use them): 'same' padding adds steps that never win a max and are left out of an average's
 * count, so an edge window averages only its real steps.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { planWindow } from './padding.js';

/** The reduction a pooling window applies. */
export type PoolMode = 'max' | 'avg';

/** Window, stride and padding of {@link pool1d}. */
export interface Pool1DOptions {
  /** Window length (default 2). */
  poolSize?: number;
  /** Steps between windows (default `poolSize`, as Keras). */
  strides?: number;
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
}

/**
 * Pools x `[batch, time, channels]` over time windows; returns `[batch, outTime, channels]`.
 * @example pool1d(tensor([[[1], [3], [2], [5]]]), 'max').toArray() // [[[3], [5]]]
 */
export function pool1d(x: Tensor, mode: PoolMode, options: Pool1DOptions = {}): Tensor {
  const where = mode === 'max' ? 'maxPool1d' : 'avgPool1d';
  if (x.rank !== 3) throw new ShapeError(`${where}: argument 'x' expected rank 3 [batch, time, channels], got shape ${formatShape(x.shape)}`);
  const padding = options.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') {
    throw new ValueError(`${where}: argument 'padding' expected 'valid' or 'same', got ${JSON.stringify(padding)}`);
  }
  const size = options.poolSize ?? 2;
  const stride = options.strides ?? size;
  const [B, T, C] = x.shape as [number, number, number];
  const { outLength: To, padLeft } = planWindow(where, T, size, stride, 1, padding);
  const xd = x.data;
  const y = allocate(x.dtype, B * To * C);
  // Max: the winning input index per output; average: the real steps per window.
  const argmax = mode === 'max' ? new Int32Array(B * To * C) : null;
  const first = new Int32Array(To);
  const last = new Int32Array(To);
  for (let t = 0; t < To; t++) {
    const start = t * stride - padLeft;
    first[t] = Math.max(start, 0);
    last[t] = Math.min(start + size, T);
  }
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < To; t++) {
      const lo = first[t]!;
      const hi = last[t]!;
      for (let c = 0; c < C; c++) {
        const o = (b * To + t) * C + c;
        if (argmax) {
          let best = -Infinity;
          let at = (b * T + lo) * C + c;
          for (let s = lo; s < hi; s++) {
            const i = (b * T + s) * C + c;
            if (xd[i]! > best) {
              best = xd[i]!;
              at = i;
            }
          }
          y[o] = best;
          argmax[o] = at;
        } else {
          let sum = 0;
          for (let s = lo; s < hi; s++) sum += xd[(b * T + s) * C + c]!;
          y[o] = sum / (hi - lo);
        }
      }
    }
  }
  const out = new Tensor(y, [B, To, C]);
  addNode([x], [out], () => {
    const dy = out.grad;
    if (!dy || !x.requiresGrad) return;
    const dx = gradOf(x);
    if (argmax) {
      for (let o = 0; o < dy.length; o++) dx[argmax[o]!]! += dy[o]!;
      return;
    }
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < To; t++) {
        const lo = first[t]!;
        const hi = last[t]!;
        const w = 1 / (hi - lo);
        for (let c = 0; c < C; c++) {
          const g = dy[(b * To + t) * C + c]! * w;
          for (let s = lo; s < hi; s++) dx[(b * T + s) * C + c]! += g;
        }
      }
    }
  });
  return out;
}
