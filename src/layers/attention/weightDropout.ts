/**
 * Dropout masks for attention weights, drawn from the library's seeded stream or, when the
 * layer has a `seed`, from a stream of its own (as layers.dropout does), so a seeded layer's
 * masks do not depend on other draws.
 */
import { Tensor, allocate, shapeSize } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/tensor.js';
import { type RandomState, getRandomState, random, setRandomState, setSeed } from '../../tensor/random.js';

/**
 * Draws inverted-dropout masks: each entry 0 with probability `rate`, else 1 / (1 - rate).
 * @example new WeightDropout(0.1, null).mask('float32', [2, 3, 4])
 */
export class WeightDropout {
  private state: RandomState | null = null;

  constructor(
    /** Fraction of the weights to drop, in [0, 1). */
    readonly rate: number,
    /** Seed of a private stream, or null for the library's stream. */
    readonly seed: number | null,
  ) {}

  /** A fresh mask of `shape`. */
  mask(dtype: DType, shape: number[]): Tensor {
    const keep = 1 / (1 - this.rate);
    const m = allocate(dtype, shapeSize(shape));
    const draw = (): void => {
      for (let i = 0; i < m.length; i++) m[i] = random() < this.rate ? 0 : keep;
    };
    if (this.seed === null) {
      draw();
    } else {
      const global = getRandomState();
      try {
        if (this.state) setRandomState(this.state);
        else setSeed(this.seed);
        draw();
        this.state = getRandomState();
      } finally {
        setRandomState(global);
      }
    }
    return new Tensor(m, shape);
  }
}
