/**
 * Adagrad, Keras's rule: `acc += g^2; w -= lr * g / sqrt(acc + epsilon)`, with the
 * accumulator starting at `initialAccumulatorValue`.
 */
import type { FloatArray } from '../tensor/tensor.js';
import { assertNumber } from '../tensor/errors.js';
import { Optimizer, type OptimizerOptions, type SlotArrays, optimizerOptionKeys } from './optimizer.js';

/** Options of `adagrad`. */
export interface AdagradOptions extends OptimizerOptions {
  /** Default 0.001 (Keras; tfjs uses 0.01). */
  learningRate?: OptimizerOptions['learningRate'];
  /** Starting value of the squared-gradient sum, >= 0; default 0.1. */
  initialAccumulatorValue?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

const adagradKeys = [...optimizerOptionKeys, 'initialAccumulatorValue', 'epsilon'] as const;

/**
 * Adagrad (Keras's `Adagrad`); create it with `adagrad(...)` or `'adagrad'` in `compile`.
 * @example model.compile({ optimizer: new Adagrad({ learningRate: 0.01 }), loss: 'meanSquaredError' });
 */
export class Adagrad extends Optimizer {
  readonly className: string = 'Adagrad';
  /** Starting value of each weight's sum of squared gradients. */
  readonly initialAccumulatorValue: number;
  /** Added under the square root for numerical stability. */
  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    super('adagrad', options, adagradKeys, 0.001);
    const { initialAccumulatorValue = 0.1, epsilon = 1e-7 } = options;
    assertNumber('adagrad', 'initialAccumulatorValue', initialAccumulatorValue, 0);
    assertNumber('adagrad', 'epsilon', epsilon, 0);
    this.initialAccumulatorValue = initialAccumulatorValue;
    this.epsilon = epsilon;
  }

  protected slotNames(): readonly string[] {
    return ['accumulator'];
  }

  protected override initialSlotValue(slot: string): number {
    return slot === 'accumulator' ? this.initialAccumulatorValue : 0;
  }

  protected updateStep(w: FloatArray, g: FloatArray, slots: SlotArrays, lr: number): void {
    const acc = slots['accumulator']!;
    const eps = this.epsilon;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i]!;
      acc[i] = acc[i]! + gi * gi;
      w[i] = w[i]! - (lr * gi) / Math.sqrt(acc[i]! + eps);
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

/**
 * Adagrad with Keras defaults (`learningRate` 0.001, `initialAccumulatorValue` 0.1, `epsilon` 1e-7).
 * @example adagrad({ learningRate: 0.01 })
 */
export function adagrad(options: AdagradOptions = {}): Adagrad {
  return new Adagrad(options);
}
