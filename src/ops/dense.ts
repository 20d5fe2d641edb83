/**
 * The affine map of a Dense layer, x @ kernel + bias over the last axis, as one op: one gemm
 * forward, two gemms and a column sum backward.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { Tensor, allocate, shapeSize } from '../tensor/tensor.js';
import { addNode, gradOf } from '../autograd/tape.js';
import { gemm } from '../kernels/gemm.js';

/**
 * y = x @ kernel + bias on the last axis of x: x [..., inDim], kernel [inDim, units],
 * bias [units] or null; y [..., units]. A [batch, time, features] input is treated as
 * [batch * time, features], as Keras's Dense does.
 * @example dense(tensor([[1, 2]]), tensor([[1, 0], [0, 1]]), tensor([10, 20])).toArray() // [[11, 22]]
 */
export function dense(x: Tensor, kernel: Tensor, bias: Tensor | null): Tensor {
  if (x.rank < 2) {
    throw new ShapeError(`dense: argument 'x' expected rank >= 2 [batch, ..., features], got shape ${formatShape(x.shape)}`);
  }
  const inDim = x.shape[x.rank - 1]!;
  if (kernel.rank !== 2 || kernel.shape[0] !== inDim) {
    throw new ShapeError(
      `dense: argument 'kernel' expected shape [${inDim}, units] to match the last axis of 'x' ${formatShape(x.shape)}, got ${formatShape(kernel.shape)}`,
    );
  }
  const units = kernel.shape[1]!;
  if (bias && (bias.rank !== 1 || bias.shape[0] !== units)) {
    throw new ShapeError(`dense: argument 'bias' expected shape [${units}], got ${formatShape(bias.shape)}`);
  }
  for (const [name, t] of [['kernel', kernel], ['bias', bias]] as const) {
    if (t && t.dtype !== x.dtype) throw new ValueError(`dense: argument '${name}' expected dtype ${x.dtype} like 'x', got ${t.dtype}`);
  }
  const rows = shapeSize(x.shape.slice(0, -1));
  const y = allocate(x.dtype, rows * units);
  gemm(false, false, rows, units, inDim, x.data, 0, kernel.data, 0, y, 0, false);
  if (bias) {
    const b = bias.data;
    for (let r = 0; r < rows; r++) {
      const o = r * units;
      for (let u = 0; u < units; u++) y[o + u]! += b[u]!;
    }
  }
  const out = new Tensor(y, [...x.shape.slice(0, -1), units]);
  const inputs = bias ? [x, kernel, bias] : [x, kernel];
  addNode(inputs, [out], () => {
    const dy = out.grad;
    if (!dy) return;
    // dX = dY K^T, dK = X^T dY, db = column sums of dY.
    if (x.requiresGrad) {
      // A first gradient is written, not added to zeros: the wasm product then copies no
      // zeros in (x is a whole sequence of hidden states under a character model's output).
      const first = x.grad === null;
      gemm(false, true, rows, inDim, units, dy, 0, kernel.data, 0, gradOf(x), 0, !first);
    }
    if (kernel.requiresGrad) gemm(true, false, inDim, units, rows, x.data, 0, dy, 0, gradOf(kernel), 0, true);
    if (bias && bias.requiresGrad) {
      const db = gradOf(bias);
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        for (let u = 0; u < units; u++) db[u]! += dy[o + u]!;
      }
    }
  });
  return out;
}
