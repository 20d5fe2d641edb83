/**
 * `layers.globalAveragePooling1d` and `layers.globalMaxPooling1d`: Keras's global pooling over
 * the whole time axis, `[batch, time, channels]` to `[batch, channels]` (`[batch, 1, channels]`
 * with `keepdims`). No weights. As in Keras 3, the average honours a time mask (padded steps
 * are left out of the mean) and the max ignores it; neither passes a mask on.
 *
 * @example
 * layers.globalAveragePooling1d().apply(tensor(x, [4, 10, 8])).shape // [4, 8]
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { globalAvgPool1d, globalMaxPool1d } from '../../ops/conv/globalPool1d.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from '../layer.js';
import { checkSequenceInput } from './options.js';

/**
 * Options of `layers.globalAveragePooling1d` and `layers.globalMaxPooling1d`.
 * @example layers.globalAveragePooling1d({ keepdims: true })
 */
export interface GlobalPooling1DArgs extends LayerArgs {
  /** Keep the time axis with length 1 (default false). */
  keepdims?: boolean;
}

const globalPoolingKeys = [...layerArgKeys, 'keepdims'];

/**
 * What the two global poolings share: the keepdims option and the output shape.
 * @example layers.globalMaxPooling1d() instanceof layers.GlobalPooling1D // true
 */
export abstract class GlobalPooling1D extends Layer {
  /** Whether the time axis stays with length 1. */
  readonly keepdims: boolean;

  constructor(args: GlobalPooling1DArgs, where: string, prefix: string) {
    assertKnownOptions(where, args, globalPoolingKeys);
    super(args, prefix);
    if (args.keepdims !== undefined && typeof args.keepdims !== 'boolean') {
      throw new ValueError(`${where}: option 'keepdims' expected true or false, got ${JSON.stringify(args.keepdims)}`);
    }
    this.keepdims = args.keepdims ?? false;
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    checkSequenceInput(`${this.name}.apply`, x, null);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    if (inputShape.length !== 3) throw new ShapeError(`${this.name}: expected input shape [batch, time, channels], got ${formatShape(inputShape)}`);
    const batch = inputShape[0] ?? null;
    const channels = inputShape[2] ?? null;
    return this.keepdims ? [batch, 1, channels] : [batch, channels];
  }

  override computeMask(_inputs: Tensor | Tensor[], _mask: Tensor | null | (Tensor | null)[]): Tensor | null {
    return null;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}

/**
 * Keras's GlobalAveragePooling1D: the mean over the (real) time steps, per channel.
 * @example layers.globalAveragePooling1d().apply(tensor([[[1], [3]]])).toArray() // [[2]]
 */
export class GlobalAveragePooling1D extends GlobalPooling1D {
  readonly className = 'GlobalAveragePooling1D';
  constructor(args: GlobalPooling1DArgs = {}) {
    super(args, 'layers.globalAveragePooling1d', 'global_average_pooling1d');
    this.supportsMasking = true;
  }

  override call(x: Tensor, args: CallArgs): Tensor {
    return globalAvgPool1d(x, args.mask, this.keepdims);
  }
}

/**
 * Keras's GlobalMaxPooling1D: the max over all time steps, per channel (masks are ignored, as Keras 3).
 * @example layers.globalMaxPooling1d().apply(tensor([[[1], [3]]])).toArray() // [[3]]
 */
export class GlobalMaxPooling1D extends GlobalPooling1D {
  readonly className = 'GlobalMaxPooling1D';
  constructor(args: GlobalPooling1DArgs = {}) {
    super(args, 'layers.globalMaxPooling1d', 'global_max_pooling1d');
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    return globalMaxPool1d(x, this.keepdims);
  }
}

/**
 * Creates a GlobalAveragePooling1D layer (see {@link GlobalPooling1DArgs}).
 * @example layers.globalAveragePooling1d()
 */
export function globalAveragePooling1d(args: GlobalPooling1DArgs = {}): GlobalAveragePooling1D {
  return new GlobalAveragePooling1D(args);
}

/**
 * Creates a GlobalMaxPooling1D layer (see {@link GlobalPooling1DArgs}).
 * @example layers.globalMaxPooling1d({ keepdims: true })
 */
export function globalMaxPooling1d(args: GlobalPooling1DArgs = {}): GlobalMaxPooling1D {
  return new GlobalMaxPooling1D(args);
}
