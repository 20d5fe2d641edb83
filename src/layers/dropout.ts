/**
 * `layers.dropout`: inverted dropout. While training, each value is zeroed with probability
 * `rate` and the survivors are scaled by 1/(1 - rate), so inference needs no rescaling and is
 * the identity. Masks come from the library's seeded stream (`setSeed`), or from a stream of
 * the layer's own when `seed` is given.
 *
 * @example
 * const layer = layers.dropout({ rate: 0.5 });
 * layer.apply(x, { training: true }); // about half the entries 0, the rest doubled
 */
import { ShapeError, ValueError, assertInt, assertKnownOptions, assertNumber, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { type RandomState, getRandomState, random, setRandomState, setSeed } from '../tensor/random.js';
import { mulMask } from '../ops/elementwise.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';

export interface DropoutArgs extends LayerArgs {
  /** Fraction of the input units to drop, in [0, 1). */
  rate: number;
  /**
   * Shape of the binary mask, broadcast over the input: an entry of 1 shares one draw along
   * that axis, `null` takes the input's size. E.g. `[null, 1, null]` drops the same features
   * at every timestep. Includes the batch axis, as in Keras.
   */
  noiseShape?: (number | null)[];
  /** Seed of a stream private to this layer, so its masks do not depend on other draws. */
  seed?: number;
}

const dropoutKeys = [...layerArgKeys, 'rate', 'noiseShape', 'seed'];

export class Dropout extends Layer {
  readonly className = 'Dropout';
  /** Fraction of the input units to drop, in [0, 1). */
  readonly rate: number;
  /**
   * Shape of the binary mask, broadcast over the input: an entry of 1 shares one draw along
   * that axis, `null` takes the input's size. E.g. `[null, 1, null]` drops the same features
   * at every timestep. Includes the batch axis, as in Keras.
   */
  readonly noiseShape: (number | null)[] | null;
  /** Seed of a stream private to this layer, so its masks do not depend on other draws. */
  readonly seed: number | null;
  /** This layer's own generator state when `seed` is set. */
  private streamState: RandomState | null = null;
  /** The last mask applied while training (full input shape), for inspection in tests. */
  lastMask: Tensor | null = null;

  constructor(args: DropoutArgs) {
    const where = 'layers.dropout';
    assertKnownOptions(where, args, dropoutKeys);
    super(args, 'dropout');
    assertNumber(where, 'rate', args.rate, 0, 1);
    if (args.rate === 1) throw new ValueError(`${where}: option 'rate' expected a number in [0, 1), got 1 (it would drop every unit)`);
    this.rate = args.rate;
    if (args.noiseShape !== undefined) {
      if (!Array.isArray(args.noiseShape)) {
        throw new ValueError(`${where}: option 'noiseShape' expected an array of sizes or nulls, got ${JSON.stringify(args.noiseShape)}`);
      }
      args.noiseShape.forEach((d, i) => {
        if (d !== null) assertInt(where, `noiseShape[${i}]`, d, 1);
      });
    }
    this.noiseShape = args.noiseShape ? [...args.noiseShape] : null;
    if (args.seed !== undefined) assertInt(where, 'seed', args.seed);
    this.seed = args.seed ?? null;
    this.supportsMasking = true;
  }

  override call(x: Tensor, args: CallArgs): Tensor {
    if (!args.training || this.rate === 0) return x;
    const mask = this.drawMask(x);
    this.lastMask = mask;
    return mulMask(x, mask);
  }

  /** The noise shape resolved against `x`: nulls filled in, each entry 1 or x's size. */
  private resolveNoiseShape(x: Tensor): number[] {
    if (!this.noiseShape) return [...x.shape];
    const ns = this.noiseShape;
    const bad = ns.length !== x.rank || ns.some((d, i) => d !== null && d !== 1 && d !== x.shape[i]);
    if (bad) {
      throw new ShapeError(
        `${this.name}.apply: option 'noiseShape' ${formatShape(ns)} must have x's rank with each entry null, 1 or x's size, but x has shape ${formatShape(x.shape)}`,
      );
    }
    return ns.map((d, i) => d ?? x.shape[i]!);
  }

  /** A mask of x's full shape: 0 or 1/(1-rate), one draw per noise-shape entry. */
  private drawMask(x: Tensor): Tensor {
    const noise = this.resolveNoiseShape(x);
    const scale = 1 / (1 - this.rate);
    const draws = allocate(x.dtype, noise.reduce((a, b) => a * b, 1));
    this.withStream(() => {
      for (let i = 0; i < draws.length; i++) draws[i] = random() < this.rate ? 0 : scale;
    });
    if (noise.every((d, i) => d === x.shape[i])) return new Tensor(draws, x.shape);
    // Broadcast: for each flat index of x, the matching index of the noise tensor uses
    // coordinate 0 on axes where the noise shape is 1.
    const rank = x.rank;
    const full = allocate(x.dtype, x.size);
    const noiseStrides = new Array<number>(rank);
    let stride = 1;
    for (let d = rank - 1; d >= 0; d--) {
      noiseStrides[d] = noise[d] === 1 ? 0 : stride;
      stride *= noise[d]!;
    }
    for (let i = 0; i < full.length; i++) {
      let rest = i;
      let j = 0;
      for (let d = rank - 1; d >= 0; d--) {
        const size = x.shape[d]!;
        j += (rest % size) * noiseStrides[d]!;
        rest = Math.floor(rest / size);
      }
      full[i] = draws[j]!;
    }
    return new Tensor(full, x.shape);
  }

  /** Runs `fn` drawing from this layer's own stream when seeded, leaving the global one alone. */
  private withStream(fn: () => void): void {
    if (this.seed === null) {
      fn();
      return;
    }
    const global = getRandomState();
    try {
      if (this.streamState) setRandomState(this.streamState);
      else setSeed(this.seed);
      fn();
      this.streamState = getRandomState();
    } finally {
      setRandomState(global);
    }
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { ...super.getConfig(), rate: this.rate };
    if (this.noiseShape) config['noiseShape'] = [...this.noiseShape];
    if (this.seed !== null) config['seed'] = this.seed;
    return config;
  }
}

/**
 * Creates a Dropout layer (see {@link DropoutArgs}).
 * @example layers.dropout({ rate: 0.2 })
 */
export function dropout(args: DropoutArgs): Dropout {
  return new Dropout(args);
}
