/**
 * Loss lookup by name (tfjs camelCase, Keras snake_case and class names, short aliases),
 * the logits pairing used when the last layer's softmax/sigmoid is fused into the loss, and
 * the re-exports of every built-in loss.
 */
import { ValueError } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { expectTensor, formatValue } from './arguments.js';
import {
  binaryCrossentropy,
  prepareBinaryCrossentropy,
  readBinaryCrossentropyOptions,
} from './binaryCrossentropy.js';
import {
  categoricalCrossentropy,
  prepareCategoricalCrossentropy,
  readCategoricalCrossentropyOptions,
} from './categoricalCrossentropy.js';
import { boundLossDescription } from './describe.js';
import { huber, prepareHuber, readHuberOptions } from './huber.js';
import { meanAbsoluteError, prepareMeanAbsoluteError } from './meanAbsoluteError.js';
import { meanSquaredError, prepareMeanSquaredError } from './meanSquaredError.js';
import { type PreparedLoss, perRowValues } from './rowwise.js';
import {
  prepareSparseCategoricalCrossentropy,
  readSparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './sparseCategoricalCrossentropy.js';
import type { LossDescription, LossFn, LossName } from './types.js';

export type * from './types.js';
export { EPSILON } from './clip.js';
export { maskedSampleWeight, resolveSampleWeight, perRowWeights, type ResolvedSampleWeight } from './sampleWeight.js';
export {
  binaryCrossentropy,
  categoricalCrossentropy,
  huber,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
};

interface LossEntry {
  /** The function with default options. */
  readonly fn: LossFn;
  /** Binds options (validated), returning a loss function. */
  readonly bind: (options: object) => LossFn;
  /** Validates the arguments and gives the row-wise form, for unreduced values. */
  readonly prepare: (where: string, yTrue: unknown, yPred: unknown, options: unknown) => PreparedLoss;
}

function noOptions(name: string): (options: object) => LossFn {
  return (options) => {
    const keys = Object.keys(options);
    if (keys.length > 0) throw new ValueError(`getLoss: '${name}' takes no options, got '${keys[0]}'`);
    return name === 'meanSquaredError' ? meanSquaredError : meanAbsoluteError;
  };
}

const LOSSES: Readonly<Record<LossName, LossEntry>> = {
  meanSquaredError: {
    fn: meanSquaredError,
    bind: noOptions('meanSquaredError'),
    prepare: (where, t, p) => prepareMeanSquaredError(where, t, p),
  },
  meanAbsoluteError: {
    fn: meanAbsoluteError,
    bind: noOptions('meanAbsoluteError'),
    prepare: (where, t, p) => prepareMeanAbsoluteError(where, t, p),
  },
  huber: {
    fn: huber,
    bind: (o) => huber(o),
    prepare: (where, t, p, o) => prepareHuber(where, t, p, readHuberOptions(where, o)),
  },
  binaryCrossentropy: {
    fn: binaryCrossentropy,
    bind: (o) => binaryCrossentropy(o),
    prepare: (where, t, p, o) => prepareBinaryCrossentropy(where, t, p, readBinaryCrossentropyOptions(where, o)),
  },
  categoricalCrossentropy: {
    fn: categoricalCrossentropy,
    bind: (o) => categoricalCrossentropy(o),
    prepare: (where, t, p, o) =>
      prepareCategoricalCrossentropy(where, t, p, readCategoricalCrossentropyOptions(where, o)),
  },
  sparseCategoricalCrossentropy: {
    fn: sparseCategoricalCrossentropy,
    bind: (o) => sparseCategoricalCrossentropy(o),
    prepare: (where, t, p, o) =>
      prepareSparseCategoricalCrossentropy(where, t, p, readSparseCategoricalCrossentropyOptions(where, o)),
  },
};

/** Every accepted spelling: tfjs camelCase, Keras snake_case, Keras class names, aliases. */
const LOSS_ALIASES: Readonly<Record<string, LossName>> = {
  meanSquaredError: 'meanSquaredError',
  mean_squared_error: 'meanSquaredError',
  MeanSquaredError: 'meanSquaredError',
  mse: 'meanSquaredError',
  MSE: 'meanSquaredError',
  meanAbsoluteError: 'meanAbsoluteError',
  mean_absolute_error: 'meanAbsoluteError',
  MeanAbsoluteError: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
  MAE: 'meanAbsoluteError',
  huber: 'huber',
  Huber: 'huber',
  huberLoss: 'huber',
  huber_loss: 'huber',
  binaryCrossentropy: 'binaryCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  BinaryCrossentropy: 'binaryCrossentropy',
  bce: 'binaryCrossentropy',
  BCE: 'binaryCrossentropy',
  categoricalCrossentropy: 'categoricalCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  CategoricalCrossentropy: 'categoricalCrossentropy',
  sparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  SparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
};

/** All names `getLoss` accepts. */
export const LOSS_NAMES: readonly string[] = Object.freeze(Object.keys(LOSS_ALIASES));

/**
 * The canonical name and options of a built-in loss given by name or function (including
 * functions bound with options, e.g. `binaryCrossentropy({ fromLogits: true })`), or null for
 * a user-defined function or an unknown name.
 * @example losses.describeLoss('mse') // { name: 'meanSquaredError', options: {} }
 * @example losses.describeLoss(losses.binaryCrossentropy({ fromLogits: true })) // { name: 'binaryCrossentropy', options: { fromLogits: true, labelSmoothing: 0 } }
 */
export function describeLoss(identifier: unknown): LossDescription | null {
  if (typeof identifier === 'string') {
    const name = Object.prototype.hasOwnProperty.call(LOSS_ALIASES, identifier) ? LOSS_ALIASES[identifier]! : null;
    return name ? { name, options: {} } : null;
  }
  if (typeof identifier === 'function') {
    const bound = boundLossDescription(identifier);
    if (bound) return bound;
    for (const name of Object.keys(LOSSES) as LossName[]) {
      if (LOSSES[name].fn === identifier) return { name, options: {} };
    }
  }
  return null;
}

/**
 * Resolves a loss: a name ('mse', 'meanSquaredError', 'mean_squared_error',
 * 'MeanSquaredError', 'binaryCrossentropy', ...), optionally with options, or a function
 * `(yTrue, yPred, sampleWeight?) => scalar Tensor`, returned unchanged.
 * @example getLoss('mse') === meanSquaredError
 * @example getLoss('categoricalCrossentropy', { fromLogits: true, labelSmoothing: 0.1 })
 */
export function getLoss(identifier: string | LossFn, options?: object): LossFn {
  if (typeof identifier === 'function') {
    if (options !== undefined) {
      throw new ValueError(`getLoss: argument 'options' applies to named losses only; got a function and options ${formatValue(options)}`);
    }
    return identifier;
  }
  const described = typeof identifier === 'string' ? describeLoss(identifier) : null;
  if (!described) {
    throw new ValueError(
      `getLoss: unknown loss ${formatValue(identifier)}; expected a function or one of: ${LOSS_NAMES.join(', ')}`,
    );
  }
  const entry = LOSSES[described.name];
  if (options === undefined) return entry.fn;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`getLoss: argument 'options' expected an object, got ${formatValue(options)}`);
  }
  return entry.bind(options);
}

