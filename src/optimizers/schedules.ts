/**
 * Learning-rate schedules with Keras's formulas (keras.optimizers.schedules). A schedule is a
 * function of the optimizer step (`optimizer.iterations`, the number of updates already made),
 * so the first update uses `schedule(0)`. Computed in float64; Keras computes them in float32,
 * so values agree to float32 precision.
 */
import { ValueError, assertKnownOptions, assertNumber } from '../tensor/errors.js';

/**
 * A learning rate that depends on the step. Callable; `className` and `getConfig` let it be
 * saved with the optimizer's config and rebuilt by `deserializeSchedule`.
 */
export interface LearningRateSchedule {
  (step: number): number;
  /** Keras class name, e.g. `'ExponentialDecay'`. */
  readonly className: string;
  /** The options that rebuild this schedule. */
  getConfig(): Record<string, unknown>;
}

/** A schedule as stored in a saved config. */
export interface SerializedSchedule {
  /** Keras class name, e.g. 'ExponentialDecay'; selects the schedule to rebuild. */
  className: string;
  /** The schedule's options (`getConfig()`), in lstm-ts's camelCase names. */
  config: Record<string, unknown>;
}

/**
 * True for anything shaped like a `LearningRateSchedule` (a function with `className` and `getConfig`).
 * @example optimizers.isLearningRateSchedule(optimizers.cosineDecay({ initialLearningRate: 1e-3, decaySteps: 1000 })) // true
 */
export function isLearningRateSchedule(value: unknown): value is LearningRateSchedule {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<LearningRateSchedule>).className === 'string' &&
    typeof (value as Partial<LearningRateSchedule>).getConfig === 'function'
  );
}

function makeSchedule(
  className: string,
  config: Record<string, unknown>,
  rate: (step: number) => number,
): LearningRateSchedule {
  const frozen = Object.freeze({ ...config });
  const schedule = (step: number): number => {
    // A negative or NaN step would silently give a nonsense rate, not an error, further on.
    if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) {
      throw new ValueError(
        `${className}: argument 'step' expected a finite number >= 0, got ${JSON.stringify(step)}`,
      );
    }
    return rate(step);
  };
  return Object.assign(schedule, {
    className,
    getConfig: (): Record<string, unknown> => structuredClone(frozen) as Record<string, unknown>,
  });
}

function assertPositive(where: string, argName: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValueError(`${where}: option '${argName}' expected a finite number > 0, got ${JSON.stringify(value)}`);
  }
}

