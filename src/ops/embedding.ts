/**
 * Embedding lookup: integer ids select rows of a table; backward adds each output row's
 * gradient into the row it came from.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { addNode, gradOf } from '../autograd/tape.js';
import { addRowsAt, noteGatheredRows } from './gatheredRows.js';

/** The multi-index of flat position `flat` in `shape`, for error messages. */
function position(shape: readonly number[], flat: number): number[] {
  const pos = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    pos[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return pos;
}

/**
 * Rows of `table` [inputDim, outputDim] picked by `indices` (a float tensor holding integers
 * in [0, inputDim)); the output has shape [...indices.shape, outputDim]. Gradients flow into
 * the table only.
 * @example embeddingLookup(tensor([[2, 0]]), tensor([[0, 0], [1, 1], [2, 2]])).toArray() // [[[2, 2], [0, 0]]]
 */
export function embeddingLookup(indices: Tensor, table: Tensor): Tensor {
  if (table.rank !== 2) {
    throw new ShapeError(`embeddingLookup: argument 'table' expected shape [inputDim, outputDim], got ${formatShape(table.shape)}`);
  }
  const [inputDim, outputDim] = table.shape as [number, number];
  // A private copy: backward must see the ids of this call even if the caller reuses its buffer.
  const ids = new Int32Array(indices.size);
  for (let i = 0; i < ids.length; i++) {
    const id = indices.data[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= inputDim) {
      throw new ValueError(
        `embeddingLookup: argument 'x' has ${id} at position ${formatShape(position(indices.shape, i))}; expected integer ids in [0, ${inputDim})`,
      );
    }
    ids[i] = id;
  }
  const y = allocate(table.dtype, ids.length * outputDim);
  const w = table.data;
  for (let i = 0; i < ids.length; i++) y.set(w.subarray(ids[i]! * outputDim, (ids[i]! + 1) * outputDim), i * outputDim);
  const out = new Tensor(y, [...indices.shape, outputDim]);
  noteGatheredRows(out, table, ids);
  addNode([table], [out], () => {
    const g = out.grad;
    if (!g || !table.requiresGrad) return;
    addRowsAt(gradOf(table), ids, g, outputDim);
  });
  return out;
}
