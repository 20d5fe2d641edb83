/**
 * `layers.batchNormalization`: Keras's BatchNormalization over the last axis. In training
 * (inside `fit`, or `apply(x, { training: true })`) it normalises with the batch's own mean
 * and biased variance and moves its statistics towards them:
 * `moving = moving * momentum + batch * (1 - momentum)`, as Keras does (the biased variance
 * goes into the moving variance too; PyTorch would use the unbiased one there). Otherwise, and
 * always when the layer is frozen (`trainable: false`, as Keras 2.x/3), it uses the moving
 * statistics. Weights in Keras order: gamma, beta (trainable), moving_mean, moving_variance
 * (non-trainable: the optimizer never touches them), each `[features]`.
 *
 * @example
 * const bn = layers.batchNormalization();
 * bn.apply(tensor([[1, 2], [3, 6]]), { training: true }); // [[-1, -1], [1, 1]] (nearly: epsilon 1e-3)
 * bn.getWeights()[2].toArray(); // moving_mean [0.02, 0.04]
 */
import { ShapeError, ValueError, assertKnownOptions, assertNumber, formatShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';
import { batchNormInference, batchNormTraining } from '../ops/batchNorm.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';
import { initializerConfig } from './dense.js';

/**
 * Options of `layers.batchNormalization`, as Keras's BatchNormalization (last axis only).
 * @example layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 })
 */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The normalised (feature) axis; only the last axis (-1, or rank - 1) is supported (default -1). */
  axis?: number | number[];
  /** Weight of the old value in the moving statistics' update (default 0.99, as Keras). */
  momentum?: number;
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
  /** Initialiser of `moving_mean` (default 'zeros'). */
  movingMeanInitializer?: InitializerLike;
  /** Initialiser of `moving_variance` (default 'ones'). */
  movingVarianceInitializer?: InitializerLike;
}

const batchNormKeys = [
  ...layerArgKeys, 'axis', 'momentum', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer',
  'movingMeanInitializer', 'movingVarianceInitializer',
];

/**
 * Keras's BatchNormalization over the last axis; make it with `layers.batchNormalization`.
 * @example layers.batchNormalization().apply(tensor([[1, 2], [3, 6]]), { training: true })
 */
export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  /** The normalised axis as given (-1 or rank - 1). */
  readonly axis: number;
  /** Weight of the old value in the moving statistics' update. */
  readonly momentum: number;
  /** Added to the variance so the division is safe. */
  readonly epsilon: number;
  /** Whether the learned offset `beta` is added. */
  readonly center: boolean;
  /** Whether the output is multiplied by the learned scale `gamma`. */
  readonly scale: boolean;
  private readonly betaInitializer: InitializerLike;
  private readonly gammaInitializer: InitializerLike;
  private readonly movingMeanInitializer: InitializerLike;
  private readonly movingVarianceInitializer: InitializerLike;
  /** The learned scale once built (null before, and without `scale`). */
  gamma: Tensor | null = null;
  /** The learned offset once built (null before, and without `center`). */
  beta: Tensor | null = null;
  /** The moving mean once built (null before); updated in training, used in inference. */
  movingMean: Tensor | null = null;
  /** The moving (biased) variance once built (null before); updated in training, used in inference. */
  movingVariance: Tensor | null = null;

  constructor(args: BatchNormalizationArgs = {}) {
    const where = 'layers.batchNormalization';
    assertKnownOptions(where, args, batchNormKeys);
    super(args, 'batch_normalization');
    const axis = Array.isArray(args.axis) && args.axis.length === 1 ? args.axis[0] : (args.axis ?? -1);
    if (typeof axis !== 'number' || !Number.isInteger(axis)) {
      throw new ValueError(`${where}: option 'axis' expected the last axis (-1), got ${JSON.stringify(args.axis)}`);
    }
    this.axis = axis;
    this.momentum = args.momentum ?? 0.99;
    assertNumber(where, 'momentum', this.momentum, 0, 1);
    this.epsilon = args.epsilon ?? 1e-3;
    assertNumber(where, 'epsilon', this.epsilon, 0);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = args.betaInitializer ?? 'zeros';
    this.gammaInitializer = args.gammaInitializer ?? 'ones';
    this.movingMeanInitializer = args.movingMeanInitializer ?? 'zeros';
    this.movingVarianceInitializer = args.movingVarianceInitializer ?? 'ones';
    getInitializer(this.betaInitializer, where, 'betaInitializer');
    getInitializer(this.gammaInitializer, where, 'gammaInitializer');
    getInitializer(this.movingMeanInitializer, where, 'movingMeanInitializer');
    getInitializer(this.movingVarianceInitializer, where, 'movingVarianceInitializer');
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
    const expected = this.movingMean?.shape[0] ?? null;
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
    this.movingMean = this.addWeight('moving_mean', [features], this.movingMeanInitializer, false);
    this.movingVariance = this.addWeight('moving_variance', [features], this.movingVarianceInitializer, false);
  }

  override call(x: Tensor, args: CallArgs): Tensor {
    if (!(args.training && this.trainable)) {
      return batchNormInference(x, this.movingMean!, this.movingVariance!, this.gamma, this.beta, this.epsilon);
    }
    // Keras 3 takes the statistics over real steps only when a [batch, time] mask arrives.
    const mask = args.mask && x.rank === 3 ? args.mask : null;
    const { output, mean, variance } = batchNormTraining(x, this.gamma, this.beta, this.epsilon, mask);
    const m = this.momentum;
    const mm = this.movingMean!.data;
    const mv = this.movingVariance!.data;
    for (let c = 0; c < mm.length; c++) {
      mm[c] = mm[c]! * m + mean[c]! * (1 - m);
      mv[c] = mv[c]! * m + variance[c]! * (1 - m);
    }
    return output;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: initializerConfig(this.betaInitializer),
      gammaInitializer: initializerConfig(this.gammaInitializer),
      movingMeanInitializer: initializerConfig(this.movingMeanInitializer),
      movingVarianceInitializer: initializerConfig(this.movingVarianceInitializer),
    };
  }
}

/**
 * Creates a BatchNormalization layer (see {@link BatchNormalizationArgs}).
 * @example layers.batchNormalization({ momentum: 0.9 })
 */
export function batchNormalization(args: BatchNormalizationArgs = {}): BatchNormalization {
  return new BatchNormalization(args);
}
