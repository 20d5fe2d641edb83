/**
 * `layers.layerNormalization`: Keras's LayerNormalization over the last axis,
 * y = (x - mean) / sqrt(variance + epsilon) * gamma + beta, statistics per example and step.
 * Weights in Keras order: gamma `[features]`, then beta `[features]`.
 *
 * @example
 * const layer = layers.layerNormalization();
 * layer.apply(tensor([[1, 2, 3]])).shape // [1, 3]
 */
import { ShapeError, ValueError, assertKnownOptions, assertNumber, formatShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';
import { layerNorm } from '../ops/layerNorm.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';
import { initializerConfig } from './dense.js';

export interface LayerNormalizationArgs extends LayerArgs {
  /** The normalised axis; only the last axis (-1, or rank - 1) is supported (default -1). */
  axis?: number | number[];
  /** Added to the variance so the division is safe (default 1e-3, as Keras). */
  epsilon?: number;
  /** Whether to add the learned offset `beta` (default true). */
  center?: boolean;
  /** Whether to multiply by the learned scale `gamma` (default true). */
  scale?: boolean;
  /** Initialiser of `beta` (default 'zeros'). */
  betaInitializer?: InitializerLike;
  /** Initialiser of `gamma` (default 'ones'). */
  gammaInitializer?: InitializerLike;
}

const layerNormKeys = [...layerArgKeys, 'axis', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer'];

export class LayerNormalization extends Layer {
  readonly className = 'LayerNormalization';
  /** The normalised axis; only the last axis (-1, or rank - 1) is supported (default -1). */
  readonly axis: number;
  /** Added to the variance so the division is safe (default 1e-3, as Keras). */
  readonly epsilon: number;
  /** Whether to add the learned offset `beta` (default true). */
  readonly center: boolean;
  /** Whether to multiply by the learned scale `gamma` (default true). */
  readonly scale: boolean;
  private readonly betaInitializer: InitializerLike;
  private readonly gammaInitializer: InitializerLike;
  /** The learned scale once built (null before, and without `scale`). */
  gamma: Tensor | null = null;
  /** The learned offset once built (null before, and without `center`). */
  beta: Tensor | null = null;

  constructor(args: LayerNormalizationArgs = {}) {
    const where = 'layers.layerNormalization';
    assertKnownOptions(where, args, layerNormKeys);
    super(args, 'layer_normalization');
    const axis = Array.isArray(args.axis) && args.axis.length === 1 ? args.axis[0] : (args.axis ?? -1);
    if (typeof axis !== 'number' || !Number.isInteger(axis)) {
      throw new ValueError(`${where}: option 'axis' expected the last axis (-1), got ${JSON.stringify(args.axis)}`);
    }
    this.axis = axis;
    this.epsilon = args.epsilon ?? 1e-3;
    assertNumber(where, 'epsilon', this.epsilon, 0);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = args.betaInitializer ?? 'zeros';
    this.gammaInitializer = args.gammaInitializer ?? 'ones';
    getInitializer(this.betaInitializer, where, 'betaInitializer');
    getInitializer(this.gammaInitializer, where, 'gammaInitializer');
    this.supportsMasking = true;
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    const where = `${this.name}.apply`;
    if (x.rank < 2) {
      throw new ShapeError(`${where}: argument 'x' expected rank >= 2 [batch, ..., features], got shape ${formatShape(x.shape)}`);
    }
    if (this.axis !== -1 && this.axis !== x.rank - 1) {
      throw new ValueError(
        `${where}: option 'axis' is ${this.axis}, but only the last axis (-1 or ${x.rank - 1} for input shape ${formatShape(x.shape)}) is supported`,
      );
    }
    const expected = this.gamma?.shape[0] ?? this.beta?.shape[0] ?? null;
    if (expected !== null && x.shape[x.rank - 1] !== expected) {
      throw new ShapeError(`${where}: argument 'x' expected last axis ${expected}, got shape ${formatShape(x.shape)}`);
    }
  }

  override build(inputShape: Shape): void {
    const features = inputShape[inputShape.length - 1];
    if (typeof features !== 'number') {
      throw new ShapeError(`${this.name}.build: the last axis of the input must be known, got ${formatShape(inputShape)}`);
    }
    if (this.scale) this.gamma = this.addWeight('gamma', [features], this.gammaInitializer);
    if (this.center) this.beta = this.addWeight('beta', [features], this.betaInitializer);
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    return layerNorm(x, this.gamma, this.beta, this.epsilon);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: initializerConfig(this.betaInitializer),
      gammaInitializer: initializerConfig(this.gammaInitializer),
    };
  }
}

/**
 * Creates a LayerNormalization layer (see {@link LayerNormalizationArgs}).
 * @example layers.layerNormalization({ epsilon: 1e-5 })
 */
export function layerNormalization(args: LayerNormalizationArgs = {}): LayerNormalization {
  return new LayerNormalization(args);
}