/** The activation whose output a loss can take as logits instead: softmax or sigmoid. */
export type LogitsActivation = 'softmax' | 'sigmoid';

/**
 * Which final activation pairs with a loss so that the two can be fused (the loss computed
 * from the activation's input): 'softmax' for (sparse) categorical cross-entropy, 'sigmoid'
 * for binary cross-entropy, null otherwise or when the loss already expects logits.
 * @example losses.logitsActivation('sparseCategoricalCrossentropy') // 'softmax'; losses.logitsActivation('mse') // null
 */
export function logitsActivation(identifier: unknown): LogitsActivation | null {
  const d = describeLoss(identifier);
  if (!d || d.options.fromLogits === true) return null;
  if (d.name === 'categoricalCrossentropy' || d.name === 'sparseCategoricalCrossentropy') return 'softmax';
  if (d.name === 'binaryCrossentropy') return 'sigmoid';
  return null;
}

/**
 * The fused form of a probability-mode cross-entropy: the same loss with `fromLogits: true`
 * (other options kept), to be applied to the last layer's pre-activation output. Returns null
 * when no pairing exists: not a built-in cross-entropy, already from logits, or `activation`
 * given and not the one the loss pairs with ('softmax' for categorical and sparse
 * categorical, 'sigmoid' for binary). Keras on TensorFlow does the same when the output
 * carries its logits, which keeps training well-conditioned when probabilities saturate.
 * @example lossFromLogits('sparseCategoricalCrossentropy', 'softmax') // CE from logits
 * @example lossFromLogits('mse') // null
 */
export function lossFromLogits(identifier: unknown, activation?: string): LossFn | null {
  const pairs = logitsActivation(identifier);
  if (!pairs || (activation !== undefined && activation !== pairs)) return null;
  const d = describeLoss(identifier)!;
  return LOSSES[d.name].bind({ ...d.options, fromLogits: true });
}

/**
 * The unreduced loss of a built-in loss: one value per row of `yPred`'s last axis, shape
 * `yPred.shape[:-1]`, like Keras's functional losses (`keras.losses.mean_squared_error`).
 * Not recorded on the tape. Throws for user-defined loss functions.
 * @example perSampleLoss('mse', tensor([[1, 1], [0, 0]]), tensor([[1, 3], [0, 0]])).toArray() // [2, 0]
 */
export function perSampleLoss(identifier: string | LossFn, yTrue: Tensor, yPred: Tensor): Tensor {
  const p = expectTensor('perSampleLoss', 'yPred', yPred);
  const values = perSampleLossValues('perSampleLoss', identifier, yTrue, p);
  return new Tensor(p.dtype === 'float64' ? values : Float32Array.from(values), p.shape.slice(0, -1));
}

/**
 * `perSampleLoss` as a flat float64 array, with errors naming `where`.
 * @example losses.perSampleLossValues('myReport', 'mae', tensor([[1, 2]]), tensor([[2, 4]])) // Float64Array [1.5]
 */
export function perSampleLossValues(where: string, identifier: unknown, yTrue: unknown, yPred: unknown): Float64Array {
  const d = describeLoss(identifier);
  if (!d) {
    throw new ValueError(
      `${where}: argument 'identifier' expected a built-in loss (name or function), got ${typeof identifier === 'function' ? 'a user-defined function' : formatValue(identifier)}`,
    );
  }
  return perRowValues(LOSSES[d.name].prepare(where, yTrue, yPred, d.options));
}
