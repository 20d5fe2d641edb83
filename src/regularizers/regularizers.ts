/**
 * Weight penalties as Keras defines them: L1L2 adds `l1 * sum(|w|) + l2 * sum(w^2)` to the
 * loss. `l1()`, `l2()` and `l1l2()` take Keras's default factor 0.01. A regularizer here is a
 * plain object, independent of layers: its value and gradient on a weight's values, and a
 * differentiable scalar (`regularizationPenalty`) that a training loop adds to the loss.
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import { type FloatArray, Tensor, allocate } from '../tensor/tensor.js';
import { addNode, gradOf } from '../autograd/tape.js';

/**
 * A regularizer's options in Keras's keys, as `getConfig` returns them (L1 and L2 carry one key).
 * @example const config: RegularizerConfig = regularizers.l2({ l2: 1e-4 }).getConfig(); // { l2: 0.0001 }
 */
export type RegularizerConfig = {
  /** The L1 factor (absent for L2). */
  l1?: number;
  /** The L2 factor (absent for L1). */
  l2?: number;
};

/**
 * A regularizer as Keras and tfjs files hold it; tfjs knows only L1L2, so both factors are written.
 * (A type alias, not an interface, so that it stays assignable to the JSON types of the codecs.)
 * @example const saved: KerasRegularizer = { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } };
 */
export type KerasRegularizer = {
  /** The Keras class name. */
  class_name: 'L1L2';
  /** Both factors. */
  config: Required<RegularizerConfig>;
};

/** A weight penalty: what Keras calls a regularizer. */
export interface Regularizer {
  /** The Keras class name written to files ('L1L2', or Keras 3's 'L1' / 'L2'). */
  readonly className: 'L1L2' | 'L1' | 'L2';
  /** The L1 factor. */
  readonly l1: number;
  /** The L2 factor. */
  readonly l2: number;
  /** The penalty for these weight values: l1 * sum(|w|) + l2 * sum(w^2). */
  penalty(values: ArrayLike<number>): number;
  /**
   * Adds `scale` times the penalty's gradient (l1 * sign(w) + 2 * l2 * w; sign(0) = 0, as
   * TensorFlow's gradient of |w|) into `grad`.
   */
  addGradient(values: ArrayLike<number>, grad: FloatArray, scale?: number): void;
  /** The options that recreate it, in Keras's keys (`{ l1, l2 }`, or one of them for L1 / L2). */
  getConfig(): RegularizerConfig;
}

