/**
 * `multiHeadAttention`: Keras's `layers.MultiHeadAttention` over `[batch, time, features]`
 * inputs as one differentiable op: the query/key/value projections (EinsumDense kernels
 * `[dim, heads, headDim]`, biases `[heads, headDim]`), scaled dot-product attention per head
 * with Keras's masked softmax (-1e9 on hidden pairs), dropout on the weights, and the output
 * projection (kernel `[heads, valueDim, ...outputShape]`). Backward is written out beside it.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import { type FloatArray, Tensor, allocate, shapeSize } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { gemm } from '../../kernels/gemm.js';
import { attentionDims, checkWeight } from './checkInputs.js';
import { maskedSoftmax, pairMask, softmaxBackward } from './maskedSoftmax.js';

/** The weights of a MultiHeadAttention layer, in Keras's layout; biases null without `useBias`. */
export interface MultiHeadWeights {
  /** `[queryDim, heads, keyDim]`. */
  queryKernel: Tensor;
  /** `[heads, keyDim]`. */
  queryBias: Tensor | null;
  /** `[keyInputDim, heads, keyDim]`. */
  keyKernel: Tensor;
  /** `[heads, keyDim]`. */
  keyBias: Tensor | null;
  /** `[valueInputDim, heads, valueDim]`. */
  valueKernel: Tensor;
  /** `[heads, valueDim]`. */
  valueBias: Tensor | null;
  /** `[heads, valueDim, ...outputShape]`. */
  outputKernel: Tensor;
  /** `[...outputShape]`. */
  outputBias: Tensor | null;
}

/** Masks and dropout of one multi-head attention call. */
export interface MultiHeadOptions {
  /** `[batch, T]` 0/1: hides every key from masked query rows, as Keras's auto mask does. */
  queryMask: Tensor | null;
  /** `[batch, S]` 0/1: hides masked value positions. */
  valueMask: Tensor | null;
  /** `[batch, S]` 0/1: hides masked key positions (a separate key input's own mask). */
  keyMask: Tensor | null;
  /** `[batch, T, S]` 0/1: Keras's `attention_mask`, which pairs may attend. */
  attentionMask: Tensor | null;
  /** Hides key j from query i when j > i (Keras's `use_causal_mask`). */
  causal: boolean;
  /** `[batch, heads, T, S]` multiplier of the weights (0 or 1 / (1 - rate)) while training; null for none. */
  dropoutMask: Tensor | null;
}

/** The output and the per-head attention weights. */
export interface MultiHeadResult {
  /** `[batch, T, ...outputShape]`. */
  output: Tensor;
  /** `[batch, heads, T, S]`: softmax weights before dropout, as Keras returns them. */
  scores: Tensor;
}

/** x `[rows, inDim]` @ kernel `[inDim, width]` + bias, into a new array. */
function project(x: FloatArray, rows: number, inDim: number, kernel: Tensor, bias: Tensor | null, width: number): FloatArray {
  const y = allocate(kernel.dtype, rows * width);
  gemm(false, false, rows, width, inDim, x, 0, kernel.data, 0, y, 0, false);
  if (bias) for (let r = 0; r < rows; r++) for (let u = 0; u < width; u++) y[r * width + u]! += bias.data[u]!;
  return y;
}

/** Backward of {@link project}: accumulates into x's, the kernel's and the bias's grads. */
function projectBackward(x: Tensor, rows: number, inDim: number, kernel: Tensor, bias: Tensor | null, width: number, dy: FloatArray): void {
  if (x.requiresGrad) gemm(false, true, rows, inDim, width, dy, 0, kernel.data, 0, gradOf(x), 0, true);
  if (kernel.requiresGrad) gemm(true, false, inDim, width, rows, x.data, 0, dy, 0, gradOf(kernel), 0, true);
  if (bias?.requiresGrad) {
    const db = gradOf(bias);
    for (let r = 0; r < rows; r++) for (let u = 0; u < width; u++) db[u]! += dy[r * width + u]!;
  }
}

