/**
 * The Optimizer base, following Keras 3's `BaseOptimizer.apply`: drop variables without a
 * gradient, clip, apply decoupled weight decay, run each optimizer's update rule, then count
 * the step. Subclasses only declare their slots (per-variable state such as Adam's `m` and `v`)
 * and the per-element update.
 *
 * Slots keep the variable's dtype, as Keras does, so a float32 model trains the same way
 * whether or not it was stopped and resumed from `getState()`. Arithmetic inside one update is
 * done in float64 and rounded when stored, so float32 results agree with Keras to float32
 * rounding of intermediates, not bit for bit.
 */
import { ShapeError, ValueError, assertKnownOptions } from '../tensor/errors.js';
import { type DType, type FloatArray, type Tensor, allocate } from '../tensor/tensor.js';
import { clipByNorm, clipByValue, globalClipScale, scaleInto } from './clipping.js';
import {
  type LearningRateSchedule,
  type SerializedSchedule,
  isLearningRateSchedule,
  serializeSchedule,
} from './schedules.js';

/** A weight the optimizer updates: its gradient is `value.grad` (null = no gradient this step). */
export interface TrainableVariable {
  /** Unique name; slots are kept by it (e.g. `lstm/kernel`). */
  readonly name: string;
  /** The weight; its `grad` is the gradient, its `data` is updated in place. */
  readonly value: Tensor;
}

/** One variable's slots in `OptimizerState`. */
export interface VariableSlotState {
  /** The dtype of the variable the slots were made for. */
  dtype: DType;
  /** Slot name (`momentum`, `velocity`, ...) to its values, flat, in the variable's layout. */
  values: Record<string, number[]>;
}

/** Everything needed to resume training exactly; plain JSON. */
export interface OptimizerState {
  /** Keras class name of the optimizer that saved it. */
  className: string;
  /** Updates made so far. */
  iterations: number;
  /** The current learning rate when it is a number (a schedule lives in the config instead). */
  learningRate?: number;
  /** Per variable name. Variables not yet updated have no entry. */
  slots: Record<string, VariableSlotState>;
}

/** Options every optimizer accepts (Keras's base optimizer arguments, camelCase). */
export interface OptimizerOptions {
  /** A number >= 0 or a schedule of the step. */
  learningRate?: number | LearningRateSchedule;
  /** Clip each variable's gradient to this L2 norm. */
  clipNorm?: number | null;
  /** Clip each gradient element to `[-clipValue, clipValue]`. */
  clipValue?: number | null;
  /** Clip the whole gradient list to this global L2 norm. */
  globalClipNorm?: number | null;
  /** Decoupled weight decay: `w -= w * weightDecay * lr` before the update (AdamW-style). */
  weightDecay?: number | null;
  /** Variables whose name contains any of these strings get no weight decay (e.g. `['bias']`). */
  excludeFromWeightDecay?: string[];
}

/** The option names in `OptimizerOptions`, for `assertKnownOptions`. */
export const optimizerOptionKeys = [
  'learningRate',
  'clipNorm',
  'clipValue',
  'globalClipNorm',
  'weightDecay',
  'excludeFromWeightDecay',
] as const;

/** Per-slot arrays of one variable, same dtype and size as the variable. */
export type SlotArrays = Readonly<Record<string, FloatArray>>;

interface VariableSlots {
  dtype: DType;
  size: number;
  arrays: Record<string, FloatArray>;
}

/** Throws unless `value` is a finite number in `[min, max)` (or `[min, max]` when `maxInclusive`). */
export function assertRate(
  where: string,
  argName: string,
  value: unknown,
  min: number,
  max: number,
  maxInclusive: boolean,
): asserts value is number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    (maxInclusive ? value <= max : value < max);
  if (!ok) {
    throw new ValueError(
      `${where}: option '${argName}' expected a finite number in [${min}, ${max}${maxInclusive ? ']' : ')'}, got ${JSON.stringify(value)}`,
    );
  }
}

/** Throws unless `value` is a boolean. */
export function assertBooleanOption(where: string, argName: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${where}: option '${argName}' expected true or false, got ${JSON.stringify(value)}`);
  }
}

function positiveOrNull(where: string, argName: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValueError(`${where}: option '${argName}' expected a finite number > 0 or null, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkLearningRate(where: string, value: unknown): number | LearningRateSchedule {
  if (isLearningRateSchedule(value)) return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValueError(
      `${where}: option 'learningRate' expected a finite number >= 0 or a LearningRateSchedule, got ${
        typeof value === 'function' ? 'a function without className/getConfig' : JSON.stringify(value)
      }`,
    );
  }
  return value;
}

function checkNameList(where: string, argName: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    throw new ValueError(`${where}: option '${argName}' expected an array of strings, got ${JSON.stringify(value)}`);
  }
  return value.slice();
}

