/**
 * Weight constraints as Keras defines them: projections applied to a weight after each
 * optimizer step. Norms are taken along `axis` (Keras's default 0: for a Dense kernel
 * `[in, units]`, the incoming weights of each unit) with Keras's epsilon 1e-7 in the divisor.
 * A constraint here is a plain object, independent of layers: `project(w)` rewrites a weight
 * tensor's values in place.
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Keras's backend epsilon, added to the norm before dividing by it. */
const EPSILON = 1e-7;

/** The Keras class names of the constraints lstm-ts has. */
export type ConstraintClassName = 'MaxNorm' | 'UnitNorm' | 'NonNeg' | 'MinMaxNorm';

/** A projection applied to a weight after each optimizer step. */
export interface Constraint {
  /** The Keras class name written to files. */
  readonly className: ConstraintClassName;
  /** Rewrites `w`'s values in place with their projection. */
  project(w: Tensor): void;
  /** The options in Keras's snake_case keys (`{ max_value, axis }`, ...). */
  getConfig(): Record<string, number | number[]>;
}

function checkAxis(where: string, axis: unknown): number[] {
  const list = Array.isArray(axis) ? axis : [axis];
  if (list.length === 0 || !list.every((a) => typeof a === 'number' && Number.isInteger(a))) {
    throw new ValueError(`${where}: option 'axis' expected an integer or a list of integers, got ${JSON.stringify(axis)}`);
  }
  return list as number[];
}

