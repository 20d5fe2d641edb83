/**
 * The generic recurrent loop: any step function (a cell's `call`) run over time from the
 * differentiable ops, one tape node per op, with Keras's loop semantics: processing order with
 * `goBackwards`, masked steps carrying the previous states and output (or emitting zeros with
 * `zeroOutputForMask`), the sequence in processing order, the last real step's output. Built-in
 * cells use the fused kernels instead (`recurrentOp.ts`); this is what user cells and stacks run.
 */
import { ShapeError, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { add, mul, reshape, slice, stack, sub } from './public/index.js';
import type { RecurrentResult } from './recurrentOp.js';

/** One step: input `[batch, features]` and states to the output and new states. */
export type StepFunction = (input: Tensor, states: Tensor[]) => [Tensor, Tensor[]];

/** The loop's options. */
export interface CellLoopOptions {
  /** `[batch, time]` 0/1 mask indexed by input time, or null. */
  mask: Tensor | null;
  goBackwards: boolean;
  zeroOutputForMask: boolean;
  /** Size of each state, for zero initial states and shape checks. */
  stateSizes: readonly number[];
  /** Size of the output at each step. */
  outputSize: number;
  /** Names the caller in errors, e.g. `rnn.apply`. */
  where: string;
}

function zeros(like: Tensor, rows: number, cols: number): Tensor {
  return new Tensor(allocate(like.dtype, rows * cols), [rows, cols]);
}

function checkShape(where: string, what: string, t: Tensor, batch: number, size: number): void {
  if (t.rank !== 2 || t.shape[0] !== batch || t.shape[1] !== size) {
    throw new ShapeError(`${where}: the cell's ${what} expected shape [${batch}, ${size}], got ${formatShape(t.shape)}`);
  }
}

/**
 * Runs `step` over `x` `[batch, time, features]`. `initial` holds one `[batch, size]` tensor
 * per state (null: zeros).
 * @example const { sequence, states } = runCellLoop((x, [h]) => { const n = ops.tanh(ops.add(x, h!)); return [n, [n]]; }, x, null, opts)
 */
export function runCellLoop(step: StepFunction, x: Tensor, initial: Tensor[] | null, opts: CellLoopOptions): RecurrentResult {
  const [B, T, F] = x.shape as [number, number, number];
  let states = opts.stateSizes.map((size, i) => initial?.[i] ?? zeros(x, B, size));
  let carried: Tensor = zeros(x, B, opts.outputSize);
  const outputs: Tensor[] = [];
  for (let s = 0; s < T; s++) {
    const t = opts.goBackwards ? T - 1 - s : s;
    const input = reshape(slice(x, [0, t, 0], [B, 1, F]), [B, F]);
    const [out, next] = step(input, states);
    checkShape(opts.where, `output at step ${t}`, out, B, opts.outputSize);
    if (next.length !== states.length) {
      throw new ShapeError(`${opts.where}: the cell returned ${next.length} states at step ${t}, expected ${states.length} (one per entry of stateSize)`);
    }
    next.forEach((n, i) => checkShape(opts.where, `state ${i} at step ${t}`, n, B, opts.stateSizes[i]!));
    if (!opts.mask) {
      states = next;
      carried = out;
      outputs.push(out);
      continue;
    }
    // m = 1 keeps the step's results, m = 0 (padding) keeps what came before.
    const m = reshape(slice(opts.mask, [0, t], [B, 1]), [B, 1]);
    const keep = sub(1, m);
    const blend = (fresh: Tensor, old: Tensor): Tensor => add(mul(m, fresh), mul(keep, old));
    states = next.map((n, i) => blend(n, states[i]!));
    carried = blend(out, carried);
    outputs.push(opts.zeroOutputForMask ? mul(m, out) : carried);
  }
  return { sequence: stack(outputs, 1), lastOutput: carried, states };
}