function checkFactor(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ValueError(`${where}: option '${name}' expected a finite number >= 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

function make(className: Regularizer['className'], l1: number, l2: number): Regularizer {
  return Object.freeze({
    className,
    l1,
    l2,
    penalty(values: ArrayLike<number>): number {
      let a = 0;
      let s = 0;
      for (let i = 0; i < values.length; i++) {
        const w = values[i]!;
        a += Math.abs(w);
        s += w * w;
      }
      return (l1 ? l1 * a : 0) + (l2 ? l2 * s : 0);
    },
    addGradient(values: ArrayLike<number>, grad: FloatArray, scale = 1): void {
      if (grad.length !== values.length) {
        throw new ValueError(`regularizer.addGradient: argument 'grad' expected ${values.length} entries like 'values', got ${grad.length}`);
      }
      const a = l1 * scale;
      const b = 2 * l2 * scale;
      for (let i = 0; i < values.length; i++) {
        const w = values[i]!;
        grad[i]! += a * Math.sign(w) + b * w;
      }
    },
    getConfig() {
      if (className === 'L1') return { l1 };
      if (className === 'L2') return { l2 };
      return { l1, l2 };
    },
  });
}

/**
 * L1 penalty `l1 * sum(|w|)` (Keras's `regularizers.L1`, default 0.01).
 * @example regularizers.l1({ l1: 0.001 }).penalty([1, -2]) // 0.003
 */
export function l1(args: { l1?: number } = {}): Regularizer {
  assertKnownOptions('regularizers.l1', args, ['l1']);
  return make('L1', checkFactor('regularizers.l1', 'l1', args.l1 ?? 0.01), 0);
}

/**
 * L2 penalty `l2 * sum(w^2)` (Keras's `regularizers.L2`, default 0.01; no 1/2 factor).
 * @example regularizers.l2().penalty([1, -2]) // 0.05
 */
export function l2(args: { l2?: number } = {}): Regularizer {
  assertKnownOptions('regularizers.l2', args, ['l2']);
  return make('L2', 0, checkFactor('regularizers.l2', 'l2', args.l2 ?? 0.01));
}

/**
 * Both penalties, `l1 * sum(|w|) + l2 * sum(w^2)` (Keras's `regularizers.l1_l2`: each factor
 * defaults to 0.01).
 * @example regularizers.l1l2({ l1: 0.01, l2: 0.1 }).penalty([1, -2]) // 0.53
 */
export function l1l2(args: { l1?: number; l2?: number } = {}): Regularizer {
  assertKnownOptions('regularizers.l1l2', args, ['l1', 'l2']);
  return make('L1L2', checkFactor('regularizers.l1l2', 'l1', args.l1 ?? 0.01), checkFactor('regularizers.l1l2', 'l2', args.l2 ?? 0.01));
}

/** A regularizer, or its tfjs name: 'l1', 'l2', 'l1l2' (Keras defaults). */
export type RegularizerLike = Regularizer | 'l1' | 'l2' | 'l1l2';

/**
 * Resolves a name (tfjs's identifiers, Keras's snake_case too) or passes a regularizer through.
 * @example getRegularizer('l2', 'layers.dense', 'kernelRegularizer').l2 // 0.01
 */
export function getRegularizer(value: unknown, where: string, argName: string): Regularizer {
  if (typeof value === 'string') {
    const key = value.replace(/_/g, '').toLowerCase();
    if (key === 'l1') return l1();
    if (key === 'l2') return l2();
    if (key === 'l1l2') return l1l2();
  }
  if (isRegularizer(value)) return value;
  throw new ValueError(`${where}: option '${argName}' expected a regularizer (regularizers.l1/l2/l1l2) or 'l1', 'l2', 'l1l2', got ${JSON.stringify(value)}`);
}

function isRegularizer(v: unknown): v is Regularizer {
  return typeof v === 'object' && v !== null && typeof (v as Regularizer).penalty === 'function' && typeof (v as Regularizer).addGradient === 'function';
}

/**
 * The penalty of a weight tensor as a differentiable scalar: a training loop adds it to the
 * loss while recording, and backward adds the penalty's gradient into the weight's.
 * @example
 * const loss = record(() => add(dataLoss, regularizationPenalty(regularizers.l2(), kernel)));
 */
export function regularizationPenalty(regularizer: Regularizer, weight: Tensor): Tensor {
  const out = new Tensor(allocate(weight.dtype, 1), []);
  out.data[0] = regularizer.penalty(weight.data);
  addNode([weight], [out], () => {
    if (!out.grad || !weight.requiresGrad) return;
    regularizer.addGradient(weight.data, gradOf(weight), out.grad[0]!);
  });
  return out;
}

/**
 * The Keras / tfjs form: `{ class_name: 'L1L2', config: { l1, l2 } }` (Keras 3 also writes
 * 'L1' / 'L2' with one key; tfjs knows only L1L2, so that is what is written).
 * @example regularizerToKeras(regularizers.l2()) // { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } }
 */
export function regularizerToKeras(r: Regularizer): KerasRegularizer {
  return { class_name: 'L1L2', config: { l1: r.l1, l2: r.l2 } };
}

/**
 * Reads a regularizer as Keras 2/3 or tfjs wrote it ('L1L2', 'L1', 'L2', or their string ids).
 * @example regularizerFromKeras({ class_name: 'L2', config: { l2: 0.001 } }).l2 // 0.001
 */
export function regularizerFromKeras(value: unknown): Regularizer {
  const where = 'regularizerFromKeras';
  if (typeof value === 'string') return getRegularizer(value, where, 'value');
  if (typeof value !== 'object' || value === null || typeof (value as { class_name?: unknown }).class_name !== 'string') {
    throw new ValueError(`${where}: expected { class_name, config }, got ${JSON.stringify(value)}`);
  }
  const { class_name: cls, config } = value as { class_name: string; config?: Record<string, unknown> };
  const cfg = config ?? {};
  const factor = (k: string, fallback: number): number => (cfg[k] === undefined || cfg[k] === null ? fallback : checkFactor(where, k, cfg[k]));
  switch (cls.replace(/_/g, '').toLowerCase()) {
    case 'l1l2': return l1l2({ l1: factor('l1', 0), l2: factor('l2', 0) });
    case 'l1': return l1({ l1: factor('l1', 0.01) });
    case 'l2': return l2({ l2: factor('l2', 0.01) });
  }
  throw new ValueError(`${where}: regularizer class '${cls}' is not one lstm-ts has (L1L2, L1, L2)`);
}
