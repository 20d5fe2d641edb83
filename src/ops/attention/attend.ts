/**
 * What Attention and AdditiveAttention do after scoring, as in Keras: hide masked keys
 * (score - 1e9), softmax over keys, dropout on the weights, weighted sum of the values, zero
 * the output rows of masked queries. One tape node covers the scores too, so each layer's
 * call is one op with its backward beside it.
 */
import { ShapeError, formatShape } from '../../tensor/errors.js';
import { type FloatArray, Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { gemm } from '../../kernels/gemm.js';
import type { AttentionDims } from './checkInputs.js';
import { maskedSoftmax, pairMask, softmaxBackward } from './maskedSoftmax.js';
import type { ScoreFunction } from './scores.js';

/** Masks and dropout of one attention call. */
export interface AttendOptions {
  /** `[batch, Tq]` 0/1: rows of the output where it is 0 are zeroed. */
  queryMask: Tensor | null;
  /** `[batch, Tv]` 0/1: keys where it is 0 get (practically) zero weight. */
  valueMask: Tensor | null;
  /** Hides key j from query i when j > i. */
  causal: boolean;
  /**
   * `[batch, Tq, Tv]` constant multiplier of the attention weights (0 or 1 / (1 - rate)), drawn
   * by the layer while training; null for none.
   */
  dropoutMask: Tensor | null;
}

/** The attention output and the weights it used. */
export interface AttentionResult {
  /** `[batch, Tq, valueDim]`. */
  output: Tensor;
  /** `[batch, Tq, Tv]`: the softmax weights after masking (and dropout, as Keras returns them). */
  scores: Tensor;
}

/**
 * Runs the attention that follows `score` over `value` `[batch, Tv, Dv]`.
 * @example attend('attention', dims, value, dotScores(q, v, null, dims), { queryMask: null, valueMask: null, causal: false, dropoutMask: null })
 */
export function attend(where: string, dims: AttentionDims, value: Tensor, score: ScoreFunction, opts: AttendOptions): AttentionResult {
  const { batch, tq, tv, dv } = dims;
  const { queryMask, dropoutMask } = opts;
  const mask = pairMask(where, batch, tq, tv, { valueMask: opts.valueMask, causal: opts.causal });
  if (queryMask && (queryMask.rank !== 2 || queryMask.shape[0] !== batch || queryMask.shape[1] !== tq)) {
    throw new ShapeError(`${where}: argument 'queryMask' expected shape [${batch}, ${tq}], got ${formatShape(queryMask.shape)}`);
  }
  if (dropoutMask && (dropoutMask.size !== batch * tq * tv)) {
    throw new ShapeError(`${where}: argument 'dropoutMask' expected shape [${batch}, ${tq}, ${tv}], got ${formatShape(dropoutMask.shape)}`);
  }
  const p = maskedSoftmax(score.forward(), mask, batch, 1, tq, tv);
  let weights = p;
  if (dropoutMask) {
    weights = p.slice();
    for (let i = 0; i < weights.length; i++) weights[i]! *= dropoutMask.data[i]!;
  }
  const y = allocate(value.dtype, batch * tq * dv);
  for (let b = 0; b < batch; b++) gemm(false, false, tq, dv, tv, weights, b * tq * tv, value.data, b * tv * dv, y, b * tq * dv, false);
  if (queryMask) zeroMaskedRows(y, queryMask.data, dv);
  const output = new Tensor(y, [batch, tq, dv]);
  const scores = new Tensor(weights, [batch, tq, tv]);
  const inputs = [...new Set([value, ...score.inputs])];
  addNode(inputs, [output, scores], () => {
    let dy: FloatArray | null = output.grad;
    if (dy && queryMask) {
      dy = dy.slice();
      zeroMaskedRows(dy, queryMask.data, dv);
    }
    const dw = scores.grad ? scores.grad.slice() : allocate(value.dtype, weights.length);
    if (dy) {
      for (let b = 0; b < batch; b++) {
        gemm(false, true, tq, tv, dv, dy, b * tq * dv, value.data, b * tv * dv, dw, b * tq * tv, true);
        if (value.requiresGrad) gemm(true, false, tv, dv, tq, weights, b * tq * tv, dy, b * tq * dv, gradOf(value), b * tv * dv, true);
      }
    }
    if (dropoutMask) for (let i = 0; i < dw.length; i++) dw[i]! *= dropoutMask.data[i]!;
    score.backward(softmaxBackward(p, dw, tv));
  });
  return { output, scores };
}

/** Zeroes the rows (of `width` values) whose mask entry is 0. */
function zeroMaskedRows(y: FloatArray, mask: FloatArray, width: number): void {
  for (let r = 0; r < mask.length; r++) if (mask[r] === 0) y.fill(0, r * width, (r + 1) * width);
}
