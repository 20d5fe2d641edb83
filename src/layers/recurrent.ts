/**
 * The recurrent layer: a cell (`layers/cells`) run over the time axis with Keras's options
 * (returnSequences, returnState, goBackwards, stateful, initial states, masking). A built-in
 * cell runs the whole sequence as one fused op (wasm, fast TypeScript or reference kernels,
 * with the layer's dropout masks); any other cell runs step by step through its `call`, built
 * from the differentiable ops. LSTM, GRU, SimpleRNN and `rnn` are this layer with their cell.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { mulMask } from '../ops/elementwise.js';
import type { RecurrentResult } from '../ops/recurrentOp.js';
import { runCellLoop } from '../ops/cellLoop.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, assertRank } from './layer.js';
import type { RNNCell } from './cells/cell.js';
import { BuiltinCell, dropoutMask } from './cells/builtinCell.js';

export { dropoutMask } from './cells/builtinCell.js';

/** Options of the loop itself, whatever the cell (tfjs names, Keras defaults). */
export interface RecurrentLoopArgs extends LayerArgs {
  /** Return the output at every step `[batch, time, units]` instead of the last `[batch, units]`. */
  returnSequences?: boolean;
  /** Also return the final states: `[output, h, c]` (LSTM) or `[output, h]`. */
  returnState?: boolean;
  /** Process the sequence backwards; the returned sequence is in processing (reversed) order. */
  goBackwards?: boolean;
  /** Keep the final states as the next call's initial states until `resetStates()`. */
  stateful?: boolean;
  /** Masked steps output zeros instead of repeating the last output (Bidirectional sets it). */
  zeroOutputForMask?: boolean;
}

/** Options every built-in recurrent layer takes (tfjs names, Keras defaults). */
export interface RecurrentArgs extends RecurrentLoopArgs {
  /** Size of the hidden state. */
  units: number;
  /** Fraction of input units dropped (one mask per sequence, as Keras). */
  dropout?: number;
  /** Fraction of recurrent units dropped in the recurrent product. */
  recurrentDropout?: number;
}

export const recurrentLoopArgKeys = ['returnSequences', 'returnState', 'goBackwards', 'stateful', 'zeroOutputForMask', 'unroll', 'implementation'] as const;

export const recurrentArgKeys = [...recurrentLoopArgKeys, 'units', 'dropout', 'recurrentDropout'] as const;

/** True when the cell's own class runs fused kernels (a subclass that only changes `call` does not). */
function runsFused(cell: RNNCell): cell is BuiltinCell {
  return cell instanceof BuiltinCell && Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(cell), 'runFused');
}

/**
 * A cell run over the time axis with Keras's options (`returnSequences`, `returnState`,
 * `goBackwards`, `stateful`, masking, dropout).
 *
 * @example
 * const rnn: RecurrentLayer = layers.gru({ units: 8, returnSequences: true });
 * rnn.apply(tensor3d([[[1], [2], [3]]])).shape; // [1, 3, 8]
 */
export abstract class RecurrentLayer extends Layer {
  /** The step this layer runs over time. */
  readonly cell: RNNCell;
  /** Size of the output at each step (the hidden state's). */
  readonly units: number;
  /** Return the output at every step `[batch, time, units]` instead of the last `[batch, units]`. */
  readonly returnSequences: boolean;
  /** Also return the final states: `[output, h, c]` (LSTM) or `[output, h]`. */
  readonly returnState: boolean;
  /** Process the sequence backwards; the returned sequence is in processing (reversed) order. */
  readonly goBackwards: boolean;
  /** Keep the final states as the next call's initial states until `resetStates()`. */
  readonly stateful: boolean;
  /** Fraction of input units dropped (one mask per sequence, as Keras); the cell's. */
  readonly dropout: number;
  /** Fraction of recurrent units dropped in the recurrent product; the cell's. */
  readonly recurrentDropout: number;
  /** Masked steps output zeros instead of repeating the last output (Bidirectional sets it). */
  zeroOutputForMask: boolean;
  /** How many state tensors the cell carries (LSTM 2, GRU and SimpleRNN 1). */
  readonly stateCount: number;
  /** Kept states of a stateful layer. */
  states: Tensor[] | null = null;
  /** @internal Masks drawn for the current call, exposed for tests that check dropout exactly. */
  lastDropoutMasks: { input: Tensor | null; recurrent: Tensor | null } = { input: null, recurrent: null };
  /** @internal Fixed masks to use instead of random ones (for gradient checks of dropout). */
  fixedDropoutMasks: { input: Tensor | null; recurrent: Tensor | null } | null = null;

