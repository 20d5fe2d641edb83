/**
 * `layers.dense`: Keras's Dense layer, y = activation(x @ kernel + bias) on the last axis.
 * Weights in Keras order and layout: kernel `[inputDim, units]`, then bias `[units]`.
 * A rank-3 input `[batch, time, features]` gives `[batch, time, units]`, as in Keras.
 *
 * @example
 * const layer = layers.dense({ units: 3, activation: 'softmax' });
 * layer.apply(tensor([[1, 2, 3, 4]])).shape // [1, 3]
 */
import { ShapeError, assertInt, assertKnownOptions, formatShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';
import { type ActivationName, activation, getActivation } from '../ops/activations.js';
import { dense as denseOp } from '../ops/dense.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';
import type { Regularizer } from '../regularizers/regularizers.js';
import type { Constraint } from '../constraints/constraints.js';
import { type KernelBiasPenalties, type KernelBiasPenaltyArgs, kernelBiasPenalties, kernelBiasPenaltyKeys, penaltyConfig } from './weightPenalties.js';

export interface DenseArgs extends LayerArgs, KernelBiasPenaltyArgs {
  /** Size of the output's last axis. */
  units: number;
  /** Activation applied after the affine map (default 'linear'). */
  activation?: ActivationName;
  /** Whether the layer has a bias (default true). */
  useBias?: boolean;
  /** Initialiser of `kernel` (default 'glorotUniform'). */
  kernelInitializer?: InitializerLike;
  /** Initialiser of `bias` (default 'zeros'). */
  biasInitializer?: InitializerLike;
  /** Size of the input's last axis, tfjs's shorthand for `inputShape: [inputDim]`. */
  inputDim?: number;
}

const denseKeys = [...layerArgKeys, 'units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'inputDim', ...kernelBiasPenaltyKeys];

/**
 * An initialiser as config: its tfjs name, or `{ className, config }` for an object.
 * @example initializerConfig(initializers.randomNormal({ stddev: 0.1 })) // { className: 'RandomNormal', config: { mean: 0, stddev: 0.1 } }
 */
export function initializerConfig(init: InitializerLike): unknown {
  return typeof init === 'string' ? init : { className: init.className, config: init.getConfig() };
}

export class Dense extends Layer {
  readonly className = 'Dense';
  /** Size of the output's last axis. */
  readonly units: number;
  /** Activation applied after the affine map (default 'linear'). */
  readonly activation: ActivationName;
  /** Whether the layer has a bias (default true). */
  readonly useBias: boolean;
  private readonly kernelInitializer: InitializerLike;
  private readonly biasInitializer: InitializerLike;
  /** Penalties and projections of `kernel` and `bias` (null where unset). */
  readonly penalties: KernelBiasPenalties;
  /** Penalty on `kernel`, or null. */
  get kernelRegularizer(): Regularizer | null { return this.penalties.kernelRegularizer; }
  /** Penalty on `bias`, or null. */
  get biasRegularizer(): Regularizer | null { return this.penalties.biasRegularizer; }
  /** Projection of `kernel` after each step, or null. */
  get kernelConstraint(): Constraint | null { return this.penalties.kernelConstraint; }
  /** Projection of `bias` after each step, or null. */
  get biasConstraint(): Constraint | null { return this.penalties.biasConstraint; }
  /** The input weights once built (null before), Keras layout. */
  kernel: Tensor | null = null;
  /** The bias once built (null before, and without `useBias`). */
  bias: Tensor | null = null;

  constructor(args: DenseArgs) {
    const where = 'layers.dense';
    assertKnownOptions(where, args, denseKeys);
    const withInputDim = args.inputDim !== undefined && !args.inputShape && !args.batchInputShape
      ? { ...args, inputShape: [args.inputDim] }
      : args;
    super(withInputDim, 'dense');
    assertInt(where, 'units', args.units, 1);
    if (args.inputDim !== undefined) assertInt(where, 'inputDim', args.inputDim, 1);
    this.units = args.units;
    this.activation = getActivation(args.activation ?? 'linear', where, 'activation').name;
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    // Resolve now so a bad name fails at construction, not at first use.
    getInitializer(this.kernelInitializer, where, 'kernelInitializer');
    getInitializer(this.biasInitializer, where, 'biasInitializer');
    this.penalties = kernelBiasPenalties(where, args);
    this.supportsMasking = true;
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    const where = `${this.name}.apply`;
    if (x.rank < 2) {
      throw new ShapeError(`${where}: argument 'x' expected rank >= 2 [batch, ..., features], got shape ${formatShape(x.shape)}`);
    }
    const expected = this.kernel?.shape[0] ?? this.batchInputShape?.[this.batchInputShape.length - 1] ?? null;
    if (expected !== null && x.shape[x.rank - 1] !== expected) {
      throw new ShapeError(`${where}: argument 'x' expected last axis ${expected}, got shape ${formatShape(x.shape)}`);
    }
  }

  override build(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (typeof inputDim !== 'number' || inputDim < 1) {
      throw new ShapeError(`${this.name}.build: the last axis of the input must be known and positive, got ${formatShape(inputShape)}`);
    }
    this.kernel = this.addWeight('kernel', [inputDim, this.units], this.kernelInitializer, true, this.penalties.kernel);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasInitializer, true, this.penalties.bias);
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    return activation(denseOp(x, this.kernel!, this.bias), this.activation);
  }

  /** @internal The activation's name; the model fuses softmax/sigmoid into a cross-entropy loss. */
  get activationName(): string {
    return this.activation;
  }

  /** @internal The affine part alone (logits), for a loss that applies the activation itself. */
  callLogits(x: Tensor): Tensor {
    this.checkInput(x);
    return denseOp(x, this.kernel!, this.bias);
  }

  /** @internal The activation alone, applied to `callLogits`'s result. */
  activateLogits(logits: Tensor): Tensor {
    return activation(logits, this.activation);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: initializerConfig(this.kernelInitializer),
      biasInitializer: initializerConfig(this.biasInitializer),
      ...penaltyConfig({ kernelRegularizer: this.kernelRegularizer, biasRegularizer: this.biasRegularizer, kernelConstraint: this.kernelConstraint, biasConstraint: this.biasConstraint }),
    };
  }
}

/**
 * Creates a Dense layer (see {@link DenseArgs}).
 * @example layers.dense({ units: 10, activation: 'softmax' })
 */
export function dense(args: DenseArgs): Dense {
  return new Dense(args);
}
