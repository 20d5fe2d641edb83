/**
 * AdamW: Adam with decoupled weight decay, Keras's `AdamW`. Before the Adam step each
 * variable shrinks by `w -= w * weightDecay * lr` (the learning rate of this step).
 */
import { ValueError } from '../tensor/errors.js';
import { Adam, type AdamOptions, adamOptionKeys } from './adam.js';

/** Options of `adamw`: Adam's, with `weightDecay` defaulting to 0.004. */
export interface AdamWOptions extends AdamOptions {
  /** Default 0.004; must be a number (Keras rejects None). */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay (Keras's `AdamW`); create it with `adamw(...)`.
 * @example model.compile({ optimizer: new AdamW({ learningRate: 1e-3, weightDecay: 0.01 }), loss: 'meanSquaredError' });
 */
export class AdamW extends Adam {
  override readonly className: string = 'AdamW';

  constructor(options: AdamWOptions = {}) {
    const isObject = typeof options === 'object' && options !== null;
    if (isObject && (options as { weightDecay?: unknown }).weightDecay === null) {
      throw new ValueError(`adamw: option 'weightDecay' expected a finite number >= 0, got null`);
    }
    // A non-object goes through unchanged so the base constructor reports it.
    super(isObject ? { ...options, weightDecay: options.weightDecay ?? 0.004 } : options, 'adamw', adamOptionKeys);
  }
}

/**
 * AdamW with Keras defaults (`learningRate` 0.001, `weightDecay` 0.004, Adam's betas).
 * @example adamw({ learningRate: 0.001, weightDecay: 0.01, excludeFromWeightDecay: ['bias'] })
 */
export function adamw(options: AdamWOptions = {}): AdamW {
  return new AdamW(options);
}
