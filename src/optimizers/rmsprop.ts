/**
 * RMSprop, Keras's rule: `v = rho * v + (1 - rho) g^2`;
 * centered: `mg = rho * mg + (1 - rho) g`, `denominator = v - mg^2 + epsilon`, else `v + epsilon`;
 * `increment = lr * g / sqrt(denominator)`; with momentum `m = momentum * m + increment`,
 * `w -= m`, else `w -= increment`. (Epsilon sits inside the square root, unlike Adam.)
 */
import type { FloatArray } from '../tensor/tensor.js';
import { assertNumber } from '../tensor/errors.js';
import { Optimizer, type OptimizerOptions, type SlotArrays, assertBooleanOption, assertRate, optimizerOptionKeys } from './optimizer.js';

/** Options of `rmsprop`. */
export interface RMSpropOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Decay of the squared-gradient average, in [0, 1]; default 0.9. */
  rho?: number;
  /** In [0, 1]; default 0 (no momentum slot). */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Normalise by the gradient's variance rather than its second moment; default false. */
  centered?: boolean;
}

const rmspropKeys = [...optimizerOptionKeys, 'rho', 'momentum', 'epsilon', 'centered'] as const;

/**
 * RMSprop (Keras's `RMSprop`); create it with `rmsprop(...)` or `'rmsprop'` in `compile`.
 * @example model.compile({ optimizer: new RMSprop({ learningRate: 1e-3, rho: 0.9 }), loss: 'meanSquaredError' });
 */
export class RMSprop extends Optimizer {
  readonly className: string = 'RMSprop';
  /** Decay rate of the running mean of squared gradients. */
  readonly rho: number;
  /** Momentum on the scaled updates, in [0, 1]; 0 for none. */
  readonly momentum: number;
  /** Added under the square root for numerical stability. */
  readonly epsilon: number;
  /** Whether the squared-gradient average is centred by subtracting the squared mean gradient. */
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    super('rmsprop', options, rmspropKeys, 0.001);
    const { rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = options;
    assertRate('rmsprop', 'rho', rho, 0, 1, true);
    assertRate('rmsprop', 'momentum', momentum, 0, 1, true);
    assertNumber('rmsprop', 'epsilon', epsilon, 0);
    assertBooleanOption('rmsprop', 'centered', centered);
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
  }

  protected slotNames(): readonly string[] {
    const names = ['velocity'];
    if (this.momentum > 0) names.push('momentum');
    if (this.centered) names.push('averageGradient');
    return names;
  }

  protected updateStep(w: FloatArray, g: FloatArray, slots: SlotArrays, lr: number): void {
    const rho = this.rho;
    const oneMinusRho = 1 - rho;
    const eps = this.epsilon;
    const mu = this.momentum;
    const v = slots['velocity']!;
    const m = mu > 0 ? slots['momentum']! : null;
    const mg = this.centered ? slots['averageGradient']! : null;
    const n = w.length;
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      v[i] = rho * v[i]! + oneMinusRho * (gi * gi);
      let denominator: number;
      if (mg !== null) {
        mg[i] = rho * mg[i]! + oneMinusRho * gi;
        denominator = v[i]! - mg[i]! * mg[i]! + eps;
      } else {
        denominator = v[i]! + eps;
      }
      const increment = (lr * gi) / Math.sqrt(denominator);
      if (m !== null) {
        m[i] = mu * m[i]! + increment;
        w[i] = w[i]! - m[i]!;
      } else {
        w[i] = w[i]! - increment;
      }
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

/**
 * RMSprop with Keras defaults (`learningRate` 0.001, `rho` 0.9, `epsilon` 1e-7).
 * @example rmsprop({ learningRate: 0.01, centered: true })
 */
export function rmsprop(options: RMSpropOptions = {}): RMSprop {
  return new RMSprop(options);
}