/**
 * Multi-head attention of `query` `[batch, T, Dq]` over `value` `[batch, S, Dv]` with `key`
 * `[batch, S, Dk]` (null: the value is the key).
 * @example
 * const { output, scores } = multiHeadAttention(q, v, null, layerWeights, { queryMask: null, valueMask: null, keyMask: null, attentionMask: null, causal: false, dropoutMask: null });
 */
export function multiHeadAttention(query: Tensor, value: Tensor, key: Tensor | null, w: MultiHeadWeights, opts: MultiHeadOptions): MultiHeadResult {
  const where = 'multiHeadAttention';
  const keyIn = key ?? value;
  const { batch, tq: T, tv: S, dq, dk, dv } = attentionDims(where, query, value, keyIn, false);
  if (w.queryKernel.rank !== 3) throw new ShapeError(`${where}: argument 'queryKernel' expected rank 3 [queryDim, heads, keyDim], got shape ${formatShape(w.queryKernel.shape)}`);
  const [, N, H] = w.queryKernel.shape as [number, number, number];
  if (w.valueKernel.rank !== 3) throw new ShapeError(`${where}: argument 'valueKernel' expected rank 3 [valueDim, heads, valueHeadDim], got shape ${formatShape(w.valueKernel.shape)}`);
  const Hv = w.valueKernel.shape[2]!;
  const outShape = w.outputKernel.shape.slice(2);
  if (w.outputKernel.rank < 3 || outShape.length === 0) {
    throw new ShapeError(`${where}: argument 'outputKernel' expected shape [${N}, ${Hv}, ...outputShape], got ${formatShape(w.outputKernel.shape)}`);
  }
  const O = shapeSize(outShape);
  const dt = query.dtype;
  checkWeight(where, 'queryKernel', w.queryKernel, [dq, N, H], dt);
  checkWeight(where, 'keyKernel', w.keyKernel, [dk, N, H], dt);
  checkWeight(where, 'valueKernel', w.valueKernel, [dv, N, Hv], dt);
  checkWeight(where, 'outputKernel', w.outputKernel, [N, Hv, ...outShape], dt);
  const biases = [w.queryBias, w.keyBias, w.valueBias, w.outputBias];
  if (biases.some((b) => b === null) && biases.some((b) => b !== null)) {
    throw new ValueError(`${where}: the four biases must all be given or all be null (useBias), got ${biases.map((b) => (b ? 'a bias' : 'null')).join(', ')}`);
  }
  if (w.queryBias) checkWeight(where, 'queryBias', w.queryBias, [N, H], dt);
  if (w.keyBias) checkWeight(where, 'keyBias', w.keyBias, [N, H], dt);
  if (w.valueBias) checkWeight(where, 'valueBias', w.valueBias, [N, Hv], dt);
  if (w.outputBias) checkWeight(where, 'outputBias', w.outputBias, outShape, dt);
  if (opts.dropoutMask) checkWeight(where, 'dropoutMask', opts.dropoutMask, [batch, N, T, S], dt);
  const mask = pairMask(where, batch, T, S, {
    queryMask: opts.queryMask, valueMask: opts.valueMask, keyMask: opts.keyMask, pairMask: opts.attentionMask, causal: opts.causal,
  });

  const NH = N * H;
  const NHv = N * Hv;
  const Q = project(query.data, batch * T, dq, w.queryKernel, w.queryBias, NH);
  const K = project(keyIn.data, batch * S, dk, w.keyKernel, w.keyBias, NH);
  const V = project(value.data, batch * S, dv, w.valueKernel, w.valueBias, NHv);
  const inv = 1 / Math.sqrt(H);
  // logits[b, n, i, j] = inv * sum_h Q[b, i, n, h] K[b, j, n, h]
  const logits = allocate(dt, batch * N * T * S);
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < T; i++) {
        const qo = (b * T + i) * NH + n * H;
        const lo = ((b * N + n) * T + i) * S;
        for (let j = 0; j < S; j++) {
          const ko = (b * S + j) * NH + n * H;
          let sum = 0;
          for (let h = 0; h < H; h++) sum += Q[qo + h]! * K[ko + h]!;
          logits[lo + j] = sum * inv;
        }
      }
    }
  }
  const p = maskedSoftmax(logits, mask, batch, N, T, S);
  let pd = p;
  if (opts.dropoutMask) {
    pd = p.slice();
    for (let i = 0; i < pd.length; i++) pd[i]! *= opts.dropoutMask.data[i]!;
  }
  // context[b, i, n, h] = sum_j pd[b, n, i, j] V[b, j, n, h]
  const context = allocate(dt, batch * T * NHv);
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < T; i++) {
        const po = ((b * N + n) * T + i) * S;
        const co = (b * T + i) * NHv + n * Hv;
        for (let j = 0; j < S; j++) {
          const a = pd[po + j]!;
          if (a === 0) continue;
          const vo = (b * S + j) * NHv + n * Hv;
          for (let h = 0; h < Hv; h++) context[co + h]! += a * V[vo + h]!;
        }
      }
    }
  }
  const y = project(context, batch * T, NHv, w.outputKernel, w.outputBias, O);
  const output = new Tensor(y, [batch, T, ...outShape]);
  const scores = new Tensor(p, [batch, N, T, S]);
  const weights = [w.queryKernel, w.queryBias, w.keyKernel, w.keyBias, w.valueKernel, w.valueBias, w.outputKernel, w.outputBias]
    .filter((t): t is Tensor => t !== null);
  addNode([...new Set([query, value, keyIn, ...weights])], [output, scores], () => {
    const dOut = output.grad;
    const dpd = allocate(dt, p.length);
    const dV = allocate(dt, V.length);
    if (dOut) {
      const ctxT = new Tensor(context, [batch * T, NHv]);
      ctxT.requiresGrad = true;
      projectBackward(ctxT, batch * T, NHv, w.outputKernel, w.outputBias, O, dOut);
      const dC = ctxT.grad!;
      for (let b = 0; b < batch; b++) {
        for (let n = 0; n < N; n++) {
          for (let i = 0; i < T; i++) {
            const po = ((b * N + n) * T + i) * S;
            const co = (b * T + i) * NHv + n * Hv;
            for (let j = 0; j < S; j++) {
              const vo = (b * S + j) * NHv + n * Hv;
              const a = pd[po + j]!;
              let g = 0;
              for (let h = 0; h < Hv; h++) {
                g += dC[co + h]! * V[vo + h]!;
                dV[vo + h]! += a * dC[co + h]!;
              }
              dpd[po + j] = g;
            }
          }
        }
      }
    }
    if (opts.dropoutMask) for (let i = 0; i < dpd.length; i++) dpd[i]! *= opts.dropoutMask.data[i]!;
    if (scores.grad) for (let i = 0; i < dpd.length; i++) dpd[i]! += scores.grad[i]!;
    const dL = softmaxBackward(p, dpd, S);
    const dQ = allocate(dt, Q.length);
    const dK = allocate(dt, K.length);
    for (let b = 0; b < batch; b++) {
      for (let n = 0; n < N; n++) {
        for (let i = 0; i < T; i++) {
          const qo = (b * T + i) * NH + n * H;
          const lo = ((b * N + n) * T + i) * S;
          for (let j = 0; j < S; j++) {
            const g = dL[lo + j]! * inv;
            if (g === 0) continue;
            const ko = (b * S + j) * NH + n * H;
            for (let h = 0; h < H; h++) {
              dQ[qo + h]! += g * K[ko + h]!;
              dK[ko + h]! += g * Q[qo + h]!;
            }
          }
        }
      }
    }
    projectBackward(query, batch * T, dq, w.queryKernel, w.queryBias, NH, dQ);
    projectBackward(keyIn, batch * S, dk, w.keyKernel, w.keyBias, NH, dK);
    projectBackward(value, batch * S, dv, w.valueKernel, w.valueBias, NHv, dV);
  });
  return { output, scores };
}
