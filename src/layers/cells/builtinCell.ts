/**
 * What the built-in cells (LSTMCell, GRUCell, SimpleRNNCell) share: units, activation, bias,
 * the three initialisers, dropout rates, the weights `kernel`, `recurrentKernel`, `bias` in
 * Keras layout, and two ways to run: `call` (one step from the public ops, for stacks and the
 * generic loop) and `runFused` (the whole sequence on the cell's fused kernels).
 */
import { ValueError, assertInt, assertNumber } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { random } from '../../tensor/random.js';
import { type InitializerLike, getInitializer } from '../../initializers/initializers.js';
import { type ScalarActivation, getRecurrentActivation } from '../../ops/activations.js';
import { mul } from '../../ops/public/arithmetic.js';
import type { RecurrentResult, SequenceOptions } from '../../ops/recurrentOp.js';
import { initializerConfig } from '../dense.js';
import type { Shape } from '../layer.js';
import { type CellArgs, type CellCallArgs, RNNCell, type WeightOptions, cellArgKeys } from './cell.js';
import type { CellDescriptor, CellLayout } from './descriptor.js';
import type { RegularizerLike } from '../../regularizers/regularizers.js';
import type { ConstraintLike } from '../../constraints/constraints.js';
import { optionalConstraint, optionalRegularizer } from '../weightPenalties.js';

/** The per-weight regularizer and constraint options of a built-in cell (and of LSTM, GRU, SimpleRNN). */
export interface CellPenaltyArgs {
  /** Penalty on `kernel` added to the loss, e.g. `regularizers.l2()`. */
  kernelRegularizer?: RegularizerLike | null;
  /** Penalty on `recurrentKernel` added to the loss. */
  recurrentRegularizer?: RegularizerLike | null;
  /** Penalty on `bias` added to the loss. */
  biasRegularizer?: RegularizerLike | null;
  /** Projection of `kernel` after each optimizer step, e.g. `constraints.maxNorm()`. */
  kernelConstraint?: ConstraintLike | null;
  /** Projection of `recurrentKernel` after each optimizer step. */
  recurrentConstraint?: ConstraintLike | null;
  /** Projection of `bias` after each optimizer step. */
  biasConstraint?: ConstraintLike | null;
}

/** Options every built-in cell takes (tfjs names, Keras defaults). */
export interface BuiltinCellArgs extends CellArgs, CellPenaltyArgs {
  /** Size of the hidden state. */
  units: number;
  /**
   * Activation of the candidate (and of the LSTM's cell output), default 'tanh': any elementwise
   * Keras activation, 'tanh', 'sigmoid', 'hardSigmoid', 'relu', 'relu6', 'elu', 'selu', 'softplus',
   * 'softsign', 'swish', 'gelu', 'exponential' or 'linear'; softmax is refused.
   */
  activation?: string;
  /** Whether the cell has a bias (default true). */
  useBias?: boolean;
  /** Initialiser of `kernel` (default 'glorotUniform'). */
  kernelInitializer?: InitializerLike;
  /** Initialiser of `recurrentKernel` (default 'orthogonal'). */
  recurrentInitializer?: InitializerLike;
  /** Initialiser of `bias` (default 'zeros'). */
  biasInitializer?: InitializerLike;
  /** Fraction of input units dropped (one mask per sequence, as Keras). */
  dropout?: number;
  /** Fraction of recurrent units dropped in the recurrent product. */
  recurrentDropout?: number;
}

/** The regularizer and constraint options of a built-in cell (and of LSTM, GRU, SimpleRNN). */
export const cellPenaltyKeys = [
  'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint',
] as const;

export const builtinCellArgKeys = [
  ...cellArgKeys, 'units', 'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer',
  'dropout', 'recurrentDropout', ...cellPenaltyKeys,
] as const;

/** Draws a `[rows, cols]` inverted-dropout mask: 0 with probability `rate`, else 1/(1-rate). */
export function dropoutMask(rows: number, cols: number, rate: number, like: Tensor): Tensor {
  const data = allocate(like.dtype, rows * cols);
  const scale = 1 / (1 - rate);
  for (let i = 0; i < data.length; i++) data[i] = random() < rate ? 0 : scale;
  return new Tensor(data, [rows, cols]);
}

/** The initialisers of the three weights. */
interface CellInitializers {
  kernel: InitializerLike;
  recurrent: InitializerLike;
  bias: InitializerLike;
}

/**
 * A built-in cell: weights from its descriptor, a fused kernel family, a per-step form.
 * @example layers.lstmCell({ units: 8 }) instanceof layers.BuiltinCell // true
 */
export abstract class BuiltinCell extends RNNCell {
  /** What io, the exporters and the registry know about this class. */
  abstract readonly descriptor: CellDescriptor;
  /** Size of the hidden state. */
  readonly units: number;
  /** Activation of the candidate (and of the LSTM's cell output). */
  readonly activation: ScalarActivation;
  /** Whether the cell has a bias. */
  readonly useBias: boolean;
  /** Fraction of input units dropped (one mask per sequence). */
  readonly dropout: number;
  /** Fraction of recurrent units dropped in the recurrent product. */
  readonly recurrentDropout: number;
  /** @internal */
  protected readonly initializers: CellInitializers;
  /**
   * Regularizer and constraint per weight (`kernel`, `recurrent_kernel`, `bias`): they reach the
   * weights' variables, so a model's loss adds the penalties and its optimizer step applies the
   * constraints.
   */
  readonly weightOptions: Record<'kernel' | 'recurrent_kernel' | 'bias', WeightOptions> = { kernel: {}, recurrent_kernel: {}, bias: {} };
  /** The input weights once built (null before), Keras layout. */
  kernel: Tensor | null = null;
  /** The recurrent weights once built (null before), Keras layout. */
  recurrentKernel: Tensor | null = null;
  /** The bias once built (null before, and without `useBias`). */
  bias: Tensor | null = null;
  /** @internal The options this cell was made with (clone() remakes it from them). */
  readonly initArgs: BuiltinCellArgs;
  /** @internal Dropout masks of the current sequence in the per-step form. */
  private stepMasks: { training: boolean; input: Tensor | null; recurrent: Tensor | null; drawn: boolean } = { training: false, input: null, recurrent: null, drawn: true };