/**
 * Base class of all optimizers. Use a factory (`adam()`, `sgd()`, ...) to make one.
 * @example
 * const opt = adam({ learningRate: 0.01 });
 * opt.applyGradients(model.trainableWeights); // reads each value.grad, updates value.data
 */
export abstract class Optimizer {
  /** Keras class name: `'Adam'`, `'SGD'`, ... */
  abstract readonly className: string;
  /** Updates made so far (Keras `iterations`); schedules are evaluated at this step. */
  iterations = 0;
  /** Clip each gradient to this L2 norm (null: off). */
  readonly clipNorm: number | null;
  /** Clip each gradient element to `[-clipValue, clipValue]` (null: off). */
  readonly clipValue: number | null;
  /** Scale all gradients together so their joint L2 norm is at most this (null: off). */
  readonly globalClipNorm: number | null;
  /** Decoupled weight decay rate (null: none). */
  readonly weightDecay: number | null;
  private weightDecayExclusions: string[];
  private rate: number | LearningRateSchedule;
  private slotStore = new Map<string, VariableSlots>();
  /** Reused buffers for clipped gradients, so clipping allocates once per variable. */
  private readonly clipBuffers = new Map<string, FloatArray>();
  /** Name used in error messages of the factory that made this optimizer. */
  protected readonly factoryName: string;

  /**
   * `factoryName` names the public factory in errors; `defaultLearningRate` is the Keras
   * default of the subclass.
   */
  protected constructor(
    factoryName: string,
    options: OptimizerOptions,
    allowedKeys: readonly string[],
    defaultLearningRate: number,
  ) {
    this.factoryName = factoryName;
    if (typeof options !== 'object' || options === null) {
      throw new ValueError(`${factoryName}: argument 'options' expected an object, got ${JSON.stringify(options)}`);
    }
    assertKnownOptions(factoryName, options, allowedKeys);
    this.rate = checkLearningRate(factoryName, options.learningRate ?? defaultLearningRate);
    this.clipNorm = positiveOrNull(factoryName, 'clipNorm', options.clipNorm);
    this.clipValue = positiveOrNull(factoryName, 'clipValue', options.clipValue);
    this.globalClipNorm = positiveOrNull(factoryName, 'globalClipNorm', options.globalClipNorm);
    const set = (['clipNorm', 'clipValue', 'globalClipNorm'] as const).filter((k) => this[k] !== null);
    if (set.length > 1) {
      throw new ValueError(
        `${factoryName}: at most one of 'clipNorm', 'clipValue', 'globalClipNorm' may be set (as in Keras), got ${set
          .map((k) => `${k}=${this[k]}`)
          .join(', ')}`,
      );
    }
    const wd = options.weightDecay;
    if (wd === undefined || wd === null) {
      this.weightDecay = null;
    } else {
      if (typeof wd !== 'number' || !Number.isFinite(wd) || wd < 0) {
        throw new ValueError(`${factoryName}: option 'weightDecay' expected a finite number >= 0 or null, got ${JSON.stringify(wd)}`);
      }
      this.weightDecay = wd;
    }
    this.weightDecayExclusions =
      options.excludeFromWeightDecay === undefined
        ? []
        : checkNameList(factoryName, 'excludeFromWeightDecay', options.excludeFromWeightDecay);
  }

  /** The learning rate: a number, or a schedule evaluated at `iterations`. Settable (callbacks lower it). */
  get learningRate(): number | LearningRateSchedule {
    return this.rate;
  }

  /** Sets a new rate or schedule; the next update uses it. @example model.optimizer.learningRate = 1e-4 */
  set learningRate(value: number | LearningRateSchedule) {
    this.rate = checkLearningRate(`${this.className}.learningRate`, value);
  }

