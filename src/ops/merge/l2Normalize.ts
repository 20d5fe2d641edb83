/**
 * L2 normalisation along one axis, as Keras's Dot(normalize=True) and tfjs's l2Normalize do:
 * x / sqrt(max(Σ x², ε)), so an all-zero slice gives zeros instead of NaN.
 */
import { ValueError, formatShape } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';

/** tfjs's backend epsilon (1e-7), which its l2Normalize uses; Keras 3's default too. */
export const L2_NORMALIZE_EPSILON = 1e-7;

/**
 * Divides each slice along `axis` by its L2 norm (floored at sqrt(ε)).
 * @example l2Normalize(tensor([[3, 4]]), 1).toArray() // [[0.6, 0.8]]
 */
export function l2Normalize(x: Tensor, axis: number, epsilon = L2_NORMALIZE_EPSILON, where = 'l2Normalize'): Tensor {
  const rank = x.rank;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`${where}: argument 'axis' expected an integer in [${-rank}, ${rank - 1}] for shape ${formatShape(x.shape)}, got ${axis}`);
  }
  const a = axis < 0 ? axis + rank : axis;
  let outer = 1;
  for (let i = 0; i < a; i++) outer *= x.shape[i]!;
  const len = x.shape[a]!;
  let inner = 1;
  for (let i = a + 1; i < rank; i++) inner *= x.shape[i]!;
  const slices = outer * inner;
  const norm = new Float64Array(slices);
  const clamped = new Uint8Array(slices);
  const y = allocate(x.dtype, x.size);
  const at = (o: number, j: number, i: number): number => (o * len + j) * inner + i;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s = 0;
      for (let j = 0; j < len; j++) s += x.data[at(o, j, i)]! ** 2;
      const sl = o * inner + i;
      clamped[sl] = s < epsilon ? 1 : 0;
      norm[sl] = Math.sqrt(Math.max(s, epsilon));
      for (let j = 0; j < len; j++) y[at(o, j, i)] = x.data[at(o, j, i)]! / norm[sl]!;
    }
  }
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const sl = o * inner + i;
        const n = norm[sl]!;
        // Below the floor the norm is a constant, so only g / n flows back.
        let dot = 0;
        if (!clamped[sl]) for (let j = 0; j < len; j++) dot += g[at(o, j, i)]! * y[at(o, j, i)]!;
        for (let j = 0; j < len; j++) {
          const idx = at(o, j, i);
          gx[idx]! += (g[idx]! - y[idx]! * dot) / n;
        }
      }
    }
  });
  return out;
}
