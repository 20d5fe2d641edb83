/**
 * The batched matrix product, `tf.matMul(a, b, transposeA, transposeB)`: the last two axes
 * are matrices, the leading (batch) axes broadcast against each other. Each batch element is
 * one call of the library's gemm kernel (kernels/gemm.ts, the same one Dense and the
 * recurrent layers use), forward and backward.
 */
import { ShapeError, formatShape } from '../../tensor/errors.js';
import { Tensor, type TensorLike, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { gemm } from '../../kernels/gemm.js';
import { asTensors } from './convert.js';
import { broadcastMap, broadcastShapes } from './broadcast.js';

/**
 * a @ b over the last two axes: `[..., m, k] x [..., k, n] -> [..., m, n]`, with the batch
 * axes broadcast (`[2, 1, m, k] x [3, k, n] -> [2, 3, m, n]`). `transposeA`/`transposeB`
 * use a's or b's last two axes swapped, without copying. Both inputs need rank >= 2.
 * @example ops.matMul([[1, 2], [3, 4]], [[5], [6]]).toArray() // [[17], [39]]
 * @example ops.matMul(q, k, false, true) // q [b, t, d] x k [b, s, d] -> scores [b, t, s]
 */
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  const where = 'ops.matMul';
  const [ta, tb] = asTensors(where, ['a', 'b'], [a, b]) as [Tensor, Tensor];
  for (const [name, t] of [['a', ta], ['b', tb]] as const) {
    if (t.rank < 2) {
      throw new ShapeError(`${where}: argument '${name}' expected rank >= 2 [..., rows, columns], got shape ${formatShape(t.shape)}`);
    }
  }
  const ra = ta.rank;
  const rb = tb.rank;
  const m = ta.shape[transposeA ? ra - 1 : ra - 2]!;
  const k = ta.shape[transposeA ? ra - 2 : ra - 1]!;
  const kb = tb.shape[transposeB ? rb - 1 : rb - 2]!;
  const n = tb.shape[transposeB ? rb - 2 : rb - 1]!;
  if (k !== kb) {
    const want = transposeB ? `[..., n, ${k}]` : `[..., ${k}, n]`;
    throw new ShapeError(
      `${where}: argument 'b' expected shape ${want} to match the inner size ${k} of 'a' ${formatShape(ta.shape)}${transposeA ? ' (transposed)' : ''}, got ${formatShape(tb.shape)}${transposeB ? ' (transposed)' : ''}`,
    );
  }
  const batchA = ta.shape.slice(0, -2);
  const batchB = tb.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(where, 'a', batchA, 'b', batchB);
  } catch {
    throw new ShapeError(
      `${where}: the batch axes of 'a' ${formatShape(ta.shape)} and 'b' ${formatShape(tb.shape)} do not broadcast: ${formatShape(batchA)} vs ${formatShape(batchB)} (each pair of sizes must be equal or one of them 1)`,
    );
  }
  // Which matrix of a and of b each output matrix reads (the batch axes' broadcast).
  const batchCount = batch.reduce((p, d) => p * d, 1);
  const ia = broadcastMap(batchA, batch);
  const ib = broadcastMap(batchB, batch);
  const sa = m * k;
  const sb = k * n;
  const sc = m * n;
  const y = allocate(ta.dtype, batchCount * sc);
  for (let i = 0; i < batchCount; i++) {
    const oa = (ia ? ia[i]! : i) * sa;
    const ob = (ib ? ib[i]! : i) * sb;
    gemm(transposeA, transposeB, m, n, k, ta.data, oa, tb.data, ob, y, i * sc, false);
  }
  const out = new Tensor(y, [...batch, m, n]);
  addNode([ta, tb], [out], () => {
    const dy = out.grad;
    if (!dy) return;
    // With C = op(A) op(B): d op(A) = dC op(B)^T and d op(B) = op(A)^T dC, written for the
    // stored layouts of A and B. A broadcast matrix receives the sum over its repeats,
    // which gemm's accumulate flag gives for free.
    const ga = ta.requiresGrad ? gradOf(ta) : null;
    const gb = tb.requiresGrad ? gradOf(tb) : null;
    for (let i = 0; i < batchCount; i++) {
      const oa = (ia ? ia[i]! : i) * sa;
      const ob = (ib ? ib[i]! : i) * sb;
      const oc = i * sc;
      if (ga) {
        if (transposeA) gemm(transposeB, true, k, m, n, tb.data, ob, dy, oc, ga, oa, true);
        else gemm(false, !transposeB, m, k, n, dy, oc, tb.data, ob, ga, oa, true);
      }
      if (gb) {
        if (transposeB) gemm(true, transposeA, n, k, m, dy, oc, ta.data, oa, gb, ob, true);
        else gemm(!transposeA, false, k, n, m, ta.data, oa, dy, oc, gb, ob, true);
      }
    }
  });
  return out;
}