function assertBoolean(where: string, argName: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${where}: option '${argName}' expected true or false, got ${JSON.stringify(value)}`);
  }
}

/** Options of `exponentialDecay` and `inverseTimeDecay`. */
export interface DecayOptions {
  /** Rate at step 0, >= 0. */
  initialLearningRate: number;
  /** Steps per unit of decay; must be > 0. */
  decaySteps: number;
  /** How much the rate shrinks per `decaySteps`, >= 0: the base (exponential) or the slope (inverse time). */
  decayRate: number;
  /** Decay in whole steps of `decaySteps` (default false). */
  staircase?: boolean;
}

const decayKeys = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'] as const;

function checkDecayOptions(where: string, options: DecayOptions): Required<DecayOptions> {
  assertKnownOptions(where, options ?? {}, decayKeys);
  const { initialLearningRate, decaySteps, decayRate, staircase = false } = options;
  assertNumber(where, 'initialLearningRate', initialLearningRate, 0);
  assertPositive(where, 'decaySteps', decaySteps);
  assertNumber(where, 'decayRate', decayRate, 0);
  assertBoolean(where, 'staircase', staircase);
  return { initialLearningRate, decaySteps, decayRate, staircase };
}

/**
 * `initialLearningRate * decayRate ^ (step / decaySteps)`; with `staircase` the exponent is
 * floored.
 * @example exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 })(10) // 0.05
 */
export function exponentialDecay(options: DecayOptions): LearningRateSchedule {
  const c = checkDecayOptions('exponentialDecay', options);
  return makeSchedule('ExponentialDecay', c, (step) => {
    let p = step / c.decaySteps;
    if (c.staircase) p = Math.floor(p);
    return c.initialLearningRate * Math.pow(c.decayRate, p);
  });
}

/**
 * `initialLearningRate / (1 + decayRate * step / decaySteps)`; with `staircase` the quotient
 * `step / decaySteps` is floored.
 * @example inverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 })(2) // 0.5
 */
export function inverseTimeDecay(options: DecayOptions): LearningRateSchedule {
  const c = checkDecayOptions('inverseTimeDecay', options);
  return makeSchedule('InverseTimeDecay', c, (step) => {
    let p = step / c.decaySteps;
    if (c.staircase) p = Math.floor(p);
    return c.initialLearningRate / (1 + c.decayRate * p);
  });
}

/** Options of `piecewiseConstantDecay`. */
export interface PiecewiseConstantDecayOptions {
  /** Strictly increasing steps where the rate changes. */
  boundaries: number[];
  /** One more value than boundaries. */
  values: number[];
}

/**
 * `values[0]` while `step <= boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < step <= boundaries[i]`, `values[last]` after the last boundary.
 * @example piecewiseConstantDecay({ boundaries: [100], values: [1, 0.5] })(101) // 0.5
 */
export function piecewiseConstantDecay(options: PiecewiseConstantDecayOptions): LearningRateSchedule {
  const where = 'piecewiseConstantDecay';
  assertKnownOptions(where, options ?? {}, ['boundaries', 'values']);
  const { boundaries, values } = options;
  if (!Array.isArray(boundaries)) {
    throw new ValueError(`${where}: option 'boundaries' expected an array of numbers, got ${JSON.stringify(boundaries)}`);
  }
  if (!Array.isArray(values)) {
    throw new ValueError(`${where}: option 'values' expected an array of numbers, got ${JSON.stringify(values)}`);
  }
  if (values.length !== boundaries.length + 1) {
    throw new ValueError(
      `${where}: option 'values' expected ${boundaries.length + 1} entries (one more than 'boundaries'), got ${values.length}`,
    );
  }
  boundaries.forEach((b, i) => {
    assertNumber(where, `boundaries[${i}]`, b);
    if (i > 0 && !(b > boundaries[i - 1]!)) {
      throw new ValueError(
        `${where}: option 'boundaries' must be strictly increasing, got ${JSON.stringify(boundaries)}`,
      );
    }
  });
  values.forEach((v, i) => assertNumber(where, `values[${i}]`, v, 0));
  const bounds = boundaries.slice();
  const vals = values.slice();
  return makeSchedule('PiecewiseConstantDecay', { boundaries: bounds, values: vals }, (step) => {
    let i = 0;
    while (i < bounds.length && step > bounds[i]!) i++;
    return vals[i]!;
  });
}

/** Options of `polynomialDecay`. */
export interface PolynomialDecayOptions {
  /** Rate at step 0, >= 0. */
  initialLearningRate: number;
  /** Steps to go from the initial to the end rate; must be > 0. */
  decaySteps: number;
  /** Default 0.0001. */
  endLearningRate?: number;
  /** Default 1 (linear). */
  power?: number;
  /** Restart the decay after each multiple of `decaySteps` (default false). */
  cycle?: boolean;
}

/**
 * `(initial - end) * (1 - step / decaySteps) ^ power + end`, with `step` capped at
 * `decaySteps`; with `cycle`, `decaySteps` grows to the first multiple of itself >= step.
 * @example polynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0 })(5) // 0.5
 */
export function polynomialDecay(options: PolynomialDecayOptions): LearningRateSchedule {
  const where = 'polynomialDecay';
  assertKnownOptions(where, options ?? {}, ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle']);
  const { initialLearningRate, decaySteps, endLearningRate = 0.0001, power = 1, cycle = false } = options;
  assertNumber(where, 'initialLearningRate', initialLearningRate, 0);
  assertPositive(where, 'decaySteps', decaySteps);
  assertNumber(where, 'endLearningRate', endLearningRate, 0);
  assertNumber(where, 'power', power, 0);
  assertBoolean(where, 'cycle', cycle);
  const config = { initialLearningRate, decaySteps, endLearningRate, power, cycle };
  return makeSchedule('PolynomialDecay', config, (step) => {
    let steps = decaySteps;
    let s = step;
    if (cycle) {
      // Step 0 would give a multiplier of 0 and a division by zero.
      steps = decaySteps * (s === 0 ? 1 : Math.ceil(s / decaySteps));
    } else {
      s = Math.min(s, decaySteps);
    }
    const p = s / steps;
    return (initialLearningRate - endLearningRate) * Math.pow(1 - p, power) + endLearningRate;
  });
}

/** Options of `cosineDecay`. */
export interface CosineDecayOptions {
  /** Rate at step 0 (the start of the warmup, if any), >= 0. */
  initialLearningRate: number;
  /** Steps of the cosine decay (after any warmup); must be > 0. */
  decaySteps: number;
  /** Final rate as a fraction of the rate the decay starts from (default 0). */
  alpha?: number;
  /** With a warmup: the rate reached linearly after `warmupSteps`, where the decay starts. */
  warmupTarget?: number | null;
  /** Warmup length in steps (default 0); used only with `warmupTarget`. */
  warmupSteps?: number;
}

/**
 * Cosine decay (SGDR without restarts), with an optional linear warmup from
 * `initialLearningRate` to `warmupTarget`. Without warmup:
 * `initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)`.
 * @example cosineDecay({ initialLearningRate: 1, decaySteps: 10 })(5) // 0.5
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const where = 'cosineDecay';
  assertKnownOptions(where, options ?? {}, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps']);
  const { initialLearningRate, decaySteps, alpha = 0, warmupTarget = null, warmupSteps = 0 } = options;
  assertNumber(where, 'initialLearningRate', initialLearningRate, 0);
  assertPositive(where, 'decaySteps', decaySteps);
  assertNumber(where, 'alpha', alpha, 0, 1);
  if (warmupTarget !== null) assertNumber(where, 'warmupTarget', warmupTarget, 0);
  assertNumber(where, 'warmupSteps', warmupSteps, 0);
  const config = { initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps };
  const decay = (step: number, from: number): number => {
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (step / decaySteps)));
    return from * ((1 - alpha) * cosine + alpha);
  };
  return makeSchedule('CosineDecay', config, (step) => {
    if (warmupTarget === null) return decay(Math.min(step, decaySteps), initialLearningRate);
    const s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) {
      return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
    }
    return decay(s - warmupSteps, warmupTarget);
  });
}

/** Options of `cosineDecayRestarts`. */
export interface CosineDecayRestartsOptions {
  /** Rate at step 0, >= 0; the i-th restart starts from it times `mMul`^i. */
  initialLearningRate: number;
  /** Length of the first period; must be > 0. */
  firstDecaySteps: number;
  /** Each period is `tMul` times longer than the previous one (default 2). */
  tMul?: number;
  /** Each period starts at `mMul` times the previous period's initial rate (default 1). */
  mMul?: number;
  /** Final rate of each period as a fraction of its initial rate (default 0). */
  alpha?: number;
}

/**
 * Cosine decay with warm restarts (SGDR), Keras's `CosineDecayRestarts`.
 * @example cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10 })(10) // 1 (restart)
 */
export function cosineDecayRestarts(options: CosineDecayRestartsOptions): LearningRateSchedule {
  const where = 'cosineDecayRestarts';
  assertKnownOptions(where, options ?? {}, ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha']);
  const { initialLearningRate, firstDecaySteps, tMul = 2, mMul = 1, alpha = 0 } = options;
  assertNumber(where, 'initialLearningRate', initialLearningRate, 0);
  assertPositive(where, 'firstDecaySteps', firstDecaySteps);
  assertPositive(where, 'tMul', tMul);
  assertNumber(where, 'mMul', mMul, 0);
  assertNumber(where, 'alpha', alpha, 0, 1);
  const config = { initialLearningRate, firstDecaySteps, tMul, mMul, alpha };
  return makeSchedule('CosineDecayRestarts', config, (step) => {
    let fraction = step / firstDecaySteps;
    let restart: number;
    if (tMul === 1) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      // Periods grow geometrically: the i-th restart happens at fraction (1 - tMul^i) / (1 - tMul).
      restart = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
      const done = (1 - Math.pow(tMul, restart)) / (1 - tMul);
      fraction = (fraction - done) / Math.pow(tMul, restart);
    }
    const cosine = 0.5 * Math.pow(mMul, restart) * (1 + Math.cos(Math.PI * fraction));
    return initialLearningRate * ((1 - alpha) * cosine + alpha);
  });
}

const scheduleFactories: Record<string, (config: never) => LearningRateSchedule> = {
  ExponentialDecay: exponentialDecay,
  InverseTimeDecay: inverseTimeDecay,
  PiecewiseConstantDecay: piecewiseConstantDecay,
  PolynomialDecay: polynomialDecay,
  CosineDecay: cosineDecay,
  CosineDecayRestarts: cosineDecayRestarts,
};

/**
 * `{ className, config }` of a schedule, for saving with a model.
 * @example optimizers.serializeSchedule(optimizers.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.9 }))
 * // { className: 'ExponentialDecay', config: { initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.9, staircase: false } }
 */
export function serializeSchedule(schedule: LearningRateSchedule): SerializedSchedule {
  return { className: schedule.className, config: schedule.getConfig() };
}

/**
 * Rebuilds a schedule saved by `serializeSchedule`.
 * @example deserializeSchedule({ className: 'CosineDecay', config: { initialLearningRate: 1, decaySteps: 10 } })
 */
export function deserializeSchedule(serialized: SerializedSchedule): LearningRateSchedule {
  const where = 'deserializeSchedule';
  const className = (serialized as Partial<SerializedSchedule> | null)?.className;
  const factory = typeof className === 'string' && Object.hasOwn(scheduleFactories, className)
    ? scheduleFactories[className]
    : undefined;
  if (!factory) {
    throw new ValueError(
      `${where}: argument 'serialized.className' expected one of ${Object.keys(scheduleFactories)
        .map((n) => `'${n}'`)
        .join(', ')}, got ${JSON.stringify(className)}`,
    );
  }
  const config = serialized.config;
  if (typeof config !== 'object' || config === null) {
    throw new ValueError(`${where}: argument 'serialized.config' expected an object, got ${JSON.stringify(config)}`);
  }
  return factory(config as never);
}
