/**
 * The cell: one step of a recurrent network, as Keras's `RNNCell`. A cell holds weights and
 * maps `(input_t, states_{t-1})` to `(output_t, states_t)`; the `rnn` layer runs it over time
 * (masking, going backwards, returning sequences or states, statefulness). Write your own cell
 * by extending `RNNCell`, creating weights in `build` with `addWeight` and composing the
 * differentiable `ops` in `call`: the tape differentiates it, so it trains like any layer.
 */
import { ValueError } from '../../tensor/errors.js';
import { type DType, Tensor } from '../../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../../initializers/initializers.js';
import { uniqueLayerName, type Shape, type WeightOptions } from '../layer.js';

export type { WeightOptions } from '../layer.js';

/** Options every cell accepts. */
export interface CellArgs {
  /** Name of the cell (default `<class>_<n>`, e.g. `lstm_cell`); its weights take the layer's name. */
  name?: string;
  /** Weight dtype; the layer running the cell uses its own dtype, which must agree (default 'float32'). */
  dtype?: DType;
}

export const cellArgKeys = ['name', 'dtype'] as const;

/** What a cell's `call` receives besides the input and states. */
export interface CellCallArgs {
  /** True inside `fit`: dropout is active. */
  training: boolean;
}

/** A weight owned by a cell, named without its layer (e.g. `kernel`). */
export interface CellVariable {
  /** Name inside the cell, e.g. `kernel`; the layer prefixes its own name. */
  readonly name: string;
  /** The weight's values; training updates them in place. */
  readonly value: Tensor;
  /** Whether training updates it. */
  readonly trainable: boolean;
  /** The weight's regularizer and constraint, if the cell was given any. */
  readonly options: WeightOptions;
}

/**
 * One step of a recurrent network. Subclasses declare `className`, `stateSize` (the size of
 * each state, the first being the output size unless `outputSize` says otherwise), create
 * weights in `build` and compute one step in `call`.
 *
 * @example
 * class MinimalCell extends layers.RNNCell {
 *   readonly className = 'MinimalCell';
 *   readonly stateSize = [4];
 *   private w!: Tensor;
 *   private u!: Tensor;
 *   override build(inputShape: layers.Shape) {
 *     this.w = this.addWeight('kernel', [inputShape.at(-1) as number, 4], 'glorotUniform');
 *     this.u = this.addWeight('recurrent_kernel', [4, 4], 'orthogonal');
 *   }
 *   call(x: Tensor, [h]: Tensor[]): [Tensor, Tensor[]] {
 *     const next = ops.tanh(ops.add(ops.matMul(x, this.w), ops.matMul(h!, this.u)));
 *     return [next, [next]];
 *   }
 * }
 * layers.rnn({ cell: new MinimalCell(), returnSequences: true });
 */
export abstract class RNNCell {
  /** Keras class name, e.g. `'LSTMCell'`; a file can hold only the classes lstm-ts knows. */
  abstract readonly className: string;
  /** The size of each state, e.g. `[units, units]` for an LSTM (h, c); a number for one state. */
  abstract readonly stateSize: number | readonly number[];
  /** The cell's name. */
  readonly name: string;
  /** Weight dtype (the running layer's). */
  dtype: DType;
  /** True once `build` has created the weights. */
  built = false;
  /** @internal The weights, in creation (Keras) order. */
  protected readonly cellVariables: CellVariable[] = [];
  /** @internal The layer that runs this cell (a cell belongs to one layer). */
  owner: string | null = null;

  constructor(args: CellArgs = {}, defaultPrefix = 'rnn_cell') {
    this.name = args.name ?? uniqueLayerName(defaultPrefix);
    this.dtype = args.dtype ?? 'float32';
  }

  /** The size of each state, as a list. */
  get stateSizes(): number[] {
    const s = this.stateSize;
    return typeof s === 'number' ? [s] : [...s];
  }

  /** The size of the output at each step (the first state's by default, as Keras). */
  get outputSize(): number {
    return this.stateSizes[0]!;
  }

  /** Creates the weights for `inputShape` `[batch, features]`. */
  build(inputShape: Shape): void {
    void inputShape;
  }

  /**
   * One step: `input` `[batch, features]` and the previous states (one `[batch, size]` tensor
   * per entry of `stateSize`) to the output `[batch, outputSize]` and the new states.
   */
  abstract call(input: Tensor, states: Tensor[], args: CellCallArgs): [Tensor, Tensor[]];

  /**
   * Called by the layer once before the first step of each sequence, with the batch size: the
   * place to draw per-sequence dropout masks. Does nothing by default.
   */
  beginSequence(batch: number, args: CellCallArgs): void {
    void batch;
    void args;
  }

  /** @internal Builds once. */
  ensureBuilt(inputShape: Shape): void {
    if (this.built) return;
    this.build(inputShape);
    this.built = true;
  }

  /**
   * Adds a weight initialised by `initializer`; call it from `build`. `options` carries the
   * weight's regularizer and constraint for training code that applies them.
   * @example this.kernel = this.addWeight('kernel', [inputDim, units], 'glorotUniform');
   */
  protected addWeight(name: string, shape: number[], initializer: InitializerLike, trainable = true, options: WeightOptions = {}): Tensor {
    const init = getInitializer(initializer, this.className, name);
    const value = new Tensor(init.apply(shape, this.dtype), shape);
    value.requiresGrad = trainable;
    this.cellVariables.push({ name, value, trainable, options });
    return value;
  }

  /** The weights, in creation order. */
  get weights(): CellVariable[] {
    return [...this.cellVariables];
  }

  /** Options that recreate this cell (for serialisation). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype };
  }

  /**
   * A fresh, unbuilt cell with the same options (Bidirectional needs one per direction).
   * Built-in cells implement it; a custom cell may, by overriding.
   */
  clone(name?: string): RNNCell {
    void name;
    throw new ValueError(`${this.className} '${this.name}': this cell cannot be copied (override clone() to use it in two layers, e.g. inside bidirectional)`);
  }
}

/** True for a value that quacks like a cell (a class with `stateSize` and `call`). */
export function isCell(value: unknown): value is RNNCell {
  return value instanceof RNNCell;
}
