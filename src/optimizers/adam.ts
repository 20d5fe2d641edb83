/**
 * Adam, Keras's rule (t = iterations + 1):
 * `m += (g - m)(1 - beta1); v += (g^2 - v)(1 - beta2);`
 * `w -= m * lr * sqrt(1 - beta2^t) / (1 - beta1^t) / (sqrt(v) + epsilon)`.
 * Note Keras adds epsilon to sqrt(v) *without* bias-correcting v, unlike the paper's form.
 * With `amsgrad`, `vHat = max(vHat, v)` replaces v in the denominator.
 */
import type { FloatArray } from '../tensor/tensor.js';
import { Optimizer, type OptimizerOptions, type SlotArrays, assertBooleanOption, assertRate, optimizerOptionKeys } from './optimizer.js';
import { assertNumber } from '../tensor/errors.js';

/** Options of `adam`. */
export interface AdamOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** In [0, 1); default 0.9. */
  beta1?: number;
  /** In [0, 1); default 0.999. */
  beta2?: number;
  /** Default 1e-7 (Keras; PyTorch uses 1e-8). */
  epsilon?: number;
  /** Default false. */
  amsgrad?: boolean;
}

export const adamOptionKeys = [...optimizerOptionKeys, 'beta1', 'beta2', 'epsilon', 'amsgrad'] as const;

/**
 * Adam's update on float32 weights, gradient and slots: the generic loop's values exactly
 * (Math.fround rounds as a Float32Array store does, so m and v are the kept values without
 * reading them back), in a loop that meets one array type only: a character model's 360k
 * weights update in 1.7 ms instead of 2.3.
 */
function adamFloat32(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, alpha: number, oneMinusBeta1: number, oneMinusBeta2: number, eps: number): void {
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]!, vi = v[i]!;
    const mNew = Math.fround(mi + (gi - mi) * oneMinusBeta1);
    const vNew = Math.fround(vi + (gi * gi - vi) * oneMinusBeta2);
    m[i] = mNew;
    v[i] = vNew;
    w[i] = w[i]! - (mNew * alpha) / (Math.sqrt(vNew) + eps);
  }
}

/**
 * The Adam optimizer (Keras's `Adam`); create it with `adam(...)` or `'adam'` in `compile`.
 * Its fields are the options with defaults applied.
 * @example
 * const opt = new Adam({ learningRate: 1e-3, beta2: 0.98 });
 * model.compile({ optimizer: opt, loss: 'meanSquaredError' });
 */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  /** Decay rate of the running mean of gradients (first moment). */
  readonly beta1: number;
  /** Decay rate of the running mean of squared gradients (second moment). */
  readonly beta2: number;
  /** Added to sqrt(v) in the denominator for numerical stability. */
  readonly epsilon: number;
  /** Whether the denominator uses the largest second moment seen so far (AMSGrad). */
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}, factoryName = 'adam', allowedKeys: readonly string[] = adamOptionKeys) {
    super(factoryName, options, allowedKeys, 0.001);
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false } = options;
    // beta = 1 would make the bias correction 1 - beta^t zero.
    assertRate(factoryName, 'beta1', beta1, 0, 1, false);
    assertRate(factoryName, 'beta2', beta2, 0, 1, false);
    assertNumber(factoryName, 'epsilon', epsilon, 0);
    assertBooleanOption(factoryName, 'amsgrad', amsgrad);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.amsgrad = amsgrad;
  }

  protected slotNames(): readonly string[] {
    return this.amsgrad ? ['momentum', 'velocity', 'velocityHat'] : ['momentum', 'velocity'];
  }

  protected updateStep(w: FloatArray, g: FloatArray, slots: SlotArrays, lr: number): void {
    const t = this.iterations + 1;
    const alpha = (lr * Math.sqrt(1 - Math.pow(this.beta2, t))) / (1 - Math.pow(this.beta1, t));
    const oneMinusBeta1 = 1 - this.beta1;
    const oneMinusBeta2 = 1 - this.beta2;
    const eps = this.epsilon;
    const m = slots['momentum']!;
    const v = slots['velocity']!;
    const n = w.length;
    if (this.amsgrad) {
      const vHat = slots['velocityHat']!;
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        m[i] = m[i]! + (gi - m[i]!) * oneMinusBeta1;
        v[i] = v[i]! + (gi * gi - v[i]!) * oneMinusBeta2;
        if (v[i]! > vHat[i]!) vHat[i] = v[i]!;
        w[i] = w[i]! - (m[i]! * alpha) / (Math.sqrt(vHat[i]!) + eps);
      }
      return;
    }
    if (w instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array) {
      adamFloat32(w, g, m, v, alpha, oneMinusBeta1, oneMinusBeta2, eps);
      return;
    }
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      // Re-read the stored m and v so float32 slots round exactly as they are kept.
      m[i] = m[i]! + (gi - m[i]!) * oneMinusBeta1;
      v[i] = v[i]! + (gi * gi - v[i]!) * oneMinusBeta2;
      w[i] = w[i]! - (m[i]! * alpha) / (Math.sqrt(v[i]!) + eps);
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

/**
 * Adam with Keras defaults (`learningRate` 0.001, `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-7).
 * @example adam({ learningRate: 0.01, clipNorm: 1 })
 */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}