  /** The options this layer was made with (Bidirectional clones the layer from them). */
  readonly initArgs: RecurrentArgs;

  /**
   * `cell` must not belong to another layer; `initArgs` are the options that remake this layer
   * through its constructor.
   */
  constructor(args: RecurrentLoopArgs, cell: RNNCell, prefix: string, initArgs: RecurrentArgs) {
    super(args, prefix);
    if (cell.owner !== null) {
      throw new ValueError(`layers.${prefix}: the cell '${cell.name}' already belongs to layer '${cell.owner}'; a cell runs in one layer (make another, or clone() it)`);
    }
    cell.owner = this.name;
    this.cell = cell;
    this.initArgs = { ...initArgs };
    this.units = cell.outputSize;
    this.stateCount = cell.stateSizes.length;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    this.dropout = cell instanceof BuiltinCell ? cell.dropout : 0;
    this.recurrentDropout = cell instanceof BuiltinCell ? cell.recurrentDropout : 0;
    this.zeroOutputForMask = args.zeroOutputForMask ?? false;
    this.supportsMasking = true;
  }

  /** Builds the cell for one step's input `[batch, features]` and takes its weights as this layer's. */
  override build(inputShape: Shape): void {
    this.cell.dtype = this.dtype;
    this.cell.ensureBuilt([inputShape[0] ?? null, inputShape[inputShape.length - 1] ?? null]);
    this.adoptCellWeights(this.cell, '');
  }

  /** @internal Lists a built cell's weights as this layer's, named `<layer>/<prefix><weight>`. */
  protected adoptCellWeights(cell: RNNCell, prefix: string): void {
    for (const v of cell.weights) {
      v.value.requiresGrad = v.trainable && this.trainable;
      this.variables.push({
        name: `${this.name}/${prefix}${v.name}`, value: v.value, trainable: v.trainable,
        regularizer: v.options.regularizer ?? null, constraint: v.options.constraint ?? null,
      });
    }
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    assertRank(`${this.name}.apply`, x, 3, '[batch, timesteps, features]');
    if (x.shape[1] === 0) throw new ShapeError(`${this.name}.apply: argument 'x' has 0 timesteps, got shape ${formatShape(x.shape)}`);
    const expected = this.builtInputShape?.[2] ?? this.batchInputShape?.[2] ?? null;
    if (expected !== null && expected !== undefined && x.shape[2] !== expected) {
      throw new ShapeError(
        `${this.name}.apply: argument 'x' expected shape [batch, timesteps, ${expected}], got ${formatShape(x.shape)}`,
      );
    }
  }

  override call(x: Tensor, args: CallArgs): Tensor | Tensor[] {
    const initial = this.resolveInitialStates(args.initialState, x.shape[0]!);
    const result = runsFused(this.cell) ? this.runFused(this.cell, x, initial, args) : this.runSteps(x, initial, args);
    if (this.stateful) this.states = result.states.map((s) => new Tensor(s.data.slice(), s.shape));
    // The fused op returns a sequence exactly when runFused asked for one (returnSequences).
    const output = this.returnSequences ? result.sequence! : result.lastOutput;
    return this.returnState ? [output, ...result.states] : output;
  }

