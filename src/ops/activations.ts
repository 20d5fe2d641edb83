/**
 * Activation functions by their TensorFlow.js names, each with its derivative beside it, and
 * the differentiable op `activation(x, name)` that applies one to a tensor.
 *
 * Recurrent kernels keep one number per gate and unit for backpropagation through time, where
 * an activation's output goes: `getRecurrentActivation` hands out each elementwise activation
 * with its derivative written through the output where the output determines it, and through
 * the input for swish and gelu, whose kernels keep the input instead (`keptValue`,
 * `valueFromKept`, `derivFromKept`).
 */
import { ValueError } from '../tensor/errors.js';
import { Tensor, type FloatArray, allocate } from '../tensor/tensor.js';
import { addNode, gradOf } from '../autograd/tape.js';

/** Activation names accepted by layers' `activation` options (tfjs spelling). */
export type ActivationName =
  | 'linear' | 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'hardSigmoid' | 'hardSigmoidKeras3' | 'tanh'
  | 'softplus' | 'softsign' | 'swish' | 'gelu' | 'exponential' | 'softmax';

/** An activation over whole arrays, with its backward. */
export interface Activation {
  readonly name: ActivationName;
  /** Writes f(x) into `y`. `lastDim` is the size of the last axis (softmax normalises over it). */
  forward(x: FloatArray, y: FloatArray, lastDim: number): void;
  /** Adds dLoss/dx into `dx`, given the input `x`, the output `y` and dLoss/dy. */
  backward(x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray, lastDim: number): void;
}

/** A scalar activation for recurrent kernels, with its derivative in the form they use. */
export interface ScalarActivation {
  /** The activation's name, as given to a recurrent layer's `activation`/`recurrentActivation`. */
  readonly name: RecurrentActivationName;
  /** f(x) for one number. */
  forward(x: number): number;
  /**
   * f'(x) written in terms of y = f(x), or null where y does not determine it: swish and gelu
   * are not monotonic (two inputs with one output have different slopes). Recurrent kernels
   * keep y for backward when this exists and x when it is null (see `keptValue`).
   */
  readonly derivFromOutput: ((y: number) => number) | null;
  /**
   * f'(x) from x. Where `derivFromOutput` exists this is `derivFromOutput(forward(x))`, the
   * very number the kernels use, kinks included.
   */
  derivFromInput(x: number): number;
}

/** The activations recurrent layers accept: every elementwise one (all but softmax). */
export type RecurrentActivationName = Exclude<ActivationName, 'softmax'>;

/**
 * What a recurrent kernel keeps of `act` at x for backward, where the output y = f(x) would
 * go: y, or x when y does not determine the derivative. Buffers keep their sizes either way.
 * @example keptValue(getRecurrentActivation('gelu', 'LSTM', 'activation'), -1, -0.1587) // -1
 */
export function keptValue(act: ScalarActivation, x: number, y: number): number {
  return act.derivFromOutput ? y : x;
}

/**
 * f(x) from what `keptValue` kept: the kept number itself, or f of it.
 * @example valueFromKept(getRecurrentActivation('tanh', 'GRU', 'activation'), 0.5) // 0.5
 */
export function valueFromKept(act: ScalarActivation, kept: number): number {
  return act.derivFromOutput ? kept : act.forward(kept);
}

/**
 * f'(x) from what `keptValue` kept.
 * @example derivFromKept(getRecurrentActivation('sigmoid', 'GRU', 'recurrentActivation'), 0.5) // 0.25
 */
export function derivFromKept(act: ScalarActivation, kept: number): number {
  return act.derivFromOutput ? act.derivFromOutput(kept) : act.derivFromInput(kept);
}

// Keras's SELU constants (Klambauer et al. 2017), to the digits Keras uses.
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const INV_SQRT_2 = 0.7071067811865476;
const INV_SQRT_2PI = 0.3989422804014327;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

/** The logistic function, written so that neither branch overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * erf(x) for |x| < 2 by the series 2/sqrt(pi) e^{-x^2} sum 2^n x^{2n+1} / (2n+1)!!, whose
 * terms are all positive (no cancellation, unlike the Maclaurin series).
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * erfc(x) for x >= 2 by its continued fraction
 * e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated with Lentz's
 * method; it converges in under 60 terms from x = 2 and keeps full relative precision in the
 * far tail where 1 - erf(x) would round to 0.
 */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x * x) * INV_SQRT_PI) / f;
}