  /** The learning rate the next update will use. */
  currentLearningRate(): number {
    const rate = this.rate;
    if (typeof rate === 'number') return rate;
    const value = rate(this.iterations);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValueError(
        `${this.className}: learning-rate schedule ${rate.className} returned ${JSON.stringify(value)} at step ${this.iterations}; expected a finite number`,
      );
    }
    return value;
  }

  /**
   * Keeps weight decay off variables whose name contains any of `varNames` (Keras
   * `exclude_from_weight_decay(var_names=...)`, with substring matching).
   */
  excludeFromWeightDecay(varNames: readonly string[]): void {
    this.weightDecayExclusions = checkNameList(`${this.className}.excludeFromWeightDecay`, 'varNames', varNames);
  }

  /** Slot names this configuration keeps per variable, e.g. `['momentum', 'velocity']`. */
  protected abstract slotNames(): readonly string[];

  /** Initial value of a slot (zero except for Adagrad's accumulator). */
  protected initialSlotValue(slot: string): number {
    void slot;
    return 0;
  }

  /**
   * Updates `weights` in place from the (clipped) gradient `grad` with learning rate `lr`.
   * `this.iterations` is still the count before this update.
   */
  protected abstract updateStep(weights: FloatArray, grad: FloatArray, slots: SlotArrays, lr: number): void;

  /** The subclass's own hyperparameters for `getConfig`. */
  protected abstract ownConfig(): Record<string, unknown>;

  /**
   * One update: for every variable with a gradient (`value.grad`), clip, decay, update
   * `value.data` in place; then `iterations++`. Gradients are read, never changed.
   * Throws (before changing anything) if no variable has a gradient, names repeat, or a
   * gradient's size differs from its variable's.
   */
  applyGradients(variables: readonly TrainableVariable[]): void {
    const where = `${this.className}.applyGradients`;
    if (!Array.isArray(variables)) {
      throw new ValueError(`${where}: argument 'variables' expected an array of {name, value}, got ${typeof variables}`);
    }
    if (variables.length === 0) return;
    const seen = new Set<string>();
    const active: TrainableVariable[] = [];
    const grads: FloatArray[] = [];
    for (const v of variables) {
      if (seen.has(v.name)) {
        throw new ValueError(`${where}: variable name '${v.name}' appears twice; optimizer state is kept by name`);
      }
      seen.add(v.name);
      const g = v.value.grad;
      if (g === null || g === undefined) continue;
      if (g.length !== v.value.size) {
        throw new ShapeError(
          `${where}: gradient of '${v.name}' has ${g.length} values, expected ${v.value.size} (the variable's size)`,
        );
      }
      active.push(v);
      grads.push(g);
    }
    if (active.length === 0) {
      throw new ValueError(
        `${where}: no gradients provided for any variable (${[...seen].join(', ')}); did backward() run?`,
      );
    }
    const slots = active.map((v) => this.slotsFor(v, where));
    const lr = this.currentLearningRate();
    const clipped = this.clipGradients(active, grads);
    if (this.weightDecay !== null) this.applyWeightDecay(active, this.weightDecay, lr);
    for (let i = 0; i < active.length; i++) {
      this.updateStep(active[i]!.value.data, clipped[i]!, slots[i]!, lr);
    }
    this.iterations++;
  }

  private applyWeightDecay(variables: readonly TrainableVariable[], wd: number, lr: number): void {
    for (const v of variables) {
      if (this.weightDecayExclusions.some((s) => v.name.includes(s))) continue;
      const w = v.value.data;
      // Keras: variable - variable * wd * lr, evaluated left to right.
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - w[i]! * wd * lr;
    }
  }

  private clipGradients(variables: readonly TrainableVariable[], grads: FloatArray[]): FloatArray[] {
    if (this.clipNorm === null && this.clipValue === null && this.globalClipNorm === null) return grads;
    const scale = this.globalClipNorm !== null ? globalClipScale(grads, this.globalClipNorm) : 0;
    return grads.map((g, i) => {
      const v = variables[i]!;
      const out = this.clipBuffer(v);
      if (this.clipNorm !== null) clipByNorm(g, this.clipNorm, out);
      else if (this.clipValue !== null) clipByValue(g, this.clipValue, out);
      else scaleInto(g, scale, out);
      return out;
    });
  }

  private clipBuffer(v: TrainableVariable): FloatArray {
    let buf = this.clipBuffers.get(v.name);
    if (!buf || buf.length !== v.value.size || !sameDType(buf, v.value.data)) {
      buf = allocate(v.value.dtype, v.value.size);
      this.clipBuffers.set(v.name, buf);
    }
    return buf;
  }

  /** The variable's slots, created on first use (Keras builds them on the first update). */
  private slotsFor(v: TrainableVariable, where: string): SlotArrays {
    const existing = this.slotStore.get(v.name);
    const dtype = v.value.dtype;
    if (existing) {
      if (existing.size !== v.value.size) {
        throw new ShapeError(
          `${where}: variable '${v.name}' has ${v.value.size} values but the optimizer's state for it has ${existing.size}; the model changed since the state was made`,
        );
      }
      if (existing.dtype !== dtype) {
        // Restored state from a model of the other dtype: convert once, keep the variable's dtype.
        for (const name of Object.keys(existing.arrays)) {
          const converted = allocate(dtype, existing.size);
          converted.set(existing.arrays[name]!);
          existing.arrays[name] = converted;
        }
        existing.dtype = dtype;
      }
      return existing.arrays;
    }
    const names = this.slotNames();
    // Slot-free configurations (plain SGD) keep no per-variable entry, so state stays empty.
    if (names.length === 0) return NO_SLOTS;
    const arrays: Record<string, FloatArray> = {};
    for (const name of names) {
      const a = allocate(dtype, v.value.size);
      const init = this.initialSlotValue(name);
      if (init !== 0) a.fill(init);
      arrays[name] = a;
    }
    this.slotStore.set(v.name, { dtype, size: v.value.size, arrays });
    return arrays;
  }

  /** Constructor options that recreate this optimizer (without its state); plain JSON. */
  getConfig(): Record<string, unknown> {
    const rate = this.rate;
    const learningRate: number | SerializedSchedule = typeof rate === 'number' ? rate : serializeSchedule(rate);
    return {
      learningRate,
      clipNorm: this.clipNorm,
      clipValue: this.clipValue,
      globalClipNorm: this.globalClipNorm,
      weightDecay: this.weightDecay,
      excludeFromWeightDecay: this.weightDecayExclusions.slice(),
      ...this.ownConfig(),
    };
  }

  /** A JSON-serialisable copy of the step count, learning rate and all slots. */
  getState(): OptimizerState {
    const slots: Record<string, VariableSlotState> = {};
    for (const [name, s] of this.slotStore) {
      const values: Record<string, number[]> = {};
      for (const [slot, arr] of Object.entries(s.arrays)) values[slot] = Array.from(arr);
      slots[name] = { dtype: s.dtype, values };
    }
    const state: OptimizerState = { className: this.className, iterations: this.iterations, slots };
    if (typeof this.rate === 'number') state.learningRate = this.rate;
    return state;
  }

  /**
   * Restores `getState()`'s output (also after a JSON round trip): training then continues
   * bit-identically. Replaces all current slots. Checked fully before anything changes.
   */
  setState(state: OptimizerState): void {
    const where = `${this.className}.setState`;
    if (typeof state !== 'object' || state === null) {
      throw new ValueError(`${where}: argument 'state' expected an object from getState(), got ${JSON.stringify(state)}`);
    }
    if (state.className !== this.className) {
      throw new ValueError(
        `${where}: argument 'state.className' expected '${this.className}', got ${JSON.stringify(state.className)}`,
      );
    }
    const iterations = state.iterations;
    if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 0) {
      throw new ValueError(`${where}: argument 'state.iterations' expected an integer >= 0, got ${JSON.stringify(iterations)}`);
    }
    if (state.learningRate !== undefined && typeof this.rate !== 'number') {
      throw new ValueError(
        `${where}: argument 'state.learningRate' is a number but this optimizer uses a ${this.rate.className} schedule`,
      );
    }
    const rate = state.learningRate === undefined ? this.rate : checkLearningRate(where, state.learningRate);
    if (typeof state.slots !== 'object' || state.slots === null) {
      throw new ValueError(`${where}: argument 'state.slots' expected an object, got ${JSON.stringify(state.slots)}`);
    }
    const expected = [...this.slotNames()].sort();
    const store = new Map<string, VariableSlots>();
    for (const [name, entry] of Object.entries(state.slots)) {
      const at = `state.slots['${name}']`;
      if (typeof entry !== 'object' || entry === null || (entry.dtype !== 'float32' && entry.dtype !== 'float64')) {
        throw new ValueError(`${where}: argument '${at}' expected {dtype: 'float32'|'float64', values}, got ${JSON.stringify(entry)?.slice(0, 80)}`);
      }
      const values = entry.values;
      const got = typeof values === 'object' && values !== null ? Object.keys(values).sort() : [];
      if (got.join(',') !== expected.join(',')) {
        throw new ValueError(
          `${where}: argument '${at}.values' expected slots [${expected.join(', ')}] for this ${this.className} configuration, got [${got.join(', ')}]`,
        );
      }
      let size = -1;
      const arrays: Record<string, FloatArray> = {};
      for (const slot of expected) {
        const list = values[slot];
        if (!Array.isArray(list) || !list.every((x) => typeof x === 'number')) {
          throw new ValueError(`${where}: argument '${at}.values.${slot}' expected an array of numbers`);
        }
        if (size >= 0 && list.length !== size) {
          throw new ShapeError(`${where}: argument '${at}.values.${slot}' has ${list.length} values, expected ${size} like the other slots`);
        }
        size = list.length;
        const arr = allocate(entry.dtype, list.length);
        arr.set(list);
        arrays[slot] = arr;
      }
      if (size >= 0) store.set(name, { dtype: entry.dtype, size, arrays });
    }
    this.slotStore = store;
    this.iterations = iterations;
    this.rate = rate;
  }
}

const NO_SLOTS: SlotArrays = Object.freeze({});

function sameDType(a: FloatArray, b: FloatArray): boolean {
  return a instanceof Float64Array === b instanceof Float64Array;
}
