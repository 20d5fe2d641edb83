/**
 * Stochastic gradient descent with optional (Nesterov) momentum, Keras's `SGD` rule:
 * `v = momentum * v - lr * g; w += v` (Nesterov: `w += momentum * v - lr * g`).
 */
import type { FloatArray } from '../tensor/tensor.js';
import { Optimizer, type OptimizerOptions, type SlotArrays, assertBooleanOption, assertRate, optimizerOptionKeys } from './optimizer.js';

/** Options of `sgd`. */
export interface SGDOptions extends OptimizerOptions {
  /** Default 0.01. */
  learningRate?: OptimizerOptions['learningRate'];
  /** In [0, 1]; default 0 (no momentum slot). */
  momentum?: number;
  /** Default false. */
  nesterov?: boolean;
}

const sgdKeys = [...optimizerOptionKeys, 'momentum', 'nesterov'] as const;

/**
 * Stochastic gradient descent (Keras's `SGD`); create it with `sgd(...)` or `'sgd'` in `compile`.
 * @example model.compile({ optimizer: new SGD({ learningRate: 0.01, momentum: 0.9, nesterov: true }), loss: 'meanSquaredError' });
 */
export class SGD extends Optimizer {
  readonly className: string = 'SGD';
  /** Fraction of the previous update carried into the next, in [0, 1]; 0 is plain SGD. */
  readonly momentum: number;
  /** Whether the momentum is Nesterov's (looks ahead along the velocity). */
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super('sgd', options, sgdKeys, 0.01);
    const { momentum = 0, nesterov = false } = options;
    assertRate('sgd', 'momentum', momentum, 0, 1, true);
    assertBooleanOption('sgd', 'nesterov', nesterov);
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  protected slotNames(): readonly string[] {
    return this.momentum !== 0 ? ['momentum'] : [];
  }

  protected updateStep(w: FloatArray, g: FloatArray, slots: SlotArrays, lr: number): void {
    const n = w.length;
    if (this.momentum === 0) {
      for (let i = 0; i < n; i++) w[i] = w[i]! - g[i]! * lr;
      return;
    }
    const mu = this.momentum;
    const m = slots['momentum']!;
    if (this.nesterov) {
      for (let i = 0; i < n; i++) {
        m[i] = m[i]! * mu - g[i]! * lr;
        w[i] = w[i]! + (m[i]! * mu - g[i]! * lr);
      }
    } else {
      for (let i = 0; i < n; i++) {
        m[i] = m[i]! * mu - g[i]! * lr;
        w[i] = w[i]! + m[i]!;
      }
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

/**
 * Plain or momentum SGD with Keras defaults (`learningRate` 0.01, `momentum` 0).
 * @example sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })
 */
export function sgd(options: SGDOptions = {}): SGD {
  return new SGD(options);
}
