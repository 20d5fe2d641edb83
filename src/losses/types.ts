/**
 * The shared shape of every loss: a function of targets, predictions and optional sample
 * weights that returns a scalar tensor on the autograd tape.
 */
import type { Tensor } from '../tensor/tensor.js';

/**
 * A loss with Keras's default 'sum_over_batch_size' reduction: the per-sample losses
 * (one per row of `yPred`'s last axis) times their weights, summed, divided by the number
 * of per-sample entries. Returns a tensor of shape `[]`.
 */
export type LossFn = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null) => Tensor;

/** The canonical (tfjs camelCase) names of the built-in losses. */
export type LossName =
  | 'meanSquaredError'
  | 'meanAbsoluteError'
  | 'huber'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy';

/** Options of `binaryCrossentropy` (as Keras's `BinaryCrossentropy`). */
export interface BinaryCrossentropyOptions {
  /** `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Pulls targets towards 0.5: `y * (1 - s) + 0.5 * s` (default 0). */
  labelSmoothing?: number;
}

/** Options of `categoricalCrossentropy` (as Keras's `CategoricalCrossentropy`). */
export interface CategoricalCrossentropyOptions {
  /** `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Mixes targets with the uniform distribution: `y * (1 - s) + s / numClasses` (default 0). */
  labelSmoothing?: number;
}

/** Options of `sparseCategoricalCrossentropy` (as Keras's `SparseCategoricalCrossentropy`). */
export interface SparseCategoricalCrossentropyOptions {
  /** `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
}

/** Options of `huber` (as Keras's `Huber`). */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** Options of any built-in loss, keyed by its canonical name. */
export interface LossOptionsByName {
  /** Mean squared error takes no options. */
  meanSquaredError: Record<string, never>;
  /** Mean absolute error takes no options. */
  meanAbsoluteError: Record<string, never>;
  /** See {@link HuberOptions}. */
  huber: HuberOptions;
  /** See {@link BinaryCrossentropyOptions}. */
  binaryCrossentropy: BinaryCrossentropyOptions;
  /** See {@link CategoricalCrossentropyOptions}. */
  categoricalCrossentropy: CategoricalCrossentropyOptions;
  /** See {@link SparseCategoricalCrossentropyOptions}. */
  sparseCategoricalCrossentropy: SparseCategoricalCrossentropyOptions;
}

/** What a built-in loss function is: its canonical name and the options it was bound with. */
export interface LossDescription {
  /** The canonical name, whatever alias created the loss ('mse' gives 'meanSquaredError'). */
  readonly name: LossName;
  /** The options it was bound with, defaults filled in; {} for a loss given by name or unbound. */
  readonly options: Readonly<Record<string, unknown>>;
}
