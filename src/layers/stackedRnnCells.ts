/**
 * `layers.stackedRNNCells`: several cells run as one, each step feeding the output of one cell
 * to the next (Keras's StackedRNNCells). Its states are every cell's states in cell order
 * (Keras's order; tfjs reverses them); its output is the last cell's.
 *
 * @example
 * const deep = layers.rnn({ cell: layers.stackedRNNCells({ cells: [layers.lstmCell({ units: 8 }), layers.gruCell({ units: 4 })] }) });
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Shape } from './layer.js';
import { type CellArgs, type CellCallArgs, RNNCell, cellArgKeys, isCell } from './cells/cell.js';

export interface StackedRNNCellsArgs extends CellArgs {
  /** The cells, first to last; each takes the previous one's output. */
  cells: RNNCell[];
}

/**
 * Cells stacked into one cell (see {@link StackedRNNCellsArgs}).
 * @example layers.stackedRNNCells({ cells: [layers.lstmCell({ units: 4 }), layers.lstmCell({ units: 2 })] }).stateSize // [4, 4, 2, 2]
 */
export class StackedRNNCells extends RNNCell {
  readonly className = 'StackedRNNCells';
  /** The cells, first to last. */
  readonly cells: RNNCell[];

  constructor(args: StackedRNNCellsArgs) {
    const where = 'layers.stackedRNNCells';
    assertKnownOptions(where, args, [...cellArgKeys, 'cells']);
    if (!Array.isArray(args.cells) || args.cells.length === 0 || !args.cells.every(isCell)) {
      throw new ValueError(`${where}: option 'cells' expected a non-empty list of cells (layers.lstmCell(...) or your own RNNCell), got ${Array.isArray(args.cells) ? `a list of ${args.cells.length}` : typeof args.cells}`);
    }
    super(args, 'stacked_rnn_cells');
    const taken = args.cells.find((c) => c.owner !== null);
    if (taken) throw new ValueError(`${where}: the cell '${taken.name}' already belongs to '${taken.owner}'; a cell runs in one place`);
    if (new Set(args.cells).size !== args.cells.length) throw new ValueError(`${where}: option 'cells' lists the same cell twice; make one cell per level`);
    this.cells = [...args.cells];
    for (const c of this.cells) c.owner = this.name;
  }

  /** Every cell's state sizes, in cell order. */
  get stateSize(): number[] {
    return this.cells.flatMap((c) => c.stateSizes);
  }

  /** The last cell's output size. */
  override get outputSize(): number {
    return this.cells[this.cells.length - 1]!.outputSize;
  }

  /** Builds each cell on the previous one's output; their weights are named `RNNCell_<i>/<name>`, as tfjs names them. */
  override build(inputShape: Shape): void {
    let shape = inputShape;
    this.cells.forEach((cell, i) => {
      cell.dtype = this.dtype;
      cell.ensureBuilt(shape);
      for (const v of cell.weights) this.cellVariables.push({ ...v, name: `RNNCell_${i}/${v.name}` });
      shape = [shape[0] ?? null, cell.outputSize];
    });
  }

  override beginSequence(batch: number, args: CellCallArgs): void {
    for (const c of this.cells) c.beginSequence(batch, args);
  }

  call(input: Tensor, states: Tensor[], args: CellCallArgs): [Tensor, Tensor[]] {
    let x = input;
    let at = 0;
    const next: Tensor[] = [];
    for (const cell of this.cells) {
      const n = cell.stateSizes.length;
      const [out, cellStates] = cell.call(x, states.slice(at, at + n), args);
      at += n;
      next.push(...cellStates);
      x = out;
    }
    return [x, next];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cells: this.cells.map((c) => ({ className: c.className, config: c.getConfig() })) };
  }

  override clone(name?: string): StackedRNNCells {
    return new StackedRNNCells({ ...(name !== undefined ? { name } : {}), dtype: this.dtype, cells: this.cells.map((c) => c.clone(c.name)) });
  }
}

/**
 * Stacks cells into one (see {@link StackedRNNCellsArgs}).
 * @example layers.rnn({ cell: layers.stackedRNNCells({ cells: [layers.gruCell({ units: 8 }), layers.gruCell({ units: 8 })] }), returnSequences: true })
 */
export function stackedRNNCells(args: StackedRNNCellsArgs): StackedRNNCells {
  return new StackedRNNCells(args);
}