function checkNumber(where: string, name: string, v: unknown, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new ValueError(`${where}: option '${name}' expected a finite number >= ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Scales each slice along `axes` by `scaleOf(norm)`, the norm being the L2 norm over `axes`
 * (the other axes index the slices).
 */
function scaleByNorm(w: Tensor, axes: readonly number[], where: string, scaleOf: (norm: number) => number): void {
  const rank = w.rank;
  const reduce = new Array<boolean>(rank).fill(false);
  for (const a of axes) {
    const k = a < 0 ? a + rank : a;
    if (k < 0 || k >= rank) throw new ValueError(`${where}: option 'axis' ${a} is out of range for a weight of rank ${rank} (shape [${w.shape.join(', ')}])`);
    reduce[k] = true;
  }
  // Each entry's slice id: its index with the reduced axes dropped.
  const strides = new Array<number>(rank);
  let slices = 1;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = reduce[d] ? 0 : slices;
    if (!reduce[d]) slices *= w.shape[d]!;
  }
  const sliceOf = new Int32Array(w.size);
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < w.size; i++) {
    let s = 0;
    for (let d = 0; d < rank; d++) s += index[d]! * strides[d]!;
    sliceOf[i] = s;
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < w.shape[d]!) break;
      index[d] = 0;
    }
  }
  const sq = new Float64Array(slices);
  for (let i = 0; i < w.size; i++) sq[sliceOf[i]!]! += w.data[i]! * w.data[i]!;
  const factor = Array.from(sq, (s) => scaleOf(Math.sqrt(s)));
  for (let i = 0; i < w.size; i++) w.data[i] = w.data[i]! * factor[sliceOf[i]!]!;
}

/**
 * Caps the norm of each slice at `maxValue` (Keras's MaxNorm: defaults maxValue 2, axis 0).
 * @example constraints.maxNorm({ maxValue: 1 }).project(kernel)
 */
export function maxNorm(args: { maxValue?: number; axis?: number | number[] } = {}): Constraint {
  const where = 'constraints.maxNorm';
  assertKnownOptions(where, args, ['maxValue', 'axis']);
  const maxValue = checkNumber(where, 'maxValue', args.maxValue ?? 2, 0);
  const axis = checkAxis(where, args.axis ?? 0);
  return Object.freeze({
    className: 'MaxNorm' as const,
    project: (w: Tensor) => scaleByNorm(w, axis, where, (n) => Math.min(Math.max(n, 0), maxValue) / (EPSILON + n)),
    getConfig: () => ({ max_value: maxValue, axis: axis.length === 1 ? axis[0]! : [...axis] }),
  });
}

/**
 * Scales each slice to unit norm (Keras's UnitNorm: default axis 0).
 * @example constraints.unitNorm({ axis: 0 }).project(kernel)
 */
export function unitNorm(args: { axis?: number | number[] } = {}): Constraint {
  const where = 'constraints.unitNorm';
  assertKnownOptions(where, args, ['axis']);
  const axis = checkAxis(where, args.axis ?? 0);
  return Object.freeze({
    className: 'UnitNorm' as const,
    project: (w: Tensor) => scaleByNorm(w, axis, where, (n) => 1 / (EPSILON + n)),
    getConfig: () => ({ axis: axis.length === 1 ? axis[0]! : [...axis] }),
  });
}

/**
 * Sets negative weights to zero (Keras's NonNeg).
 * @example constraints.nonNeg().project(kernel)
 */
export function nonNeg(): Constraint {
  return Object.freeze({
    className: 'NonNeg' as const,
    project: (w: Tensor) => {
      for (let i = 0; i < w.size; i++) if (!(w.data[i]! >= 0)) w.data[i] = 0;
    },
    getConfig: () => ({}),
  });
}

/**
 * Moves each slice's norm into [minValue, maxValue] at `rate` (1: at once), Keras's MinMaxNorm:
 * desired = rate * clip(norm, min, max) + (1 - rate) * norm (defaults 0, 1, rate 1, axis 0).
 * @example constraints.minMaxNorm({ minValue: 0.5, maxValue: 1 }).project(kernel)
 */
export function minMaxNorm(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}): Constraint {
  const where = 'constraints.minMaxNorm';
  assertKnownOptions(where, args, ['minValue', 'maxValue', 'rate', 'axis']);
  const minValue = checkNumber(where, 'minValue', args.minValue ?? 0, 0);
  const maxValue = checkNumber(where, 'maxValue', args.maxValue ?? 1, minValue);
  const rate = checkNumber(where, 'rate', args.rate ?? 1, 0);
  const axis = checkAxis(where, args.axis ?? 0);
  return Object.freeze({
    className: 'MinMaxNorm' as const,
    project: (w: Tensor) => scaleByNorm(w, axis, where, (n) => (rate * Math.min(Math.max(n, minValue), maxValue) + (1 - rate) * n) / (EPSILON + n)),
    getConfig: () => ({ min_value: minValue, max_value: maxValue, rate, axis: axis.length === 1 ? axis[0]! : [...axis] }),
  });
}

/** A constraint, or its tfjs name ('maxNorm', 'unitNorm', 'nonNeg', 'minMaxNorm', with defaults). */
export type ConstraintLike = Constraint | 'maxNorm' | 'unitNorm' | 'nonNeg' | 'minMaxNorm';

/**
 * Resolves a name (tfjs's identifiers, Keras's snake_case too) or passes a constraint through.
 * @example getConstraint('nonNeg', 'layers.dense', 'kernelConstraint').className // 'NonNeg'
 */
export function getConstraint(value: unknown, where: string, argName: string): Constraint {
  if (typeof value === 'string') {
    switch (value.replace(/_/g, '').toLowerCase()) {
      case 'maxnorm': return maxNorm();
      case 'unitnorm': return unitNorm();
      case 'nonneg': return nonNeg();
      case 'minmaxnorm': return minMaxNorm();
    }
  }
  if (typeof value === 'object' && value !== null && typeof (value as Constraint).project === 'function') return value as Constraint;
  throw new ValueError(`${where}: option '${argName}' expected a constraint (constraints.maxNorm/unitNorm/nonNeg/minMaxNorm) or its name, got ${JSON.stringify(value)}`);
}

/**
 * A constraint as Keras and tfjs files hold it.
 * (A type alias, not an interface, so that it stays assignable to the JSON types of the codecs.)
 * @example const saved: KerasConstraint = { class_name: 'MaxNorm', config: { max_value: 2, axis: 0 } };
 */
export type KerasConstraint = {
  /** The Keras class name. */
  class_name: ConstraintClassName;
  /** Its options in Keras's snake_case keys (`getConfig()`). */
  config: Record<string, number | number[]>;
};

/**
 * The Keras / tfjs form, e.g. `{ class_name: 'MaxNorm', config: { max_value: 2, axis: 0 } }`.
 * @example constraintToKeras(constraints.nonNeg()) // { class_name: 'NonNeg', config: {} }
 */
export function constraintToKeras(c: Constraint): KerasConstraint {
  return { class_name: c.className, config: c.getConfig() };
}

/**
 * Reads a constraint as Keras 2/3 or tfjs wrote it (camelCase keys are accepted too).
 * @example constraintFromKeras({ class_name: 'MaxNorm', config: { max_value: 3, axis: 0 } }).className // 'MaxNorm'
 */
export function constraintFromKeras(value: unknown): Constraint {
  const where = 'constraintFromKeras';
  if (typeof value === 'string') return getConstraint(value, where, 'value');
  if (typeof value !== 'object' || value === null || typeof (value as { class_name?: unknown }).class_name !== 'string') {
    throw new ValueError(`${where}: expected { class_name, config }, got ${JSON.stringify(value)}`);
  }
  const { class_name: cls, config } = value as { class_name: string; config?: Record<string, unknown> };
  const cfg = config ?? {};
  const pick = (snake: string, camel: string): number | undefined => {
    const v = cfg[snake] ?? cfg[camel];
    return v === undefined || v === null ? undefined : (v as number);
  };
  const axis = (cfg['axis'] ?? undefined) as number | number[] | undefined;
  const opt = <T extends object>(o: T): T => {
    for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
    return o;
  };
  switch (cls.replace(/_/g, '').toLowerCase()) {
    case 'maxnorm': return maxNorm(opt({ maxValue: pick('max_value', 'maxValue'), axis }));
    case 'unitnorm': return unitNorm(opt({ axis }));
    case 'nonneg': return nonNeg();
    case 'minmaxnorm': return minMaxNorm(opt({ minValue: pick('min_value', 'minValue'), maxValue: pick('max_value', 'maxValue'), rate: pick('rate', 'rate'), axis }));
  }
  throw new ValueError(`${where}: constraint class '${cls}' is not one lstm-ts has (MaxNorm, UnitNorm, NonNeg, MinMaxNorm)`);
}
