/**
 * Keras's broadcasting rule for merge layers: a lower-rank input gains size-1 axes right after
 * the batch axis (Keras expands at axis 1), then every axis must agree or be 1.
 */
import { ShapeError, formatShape } from '../../tensor/errors.js';

/**
 * The shape of an elementwise merge of `shapes` (batch axis included), or throws a ShapeError
 * naming `where`, the offending argument and both shapes.
 * @example broadcastMergeShapes('add', [[2, 3, 4], [2, 4]]) // [2, 3, 4]
 */
export function broadcastMergeShapes(where: string, shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  let out = expandAfterBatch(shapes[0]!, rank);
  for (let k = 1; k < shapes.length; k++) {
    const s = expandAfterBatch(shapes[k]!, rank);
    const next = out.map((d, i) => {
      const e = s[i]!;
      if (d === e || e === 1) return d;
      if (d === 1) return e;
      throw new ShapeError(
        `${where}: argument 'inputs[${k}]' expected a shape broadcastable with ${formatShape(shapes[0]!)}${k > 1 ? ` (and the inputs before it, together ${formatShape(out)})` : ''}, got ${formatShape(shapes[k]!)} (axis ${i}: ${e} vs ${d})`,
      );
    });
    out = next;
  }
  return out;
}

/** `shape` with size-1 axes inserted after the batch axis up to `rank` (Keras's expand_dims(x, 1)). */
export function expandAfterBatch(shape: readonly number[], rank: number): number[] {
  if (shape.length >= rank || shape.length === 0) return [...shape];
  return [shape[0]!, ...new Array<number>(rank - shape.length).fill(1), ...shape.slice(1)];
}