/** The error function, accurate to about 1e-15. @example erf(1) // 0.8427007929497149 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2) return erfSeries(x);
  const tail = ax === Infinity ? 0 : erfcFraction(ax);
  return x > 0 ? 1 - tail : tail - 1;
}

/** The complementary error function 1 - erf(x), with full relative precision for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -2) return x === -Infinity ? 2 : 2 - erfcFraction(-x);
  if (x < 2) return 1 - erfSeries(x);
  return x === Infinity ? 0 : erfcFraction(x);
}

// The scalar functions both registries use, so that a recurrent layer's activation computes
// exactly what the array op of the same name does.
const relu = (x: number): number => (x > 0 ? x : 0);
const relu6 = (x: number): number => Math.min(Math.max(x, 0), 6);
const elu = (x: number): number => (x > 0 ? x : Math.expm1(x));
const selu = (x: number): number => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x));
const hardSigmoid = (x: number): number => Math.min(Math.max(0.2 * x + 0.5, 0), 1);
// Keras 3's hard_sigmoid, relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1): Keras 3 changed the
// slope from Keras 2's 0.2 to 1/6, so a Keras 3 file's 'hard_sigmoid' reads as this.
const hardSigmoidKeras3 = (x: number): number => Math.min(Math.max(x / 6 + 0.5, 0), 1);
// log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}) stays finite and precise for any x.
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const softsign = (x: number): number => x / (1 + Math.abs(x));
const swish = (x: number): number => x * sigmoid(x);
const swishDeriv = (x: number): number => {
  const s = sigmoid(x);
  return s + x * s * (1 - s);
};
// Keras's default gelu (approximate=False): x * Phi(x) with Phi the normal CDF, written
// through erfc so the far negative tail keeps its relative precision.
const gelu = (x: number): number => 0.5 * x * erfc(-x * INV_SQRT_2);
const geluDeriv = (x: number): number => 0.5 * erfc(-x * INV_SQRT_2) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);

/** Builds an array activation from a scalar f and f' given (x, f(x)). */
function elementwise(
  name: ActivationName,
  f: (x: number) => number,
  df: (x: number, y: number) => number,
): Activation {
  return {
    name,
    forward(x, y) {
      for (let i = 0; i < x.length; i++) y[i] = f(x[i]!);
    },
    backward(x, y, dy, dx) {
      for (let i = 0; i < x.length; i++) dx[i]! += dy[i]! * df(x[i]!, y[i]!);
    },
  };
}

/** Softmax over the last axis, shifted by the row maximum so exp never overflows. */
const softmax: Activation = {
  name: 'softmax',
  forward(x, y, lastDim) {
    for (let row = 0; row < x.length; row += lastDim) {
      let max = -Infinity;
      for (let j = 0; j < lastDim; j++) max = Math.max(max, x[row + j]!);
      let sum = 0;
      for (let j = 0; j < lastDim; j++) {
        const e = Math.exp(x[row + j]! - max);
        y[row + j] = e;
        sum += e;
      }
      for (let j = 0; j < lastDim; j++) y[row + j]! /= sum;
    }
  },
  backward(_x, y, dy, dx, lastDim) {
    // dx_j = y_j (dy_j - sum_k dy_k y_k): the Jacobian diag(y) - y y^T applied to dy.
    for (let row = 0; row < y.length; row += lastDim) {
      let dot = 0;
      for (let j = 0; j < lastDim; j++) dot += dy[row + j]! * y[row + j]!;
      for (let j = 0; j < lastDim; j++) dx[row + j]! += y[row + j]! * (dy[row + j]! - dot);
    }
  },
};

const registry: Record<ActivationName, Activation> = {
  linear: elementwise('linear', (x) => x, () => 1),
  relu: elementwise('relu', relu, (x) => (x > 0 ? 1 : 0)),
  relu6: elementwise('relu6', relu6, (x) => (x > 0 && x < 6 ? 1 : 0)),
  elu: elementwise('elu', elu, (x, y) => (x > 0 ? 1 : y + 1)),
  selu: elementwise('selu', selu, (x, y) => (x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA)),
  sigmoid: elementwise('sigmoid', sigmoid, (_x, y) => y * (1 - y)),
  hardSigmoid: elementwise('hardSigmoid', hardSigmoid, (x) => (x > -2.5 && x < 2.5 ? 0.2 : 0)),
  hardSigmoidKeras3: elementwise('hardSigmoidKeras3', hardSigmoidKeras3, (x) => (x > -3 && x < 3 ? 1 / 6 : 0)),
  tanh: elementwise('tanh', Math.tanh, (_x, y) => 1 - y * y),
  softplus: elementwise('softplus', softplus, sigmoid),
  softsign: elementwise('softsign', softsign, (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)))),
  swish: elementwise('swish', swish, swishDeriv),
  gelu: elementwise('gelu', gelu, geluDeriv),
  exponential: elementwise('exponential', Math.exp, (_x, y) => y),
  softmax,
};

/** All activation names, in the order error messages list them. */
export const activationNames = Object.keys(registry) as ActivationName[];

/**
 * Looks an activation up by name; unknown names throw listing the valid ones.
 * @example getActivation('relu', 'Dense', 'activation').name // 'relu'
 */
export function getActivation(name: unknown, where: string, argName: string): Activation {
  if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(registry, name)) {
    return registry[name as ActivationName];
  }
  throw new ValueError(
    `${where}: option '${argName}' expected one of ${activationNames.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(name)}`,
  );
}

/**
 * Applies an activation elementwise (softmax: over the last axis). Differentiable.
 * 'linear' returns `x` itself.
 * @example activation(tensor([-1, 2]), 'relu').toArray() // [0, 2]
 */