  /** The whole sequence as one fused op, with the layer's dropout masks. */
  private runFused(cell: BuiltinCell, x: Tensor, initial: Tensor[] | null, args: CallArgs): RecurrentResult {
    const [B, , I] = x.shape as [number, number, number];
    let input = x;
    let recurrentMask: Tensor | null = null;
    this.lastDropoutMasks = { input: null, recurrent: null };
    if (args.training && (this.dropout > 0 || this.recurrentDropout > 0 || this.fixedDropoutMasks)) {
      const inputMask = this.fixedDropoutMasks?.input ?? (this.dropout > 0 ? dropoutMask(B, I, this.dropout, x) : null);
      recurrentMask = this.fixedDropoutMasks?.recurrent ?? (this.recurrentDropout > 0 ? dropoutMask(B, this.units, this.recurrentDropout, x) : null);
      if (inputMask) input = mulMask(x, broadcastOverTime(inputMask, x.shape[1]!));
      this.lastDropoutMasks = { input: inputMask, recurrent: recurrentMask };
    }
    return cell.runFused(input, initial ?? [], {
      mask: args.mask, goBackwards: this.goBackwards, recurrentDropoutMask: recurrentMask, zeroOutputForMask: this.zeroOutputForMask,
      needSequence: this.returnSequences,
    });
  }

  /** Step by step through the cell's `call` (user cells, stacks). */
  private runSteps(x: Tensor, initial: Tensor[] | null, args: CallArgs): RecurrentResult {
    const cellArgs = { training: args.training };
    this.cell.beginSequence(x.shape[0]!, cellArgs);
    return runCellLoop((input, states) => this.cell.call(input, states, cellArgs), x, initial, {
      mask: args.mask,
      goBackwards: this.goBackwards,
      zeroOutputForMask: this.zeroOutputForMask,
      stateSizes: this.cell.stateSizes,
      outputSize: this.units,
      where: `${this.name}.apply`,
    });
  }

  private resolveInitialStates(given: Tensor[] | undefined, batch: number): Tensor[] | null {
    const where = `${this.name}.apply`;
    let states: Tensor[] | null = null;
    if (given && given.length) {
      if (given.length !== this.stateCount) {
        throw new ValueError(
          `${where}: argument 'initialState' expected ${this.stateCount} tensors (${this.stateLabel()}), got ${given.length}`,
        );
      }
      states = given;
    } else if (this.stateful && this.states) {
      states = this.states;
    }
    if (!states) return null;
    const sizes = this.cell.stateSizes;
    states.forEach((s, i) => {
      if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== sizes[i]) {
        throw new ShapeError(
          `${where}: argument 'initialState[${i}]' expected shape [${batch}, ${sizes[i]}], got ${formatShape(s.shape)}` +
            (given ? '' : ' (kept state of a stateful layer: batch size changed; call resetStates())'),
        );
      }
    });
    return states;
  }

  /** How error messages name the states: `[h, c]`, `[h]`, or `[state0, state1]` for other cells. */
  private stateLabel(): string {
    if (this.cell instanceof BuiltinCell) return `[${this.cell.descriptor.stateNames.join(', ')}]`;
    return this.stateCount === 1 ? '[h]' : `[${this.cell.stateSizes.map((_, i) => `state${i}`).join(', ')}]`;
  }

  override resetStates(): void {
    this.states = null;
  }

  override computeMask(_inputs: Tensor, mask: Tensor | null): Tensor | null {
    return this.returnSequences ? mask : null;
  }

  override computeOutputShape(inputShape: Shape): Shape | Shape[] {
    const [batch, time] = inputShape;
    const out: Shape = this.returnSequences ? [batch ?? null, time ?? null, this.units] : [batch ?? null, this.units];
    if (!this.returnState) return out;
    return [out, ...this.cell.stateSizes.map((size): Shape => [batch ?? null, size])];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
    };
  }
}

/** Repeats a `[batch, features]` mask along time to `[batch, time, features]`. */
function broadcastOverTime(mask: Tensor, time: number): Tensor {
  const [B, F] = mask.shape as [number, number];
  const data = allocate(mask.dtype, B * time * F);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < time; t++) data.set(mask.data.subarray(b * F, (b + 1) * F), (b * time + t) * F);
  }
  return new Tensor(data, [B, time, F]);
}
