/**
 * An Embedding's output remembers the ids it was gathered by, so that a recurrent layer that
 * multiplies it by its kernel next can multiply each distinct row once and copy the products
 * to every position that holds it (kernels/wasm/recurrentIO.ts), and send the gradient straight
 * to the table's rows. A character model's batch of 2,048 positions holds at most 96 distinct
 * rows: its input projection and both of its gradients shrink by that factor.
 */
import type { FloatArray, Tensor } from '../tensor/tensor.js';
import { gradOf } from '../autograd/tape.js';
import type { GatheredInput } from '../kernels/recurrentTypes.js';

interface Gathered {
  table: Tensor;
  /** One id per row of the output, in its order. */
  ids: Int32Array;
}

const made = new WeakMap<Tensor, Gathered>();

/** Records that `out`'s rows are `table`'s rows `ids` (called by embeddingLookup). */
export function noteGatheredRows(out: Tensor, table: Tensor, ids: Int32Array): void {
  made.set(out, { table, ids });
}

/** x as distinct rows, and how to send their gradient to the table x was gathered from. */
export interface GatheredPlan {
  input: GatheredInput;
  table: Tensor;
  /** The table row of each distinct row. */
  tableRows: Int32Array;
}

/**
 * The distinct-row form of `x` `[batch, time, inputDim]` when x is an Embedding's output with
 * at most half as many distinct rows as positions (below that, the copies cost more than the
 * products save); otherwise null. The rows are copied from x itself, not from the table, so
 * they are what x holds even if the table has changed since.
 * @example gatheredPlan(embeddingLookup(ids, table))?.input.count // distinct ids in the batch
 */
export function gatheredPlan(x: Tensor): GatheredPlan | null {
  const source = made.get(x);
  if (!source || x.rank !== 3) return null;
  const { ids, table } = source;
  const positions = ids.length;
  const width = x.shape[2]!;
  const slotOfId = new Map<number, number>();
  const slots = new Int32Array(positions);
  const firstPosition: number[] = [];
  for (let p = 0; p < positions; p++) {
    const id = ids[p]!;
    let slot = slotOfId.get(id);
    if (slot === undefined) {
      slot = firstPosition.length;
      if (2 * (slot + 1) > positions) return null;
      slotOfId.set(id, slot);
      firstPosition.push(p);
    }
    slots[p] = slot;
  }
  const count = firstPosition.length;
  const rows = new (x.data.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(count * width);
  const tableRows = new Int32Array(count);
  firstPosition.forEach((p, slot) => {
    rows.set(x.data.subarray(p * width, (p + 1) * width), slot * width);
    tableRows[slot] = ids[p]!;
  });
  return { input: { rows, count, slots }, table, tableRows };
}

/**
 * dst row rows[k] += src row k for every k, in order of k: the gradient of rows gathered from a
 * table, sent back to the table rows they came from (rows of `width` values).
 * @example addRowsAt(tableGrad, new Int32Array([2, 0, 2]), outputGrad, outputDim)
 */
export function addRowsAt(dst: FloatArray, rows: Int32Array, src: ArrayLike<number>, width: number): void {
  for (let k = 0; k < rows.length; k++) {
    const to = rows[k]! * width, from = k * width;
    for (let j = 0; j < width; j++) dst[to + j]! += src[from + j]!;
  }
}

/** Adds the gradient of each distinct row (`[count, inputDim]`) into its table row's gradient. */
export function accumulateGatheredGrad(plan: GatheredPlan, dRows: ArrayLike<number>): void {
  if (plan.table.requiresGrad) addRowsAt(gradOf(plan.table), plan.tableRows, dRows, plan.table.shape[1]!);
}
