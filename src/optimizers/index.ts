/**
 * Optimizers and learning-rate schedules with Keras's update rules and defaults.
 * @example
 * import { adam, getOptimizer, schedules } from './optimizers/index.js';
 * const opt = adam({ learningRate: schedules.exponentialDecay({ initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9 }) });
 */
import { ValueError } from '../tensor/errors.js';
import { Optimizer } from './optimizer.js';
import { SGD, sgd } from './sgd.js';
import { Adam, adam } from './adam.js';
import { AdamW, adamw } from './adamw.js';
import { RMSprop, rmsprop } from './rmsprop.js';
import { Adagrad, adagrad } from './adagrad.js';
import { type SerializedSchedule, deserializeSchedule, isLearningRateSchedule } from './schedules.js';
import * as schedules from './schedules.js';

export {
  Optimizer,
  optimizerOptionKeys,
  type OptimizerOptions,
  type OptimizerState,
  type VariableSlotState,
  type TrainableVariable,
  type SlotArrays,
} from './optimizer.js';
export { SGD, sgd, type SGDOptions } from './sgd.js';
export { Adam, adam, type AdamOptions } from './adam.js';
export { AdamW, adamw, type AdamWOptions } from './adamw.js';
export { RMSprop, rmsprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, adagrad, type AdagradOptions } from './adagrad.js';
export {
  exponentialDecay,
  inverseTimeDecay,
  piecewiseConstantDecay,
  polynomialDecay,
  cosineDecay,
  cosineDecayRestarts,
  serializeSchedule,
  deserializeSchedule,
  isLearningRateSchedule,
  type LearningRateSchedule,
  type SerializedSchedule,
  type DecayOptions,
  type PiecewiseConstantDecayOptions,
  type PolynomialDecayOptions,
  type CosineDecayOptions,
  type CosineDecayRestartsOptions,
} from './schedules.js';
export { clipByNorm, clipByValue, globalClipScale } from './clipping.js';
export { schedules };

/** Optimizer names accepted by `getOptimizer` (tfjs/Keras string identifiers). */
export type OptimizerName = 'sgd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';

/** A name or an optimizer instance, as `model.compile({ optimizer })` accepts. */
export type OptimizerIdentifier = OptimizerName | Optimizer;

const factories: Record<OptimizerName, () => Optimizer> = {
  sgd: () => sgd(),
  adam: () => adam(),
  adamw: () => adamw(),
  rmsprop: () => rmsprop(),
  adagrad: () => adagrad(),
};

const byClassName: Record<string, (config: Record<string, unknown>) => Optimizer> = {
  SGD: (c) => new SGD(c),
  Adam: (c) => new Adam(c),
  AdamW: (c) => new AdamW(c),
  RMSprop: (c) => new RMSprop(c),
  Adagrad: (c) => new Adagrad(c),
};

/**
 * Returns `value` if it is an Optimizer, else a new one with Keras defaults for a name
 * (case-insensitive: 'adam', 'Adam', 'RMSprop' all work).
 * @example getOptimizer('adam').className // 'Adam'
 */
export function getOptimizer(value: OptimizerIdentifier | string): Optimizer {
  if (value instanceof Optimizer) return value;
  const key = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (key !== undefined && Object.hasOwn(factories, key)) return factories[key as OptimizerName]();
  throw new ValueError(
    `getOptimizer: argument 'optimizer' expected an Optimizer or one of ${Object.keys(factories)
      .map((n) => `'${n}'`)
      .join(', ')}, got ${typeof value === 'string' ? `'${value}'` : typeof value}`,
  );
}

/** `{ className, config }`: what a saved model stores to rebuild its optimizer (state aside). */
export interface SerializedOptimizer {
  /** Keras class name, e.g. 'Adam'. */
  className: string;
  /** The constructor options, e.g. `{ learningRate: 0.001, beta1: 0.9, ... }`. */
  config: Record<string, unknown>;
}

/**
 * The optimizer's class name and config, plain JSON.
 * @example optimizers.serializeOptimizer(optimizers.sgd({ momentum: 0.9 })) // { className: 'SGD', config: { learningRate: 0.01, momentum: 0.9, ... } }
 */
export function serializeOptimizer(optimizer: Optimizer): SerializedOptimizer {
  return { className: optimizer.className, config: optimizer.getConfig() };
}

/**
 * Rebuilds an optimizer from `serializeOptimizer`'s output (a schedule in `learningRate` is
 * rebuilt too). Restore its slots afterwards with `setState`.
 * @example
 * const copy = optimizers.deserializeOptimizer(optimizers.serializeOptimizer(model.optimizer));
 * copy.setState(model.optimizer.getState());
 */
export function deserializeOptimizer(serialized: SerializedOptimizer): Optimizer {
  const where = 'deserializeOptimizer';
  const className = (serialized as Partial<SerializedOptimizer> | null)?.className;
  const make = typeof className === 'string' && Object.hasOwn(byClassName, className) ? byClassName[className] : undefined;
  if (!make) {
    throw new ValueError(
      `${where}: argument 'serialized.className' expected one of ${Object.keys(byClassName)
        .map((n) => `'${n}'`)
        .join(', ')}, got ${JSON.stringify(className)}`,
    );
  }
  const config = serialized.config;
  if (typeof config !== 'object' || config === null) {
    throw new ValueError(`${where}: argument 'serialized.config' expected an object, got ${JSON.stringify(config)}`);
  }
  const options: Record<string, unknown> = { ...config };
  const lr = options['learningRate'];
  if (typeof lr === 'object' && lr !== null && !isLearningRateSchedule(lr)) {
    options['learningRate'] = deserializeSchedule(lr as SerializedSchedule);
  }
  return make(options);
}
