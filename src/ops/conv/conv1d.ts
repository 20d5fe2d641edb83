/**
 * 1-D convolution over time in Keras's layout, as one op: the input windows are laid out as
 * rows (im2col) so forward is one matrix product with the kernel, whose Keras layout
 * `[kernelSize, inChannels, filters]` is already the `[kernelSize * inChannels, filters]`
 * matrix; backward is two products and a scatter of the window gradients back onto time.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import { type FloatArray, Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { gemm } from '../../kernels/gemm.js';
import { type Padding1D, planWindow } from './padding.js';

/** Stride, padding and dilation of {@link conv1d}. */
export interface Conv1DOptions {
  /** Steps between output windows (default 1). */
  strides?: number;
  /** 'valid' (default), 'same' or 'causal'. */
  padding?: Padding1D;
  /** Steps between kernel taps (default 1). */
  dilationRate?: number;
}

/**
 * y[b, t, f] = bias[f] + sum over k, c of x[b, t * strides + k * dilationRate - padLeft, c] * kernel[k, c, f],
 * with zeros outside the sequence. x `[batch, time, inChannels]`, kernel
 * `[kernelSize, inChannels, filters]`, bias `[filters]` or null; y `[batch, outTime, filters]`.
 * @example conv1d(tensor([[[1], [2], [3]]]), tensor([[[1]], [[1]]]), null).toArray() // [[[3], [5]]]
 */
export function conv1d(x: Tensor, kernel: Tensor, bias: Tensor | null, options: Conv1DOptions = {}): Tensor {
  const where = 'conv1d';
  if (x.rank !== 3) throw new ShapeError(`${where}: argument 'x' expected rank 3 [batch, time, channels], got shape ${formatShape(x.shape)}`);
  const [B, T, C] = x.shape as [number, number, number];
  if (kernel.rank !== 3 || kernel.shape[1] !== C) {
    throw new ShapeError(
      `${where}: argument 'kernel' expected shape [kernelSize, ${C}, filters] to match the channels of 'x' ${formatShape(x.shape)}, got ${formatShape(kernel.shape)}`,
    );
  }
  const [K, , F] = kernel.shape as [number, number, number];
  if (bias && (bias.rank !== 1 || bias.shape[0] !== F)) {
    throw new ShapeError(`${where}: argument 'bias' expected shape [${F}], got ${formatShape(bias.shape)}`);
  }
  for (const [name, t] of [['kernel', kernel], ['bias', bias]] as const) {
    if (t && t.dtype !== x.dtype) throw new ValueError(`${where}: argument '${name}' expected dtype ${x.dtype} like 'x', got ${t.dtype}`);
  }
  const stride = options.strides ?? 1;
  const dilation = options.dilationRate ?? 1;
  const { outLength: To, padLeft } = planWindow(where, T, K, stride, dilation, options.padding ?? 'valid');
  const rows = B * To;
  const width = K * C;
  // Window rows: col[b * To + t] holds the K input steps the output step t reads, zeros outside.
  const col = allocate(x.dtype, rows * width);
  const xd = x.data;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < To; t++) {
      const o = (b * To + t) * width;
      for (let k = 0; k < K; k++) {
        const s = t * stride + k * dilation - padLeft;
        if (s < 0 || s >= T) continue;
        const src = (b * T + s) * C;
        const dst = o + k * C;
        for (let c = 0; c < C; c++) col[dst + c] = xd[src + c]!;
      }
    }
  }
  const y = allocate(x.dtype, rows * F);
  if (rows > 0 && F > 0) gemm(false, false, rows, F, width, col, 0, kernel.data, 0, y, 0, false);
  if (bias) addRowVector(y, bias.data, rows, F);
  const out = new Tensor(y, [B, To, F]);
  const inputs = bias ? [x, kernel, bias] : [x, kernel];
  addNode(inputs, [out], () => {
    const dy = out.grad;
    if (!dy || rows === 0) return;
    if (kernel.requiresGrad) gemm(true, false, width, F, rows, col, 0, dy, 0, gradOf(kernel), 0, true);
    if (bias?.requiresGrad) {
      const db = gradOf(bias);
      for (let r = 0; r < rows; r++) for (let f = 0; f < F; f++) db[f]! += dy[r * F + f]!;
    }
    if (!x.requiresGrad) return;
    const dcol = allocate(x.dtype, rows * width);
    gemm(false, true, rows, width, F, dy, 0, kernel.data, 0, dcol, 0, false);
    const dx = gradOf(x);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < To; t++) {
        const o = (b * To + t) * width;
        for (let k = 0; k < K; k++) {
          const s = t * stride + k * dilation - padLeft;
          if (s < 0 || s >= T) continue;
          const dst = (b * T + s) * C;
          const src = o + k * C;
          for (let c = 0; c < C; c++) dx[dst + c]! += dcol[src + c]!;
        }
      }
    }
  });
  return out;
}

function addRowVector(y: FloatArray, v: FloatArray, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) y[o + j]! += v[j]!;
  }
}