  constructor(args: BuiltinCellArgs, where: string, prefix: string) {
    super(args, prefix);
    this.initArgs = { ...args };
    assertInt(where, 'units', args.units, 1);
    this.units = args.units;
    this.activation = getRecurrentActivation(args.activation ?? 'tanh', where, 'activation');
    this.useBias = args.useBias ?? true;
    this.dropout = args.dropout ?? 0;
    this.recurrentDropout = args.recurrentDropout ?? 0;
    assertNumber(where, 'dropout', this.dropout, 0, 1);
    assertNumber(where, 'recurrentDropout', this.recurrentDropout, 0, 1);
    if (this.dropout === 1 || this.recurrentDropout === 1) {
      throw new ValueError(`${where}: dropout rates must be < 1 (a rate of 1 drops every unit)`);
    }
    this.initializers = {
      kernel: args.kernelInitializer ?? 'glorotUniform',
      recurrent: args.recurrentInitializer ?? 'orthogonal',
      bias: args.biasInitializer ?? 'zeros',
    };
    // Resolve now so a bad name fails at construction, not at first use.
    getInitializer(this.initializers.kernel, where, 'kernelInitializer');
    getInitializer(this.initializers.recurrent, where, 'recurrentInitializer');
    getInitializer(this.initializers.bias, where, 'biasInitializer');
    this.weightOptions.kernel = { regularizer: optionalRegularizer(where, 'kernelRegularizer', args.kernelRegularizer), constraint: optionalConstraint(where, 'kernelConstraint', args.kernelConstraint) };
    this.weightOptions.recurrent_kernel = { regularizer: optionalRegularizer(where, 'recurrentRegularizer', args.recurrentRegularizer), constraint: optionalConstraint(where, 'recurrentConstraint', args.recurrentConstraint) };
    this.weightOptions.bias = { regularizer: optionalRegularizer(where, 'biasRegularizer', args.biasRegularizer), constraint: optionalConstraint(where, 'biasConstraint', args.biasConstraint) };
  }

  /** Every state has `units` entries. */
  get stateSize(): number[] {
    return this.descriptor.stateNames.map(() => this.units);
  }

  /** The options that decide the weight shapes. */
  layout(): CellLayout {
    return { useBias: this.useBias };
  }

  override build(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1]!;
    const inits: Record<string, InitializerLike> = { kernel: this.initializers.kernel, recurrent_kernel: this.initializers.recurrent, bias: this.initializers.bias };
    for (const [name, shape] of this.descriptor.weightShapes(inputDim, this.units, this.layout())) {
      const w = this.addWeight(name, shape, inits[name]!, true, this.weightOptions[name as 'kernel']);
      if (name === 'kernel') this.kernel = w;
      else if (name === 'recurrent_kernel') this.recurrentKernel = w;
      else this.bias = w;
    }
    this.afterBuild();
  }

  /** @internal Adjusts fresh weights (the LSTM's unit forget bias). */
  protected afterBuild(): void {}

  /** @internal The whole sequence on the fused kernels of this cell's family. */
  abstract runFused(x: Tensor, initialStates: (Tensor | null)[], loop: SequenceOptions): RecurrentResult;

  override beginSequence(batch: number, args: CellCallArgs): void {
    void batch;
    this.stepMasks = { training: args.training, input: null, recurrent: null, drawn: false };
  }

  /**
   * The input and h_{t-1} with this sequence's dropout masks applied (drawn at the first step,
   * as Keras draws one mask per sequence).
   */
  protected dropped(input: Tensor, h: Tensor): { x: Tensor; h: Tensor } {
    const m = this.stepMasks;
    if (!m.drawn) {
      m.drawn = true;
      if (m.training) {
        const B = input.shape[0]!;
        if (this.dropout > 0) m.input = dropoutMask(B, input.shape[1]!, this.dropout, input);
        if (this.recurrentDropout > 0) m.recurrent = dropoutMask(B, this.units, this.recurrentDropout, input);
      }
    }
    return { x: m.input ? mul(input, m.input) : input, h: m.recurrent ? mul(h, m.recurrent) : h };
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: initializerConfig(this.initializers.kernel),
      recurrentInitializer: initializerConfig(this.initializers.recurrent),
      biasInitializer: initializerConfig(this.initializers.bias),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
    };
  }

  /**
   * A fresh, unbuilt cell with the same options; `overrides` changes some (e.g. the dropout
   * rates of a copy made for inference).
   * @example const twin = layers.lstmCell({ units: 4, dropout: 0.2 }).clone(undefined, { dropout: 0 });
   */
  override clone(name?: string, overrides: Partial<BuiltinCellArgs> = {}): BuiltinCell {
    const Ctor = this.constructor as new (args: BuiltinCellArgs) => BuiltinCell;
    const args: BuiltinCellArgs = { ...this.initArgs, dtype: this.dtype, ...overrides };
    if (name !== undefined) args.name = name;
    else delete args.name;
    return new Ctor(args);
  }
}
