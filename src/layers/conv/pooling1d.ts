/**
 * `layers.maxPooling1d` and `layers.averagePooling1d`: Keras's MaxPooling1D and
 * AveragePooling1D over time, per channel, on `[batch, time, channels]`. No weights. With
 * padding 'same', the padded steps never win a max and are not counted in an average, as in
 * Keras (TensorFlow's pooling). Like Keras, they do not pass a mask on.
 *
 * @example
 * layers.maxPooling1d({ poolSize: 2 }).apply(tensor(x, [4, 10, 8])).shape // [4, 5, 8]
 */
import { ShapeError, assertKnownOptions, assertOneOf, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type PoolMode, pool1d } from '../../ops/conv/pool1d.js';
import { windowOutputLength } from '../../ops/conv/padding.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from '../layer.js';
import { checkSequenceInput, sizeOption } from './options.js';

/**
 * Options of `layers.maxPooling1d` and `layers.averagePooling1d`, as Keras's.
 * @example layers.maxPooling1d({ poolSize: 3, strides: 1, padding: 'same' })
 */
export interface Pooling1DArgs extends LayerArgs {
  /** Window length, `n` or `[n]` (default 2). */
  poolSize?: number | number[];
  /** Steps between windows, `n` or `[n]` (default: `poolSize`). */
  strides?: number | number[] | null;
  /** 'valid' (default) or 'same' (output length ceil(time / strides)). */
  padding?: 'valid' | 'same';
}

const poolingKeys = [...layerArgKeys, 'poolSize', 'strides', 'padding'];

/**
 * What MaxPooling1D and AveragePooling1D share: the window and its shape arithmetic.
 * @example layers.maxPooling1d() instanceof layers.Pooling1D // true
 */
export abstract class Pooling1D extends Layer {
  /** Window length. */
  readonly poolSize: number;
  /** Steps between windows. */
  readonly strides: number;
  /** How the sequence ends are padded. */
  readonly padding: 'valid' | 'same';
  /** The reduction over a window. */
  protected abstract readonly mode: PoolMode;

  constructor(args: Pooling1DArgs, where: string, prefix: string) {
    assertKnownOptions(where, args, poolingKeys);
    super(args, prefix);
    this.poolSize = sizeOption(where, 'poolSize', args.poolSize ?? 2);
    this.strides = args.strides === undefined || args.strides === null ? this.poolSize : sizeOption(where, 'strides', args.strides);
    const padding = args.padding ?? 'valid';
    assertOneOf(where, 'padding', padding, ['valid', 'same'] as const);
    this.padding = padding;
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    checkSequenceInput(`${this.name}.apply`, x, null);
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    return pool1d(x, this.mode, { poolSize: this.poolSize, strides: this.strides, padding: this.padding });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    if (inputShape.length !== 3) throw new ShapeError(`${this.name}: expected input shape [batch, time, channels], got ${formatShape(inputShape)}`);
    const time = windowOutputLength(inputShape[1] ?? null, this.poolSize, this.strides, 1, this.padding);
    if (time === 0) throw new ShapeError(`${this.name}: input shape ${formatShape(inputShape)} is shorter than the pool size ${this.poolSize} with padding 'valid'`);
    return [inputShape[0] ?? null, time, inputShape[2] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

/**
 * Keras's MaxPooling1D: the largest value of each window, per channel.
 * @example layers.maxPooling1d({ poolSize: 2 }).apply(tensor([[[1], [3], [2], [5]]])).toArray() // [[[3], [5]]]
 */
export class MaxPooling1D extends Pooling1D {
  readonly className = 'MaxPooling1D';
  protected readonly mode = 'max';
  constructor(args: Pooling1DArgs = {}) {
    super(args, 'layers.maxPooling1d', 'max_pooling1d');
  }
}

/**
 * Keras's AveragePooling1D: the mean of each window's real steps, per channel.
 * @example layers.averagePooling1d({ poolSize: 2 }).apply(tensor([[[1], [3]]])).toArray() // [[[2]]]
 */
export class AveragePooling1D extends Pooling1D {
  readonly className = 'AveragePooling1D';
  protected readonly mode = 'avg';
  constructor(args: Pooling1DArgs = {}) {
    super(args, 'layers.averagePooling1d', 'average_pooling1d');
  }
}

/**
 * Creates a MaxPooling1D layer (see {@link Pooling1DArgs}).
 * @example layers.maxPooling1d({ poolSize: 2 })
 */
export function maxPooling1d(args: Pooling1DArgs = {}): MaxPooling1D {
  return new MaxPooling1D(args);
}

/**
 * Creates an AveragePooling1D layer (see {@link Pooling1DArgs}).
 * @example layers.averagePooling1d({ poolSize: 3, strides: 1, padding: 'same' })
 */
export function averagePooling1d(args: Pooling1DArgs = {}): AveragePooling1D {
  return new AveragePooling1D(args);
}