export function activation(x: Tensor, name: ActivationName): Tensor {
  const act = getActivation(name, 'activation', 'name');
  if (act.name === 'linear') return x;
  const lastDim = x.rank === 0 ? 1 : x.shape[x.rank - 1]!;
  const y = allocate(x.dtype, x.size);
  act.forward(x.data, y, lastDim);
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    if (!out.grad || !x.requiresGrad) return;
    act.backward(x.data, y, out.grad, gradOf(x), lastDim);
  });
  return out;
}

/** A recurrent activation whose derivative is written through its output. */
function throughOutput(name: RecurrentActivationName, forward: (x: number) => number, derivFromOutput: (y: number) => number): ScalarActivation {
  return { name, forward, derivFromOutput, derivFromInput: (x) => derivFromOutput(forward(x)) };
}

/** A recurrent activation whose derivative the output does not determine. */
function throughInput(name: RecurrentActivationName, forward: (x: number) => number, derivFromInput: (x: number) => number): ScalarActivation {
  return { name, forward, derivFromOutput: null, derivFromInput };
}

/**
 * The listed recurrent activations (Keras 3's hard sigmoid is accepted separately, below). Each
 * derivative is written through y = f(x) where y determines it; where f is flat or kinked the
 * output tells where x was: y is exactly 0 where relu and relu6 clip below, 6 where relu6
 * clips above, 0 or 1 where the hard sigmoids clip. At x = 0 each gives what the array op
 * above gives (relu 0, elu 1, selu scale * alpha, as PyTorch's selu; TensorFlow's SeluGrad
 * gives scale there). swish and gelu take theirs from the input.
 */
const recurrentRegistry: Record<Exclude<RecurrentActivationName, 'hardSigmoidKeras3'>, ScalarActivation> = {
  linear: throughOutput('linear', (x) => x, () => 1),
  relu: throughOutput('relu', relu, (y) => (y > 0 ? 1 : 0)),
  relu6: throughOutput('relu6', relu6, (y) => (y > 0 && y < 6 ? 1 : 0)),
  // y > 0 exactly where x > 0; below, f' = e^x = y + 1.
  elu: throughOutput('elu', elu, (y) => (y > 0 ? 1 : y + 1)),
  // Below zero f' = scale alpha e^x = y + scale alpha.
  selu: throughOutput('selu', selu, (y) => (y > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA)),
  sigmoid: throughOutput('sigmoid', sigmoid, (y) => y * (1 - y)),
  // Flat where clipped; the output alone tells: y is 0 or 1 exactly there.
  hardSigmoid: throughOutput('hardSigmoid', hardSigmoid, (y) => (y > 0 && y < 1 ? 0.2 : 0)),
  tanh: throughOutput('tanh', Math.tanh, (y) => 1 - y * y),
  // f' = sigmoid(x) = 1 - e^{-y} (e^y = 1 + e^x), through expm1 so a tiny y keeps its digits.
  softplus: throughOutput('softplus', softplus, (y) => -Math.expm1(-y)),
  // 1 - |y| = 1 / (1 + |x|).
  softsign: throughOutput('softsign', softsign, (y) => (1 - Math.abs(y)) * (1 - Math.abs(y))),
  swish: throughInput('swish', swish, swishDeriv),
  gelu: throughInput('gelu', gelu, geluDeriv),
  exponential: throughOutput('exponential', Math.exp, (y) => y),
};

/**
 * Keras 3's hard sigmoid (clip(x / 6 + 0.5, 0, 1)). Accepted by `getRecurrentActivation` but
 * not listed in `recurrentActivationNames` or its error message: it exists so that Keras 3
 * files using 'hard_sigmoid' load with their own semantics.
 */
const hardSigmoidKeras3Recurrent = throughOutput('hardSigmoidKeras3', hardSigmoidKeras3, (y) => (y > 0 && y < 1 ? 1 / 6 : 0));

/** Names `getRecurrentActivation` accepts (and lists in its error message). */
export const recurrentActivationNames = Object.keys(recurrentRegistry) as RecurrentActivationName[];

/**
 * The scalar form of an activation for recurrent kernels. Throws for names it does not know
 * and for softmax (not elementwise), listing the allowed names.
 * @example getRecurrentActivation('sigmoid', 'LSTM', 'recurrentActivation').derivFromInput(0) // 0.25
 */
export function getRecurrentActivation(name: unknown, where: string, argName: string): ScalarActivation {
  if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(recurrentRegistry, name)) {
    return recurrentRegistry[name as keyof typeof recurrentRegistry];
  }
  if (name === 'hardSigmoidKeras3') return hardSigmoidKeras3Recurrent;
  const known = typeof name === 'string' && Object.prototype.hasOwnProperty.call(registry, name);
  throw new ValueError(
    `${where}: option '${argName}' expected one of ${recurrentActivationNames.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(name)}${
      known ? ' (softmax normalises over all units together; recurrent kernels apply an activation to each unit on its own)' : ''
    }`,
  );
}
