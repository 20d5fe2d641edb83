/**
 * Batched matrix product `[B, P, K] × [B, K, Q] → [B, P, Q]`, the core of Keras's batch_dot
 * (the Dot layer).
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';

/**
 * One matrix product per batch entry.
 * @example batchMatMul(tensor([[[1, 2]]]), tensor([[[3], [4]]])).toArray() // [[[11]]]
 */
export function batchMatMul(a: Tensor, b: Tensor, where = 'batchMatMul'): Tensor {
  if (a.rank !== 3) throw new ShapeError(`${where}: argument 'a' expected rank 3 [batch, rows, inner], got shape ${formatShape(a.shape)}`);
  if (b.rank !== 3 || b.shape[0] !== a.shape[0] || b.shape[1] !== a.shape[2]) {
    throw new ShapeError(`${where}: argument 'b' expected shape ${formatShape([a.shape[0]!, a.shape[2]!, null])} to multiply 'a' ${formatShape(a.shape)}, got ${formatShape(b.shape)}`);
  }
  if (a.dtype !== b.dtype) throw new ValueError(`${where}: argument 'b' expected dtype ${a.dtype}, got ${b.dtype}`);
  const [B, P, K] = a.shape as [number, number, number];
  const Q = b.shape[2]!;
  const A = a.data;
  const Bd = b.data;
  const y = allocate(a.dtype, B * P * Q);
  for (let n = 0; n < B; n++) {
    for (let i = 0; i < P; i++) {
      const yRow = (n * P + i) * Q;
      for (let k = 0; k < K; k++) {
        const av = A[(n * P + i) * K + k]!;
        const bRow = (n * K + k) * Q;
        for (let j = 0; j < Q; j++) y[yRow + j]! += av * Bd[bRow + j]!;
      }
    }
  }
  const out = new Tensor(y, [B, P, Q]);
  addNode([a, b], [out], () => {
    const g = out.grad;
    if (!g) return;
    if (a.requiresGrad) {
      // dA = G Bᵀ
      const ga = gradOf(a);
      for (let n = 0; n < B; n++) {
        for (let i = 0; i < P; i++) {
          for (let k = 0; k < K; k++) {
            let s = 0;
            for (let j = 0; j < Q; j++) s += g[(n * P + i) * Q + j]! * Bd[(n * K + k) * Q + j]!;
            ga[(n * P + i) * K + k]! += s;
          }
        }
      }
    }
    if (b.requiresGrad) {
      // dB = Aᵀ G
      const gb = gradOf(b);
      for (let n = 0; n < B; n++) {
        for (let i = 0; i < P; i++) {
          for (let k = 0; k < K; k++) {
            const av = A[(n * P + i) * K + k]!;
            const bRow = (n * K + k) * Q;
            for (let j = 0; j < Q; j++) gb[bRow + j]! += av * g[(n * P + i) * Q + j]!;
          }
        }
      }
    }
  });
  return out;
}
