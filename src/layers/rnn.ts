/**
 * `layers.rnn`: Keras's RNN layer, any cell run over the time axis. With a built-in cell
 * (`lstmCell`, `gruCell`, `simpleRNNCell`) it runs that cell's fused kernels and computes
 * exactly what `lstm`, `gru` and `simpleRNN` compute; with your own cell (a class extending
 * `layers.RNNCell`) it calls the cell's `call` once per step and the tape differentiates it.
 * A list of cells is stacked (`stackedRNNCells`).
 *
 * @example
 * const layer = layers.rnn({ cell: layers.lstmCell({ units: 8 }), returnSequences: true, inputShape: [10, 3] });
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import { layerArgKeys } from './layer.js';
import { RecurrentLayer, type RecurrentArgs, type RecurrentLoopArgs, recurrentLoopArgKeys } from './recurrent.js';
import { type RNNCell, isCell } from './cells/cell.js';
import { BuiltinCell } from './cells/builtinCell.js';
import { StackedRNNCells } from './stackedRnnCells.js';

export interface RNNArgs extends RecurrentLoopArgs {
  /** The step to run: a cell, or a list of cells to stack. */
  cell: RNNCell | RNNCell[];
  /**
   * Overrides a built-in cell's dropout rate (the rates belong to the cell; this exists so that
   * code copying recurrent layers from their options, e.g. for inference, can turn them off).
   */
  dropout?: number;
  /** Overrides a built-in cell's recurrent dropout rate (see `dropout`). */
  recurrentDropout?: number;
}

const rnnKeys = [...layerArgKeys, ...recurrentLoopArgKeys, 'cell', 'units', 'dropout', 'recurrentDropout'];

/** The cell to run: the given one, a copy when it already runs in another layer, or the stack of a list. */
function resolveCell(args: RNNArgs): RNNCell {
  const where = 'layers.rnn';
  const given = args.cell;
  let cell: RNNCell;
  if (Array.isArray(given)) cell = new StackedRNNCells({ cells: given });
  else if (isCell(given)) cell = given.owner !== null ? given.clone() : given;
  else {
    const what = given === undefined ? 'undefined' : (given as { className?: string }).className ?? typeof given;
    throw new ValueError(`${where}: option 'cell' expected a cell (layers.lstmCell(...), or a class extending layers.RNNCell with stateSize and call) or a list of cells, got ${what}`);
  }
  const { dropout, recurrentDropout } = args;
  if (dropout === undefined && recurrentDropout === undefined) return cell;
  if (cell instanceof BuiltinCell) {
    if ((dropout ?? cell.dropout) === cell.dropout && (recurrentDropout ?? cell.recurrentDropout) === cell.recurrentDropout) return cell;
    const copy = cell.clone(cell.name, { ...(dropout !== undefined ? { dropout } : {}), ...(recurrentDropout !== undefined ? { recurrentDropout } : {}) });
    cell.owner = null;
    return copy;
  }
  if ((dropout ?? 0) !== 0 || (recurrentDropout ?? 0) !== 0) {
    throw new ValueError(`${where}: options 'dropout' and 'recurrentDropout' apply to built-in cells; cell ${cell.className} '${cell.name}' draws its own masks`);
  }
  return cell;
}

/**
 * A cell run over time (see {@link RNNArgs}).
 * @example layers.rnn({ cell: [layers.lstmCell({ units: 8 }), layers.lstmCell({ units: 4 })] }).units // 4
 */
export class RNN extends RecurrentLayer {
  readonly className = 'RNN';

  constructor(args: RNNArgs) {
    assertKnownOptions('layers.rnn', args, rnnKeys);
    const cell = resolveCell(args);
    const { cell: _cell, dropout: _d, recurrentDropout: _r, units, ...loopArgs } = args as RNNArgs & { units?: number };
    if (units !== undefined && units !== cell.outputSize) {
      throw new ValueError(`layers.rnn: option 'units' is the cell's output size, ${cell.outputSize}; got ${units} (leave it out)`);
    }
    if (args.dtype !== undefined && args.dtype !== cell.dtype && cell.built) {
      throw new ValueError(`layers.rnn: option 'dtype' is '${args.dtype}' but the cell's weights are already built as '${cell.dtype}'`);
    }
    const dtype = args.dtype ?? cell.dtype;
    const initArgs = { ...args, cell, units: cell.outputSize } as RNNArgs & RecurrentArgs;
    if (cell instanceof BuiltinCell) {
      initArgs.dropout = cell.dropout;
      initArgs.recurrentDropout = cell.recurrentDropout;
    }
    super({ ...loopArgs, dtype }, cell, 'rnn', initArgs);
  }

  override getConfig(): Record<string, unknown> {
    const { units: _u, dropout: _d, recurrentDropout: _r, ...loop } = super.getConfig();
    return { ...loop, cell: { className: this.cell.className, config: this.cell.getConfig() } };
  }
}

/**
 * Creates an RNN layer around a cell (see {@link RNNArgs}).
 * @example layers.rnn({ cell: layers.gruCell({ units: 16 }), returnState: true })
 */
export function rnn(args: RNNArgs): RNN {
  return new RNN(args);
}
