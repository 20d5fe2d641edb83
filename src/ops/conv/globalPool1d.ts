/**
 * Mean and max over the whole time axis, per channel. The mean honours a `[batch, time]`
 * mask as Keras 3's GlobalAveragePooling1D does: padded steps are left out of both the sum
 * and the count.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';

function checkInput(where: string, x: Tensor): [number, number, number] {
  if (x.rank !== 3) throw new ShapeError(`${where}: argument 'x' expected rank 3 [batch, time, channels], got shape ${formatShape(x.shape)}`);
  return x.shape as [number, number, number];
}

/**
 * Mean over time of x `[batch, time, channels]`: `[batch, channels]`, or `[batch, 1, channels]`
 * with `keepdims`. With a mask, each row averages its real steps only; a row with no real
 * step gives zeros (Keras divides 0 by 0 there, giving NaN, which would poison training).
 * @example globalAvgPool1d(tensor([[[1], [3], [8]]]), tensor([[1, 1, 0]])).toArray() // [[2]]
 */
export function globalAvgPool1d(x: Tensor, mask: Tensor | null = null, keepdims = false): Tensor {
  const where = 'globalAvgPool1d';
  const [B, T, C] = checkInput(where, x);
  if (mask && (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== T)) {
    throw new ShapeError(`${where}: argument 'mask' expected shape [${B}, ${T}], got ${formatShape(mask.shape)}`);
  }
  const weight = new Float64Array(B * T);
  const scaleOf = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let n = 0;
    for (let t = 0; t < T; t++) {
      const m = mask ? (mask.data[b * T + t]! !== 0 ? 1 : 0) : 1;
      weight[b * T + t] = m;
      n += m;
    }
    scaleOf[b] = n > 0 ? 1 / n : 0;
  }
  const xd = x.data;
  const y = allocate(x.dtype, B * C);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let t = 0; t < T; t++) if (weight[b * T + t]) sum += xd[(b * T + t) * C + c]!;
      y[b * C + c] = sum * scaleOf[b]!;
    }
  }
  const out = new Tensor(y, keepdims ? [B, 1, C] : [B, C]);
  addNode([x], [out], () => {
    const dy = out.grad;
    if (!dy || !x.requiresGrad) return;
    const dx = gradOf(x);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const w = weight[b * T + t]! * scaleOf[b]!;
        if (w === 0) continue;
        for (let c = 0; c < C; c++) dx[(b * T + t) * C + c]! += dy[b * C + c]! * w;
      }
    }
  });
  return out;
}

/**
 * Max over time of x `[batch, time, channels]`: `[batch, channels]`, or `[batch, 1, channels]`
 * with `keepdims`. The gradient goes to the first step holding the max.
 * @example globalMaxPool1d(tensor([[[1], [3], [2]]])).toArray() // [[3]]
 */
export function globalMaxPool1d(x: Tensor, keepdims = false): Tensor {
  const where = 'globalMaxPool1d';
  const [B, T, C] = checkInput(where, x);
  if (T === 0) throw new ValueError(`${where}: argument 'x' has no time steps (shape ${formatShape(x.shape)}); the max of nothing is undefined`);
  const xd = x.data;
  const y = allocate(x.dtype, B * C);
  const argmax = new Int32Array(B * C);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      let best = -Infinity;
      let at = b * T * C + c;
      for (let t = 0; t < T; t++) {
        const i = (b * T + t) * C + c;
        if (xd[i]! > best) {
          best = xd[i]!;
          at = i;
        }
      }
      y[b * C + c] = best;
      argmax[b * C + c] = at;
    }
  }
  const out = new Tensor(y, keepdims ? [B, 1, C] : [B, C]);
  addNode([x], [out], () => {
    const dy = out.grad;
    if (!dy || !x.requiresGrad) return;
    const dx = gradOf(x);
    for (let o = 0; o < dy.length; o++) dx[argmax[o]!]! += dy[o]!;
  });
  return out;
}
