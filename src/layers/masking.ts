/**
 * `layers.masking`: marks padded timesteps. A step whose features all equal `maskValue` is
 * padding: the layer's mask is 0 there and 1 elsewhere, and, as in Keras, the output is the
 * input multiplied by that mask (padded steps become zeros).
 *
 * @example
 * const layer = layers.masking({ maskValue: 0 });
 * layer.computeMask(tensor([[[1, 2], [0, 0]]]), null)!.toArray() // [[1, 0]]
 */
import { ShapeError, assertKnownOptions, assertNumber, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { mulMask } from '../ops/elementwise.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';

export interface MaskingArgs extends LayerArgs {
  /** The padding value (default 0). */
  maskValue?: number;
}

const maskingKeys = [...layerArgKeys, 'maskValue'];

export class Masking extends Layer {
  readonly className = 'Masking';
  /** The padding value (default 0). */
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    const where = 'layers.masking';
    assertKnownOptions(where, args, maskingKeys);
    super(args, 'masking');
    this.maskValue = args.maskValue ?? 0;
    assertNumber(where, 'maskValue', this.maskValue);
    this.supportsMasking = true;
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    if (x.rank < 2) {
      throw new ShapeError(`${this.name}.apply: argument 'x' expected rank >= 2 [batch, timesteps, ...], got shape ${formatShape(x.shape)}`);
    }
  }

  /** 1 per position of all axes but the last where any feature differs from `maskValue`. */
  private stepMask(x: Tensor): Tensor {
    const features = x.shape[x.rank - 1]!;
    const rows = features === 0 ? 0 : x.size / features;
    const m = allocate(x.dtype, rows);
    for (let r = 0; r < rows; r++) {
      let keep = 0;
      for (let j = 0; j < features; j++) {
        if (x.data[r * features + j] !== this.maskValue) {
          keep = 1;
          break;
        }
      }
      m[r] = keep;
    }
    return new Tensor(m, x.shape.slice(0, -1));
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    const steps = this.stepMask(x);
    const features = x.shape[x.rank - 1]!;
    const full = allocate(x.dtype, x.size);
    for (let i = 0; i < full.length; i++) full[i] = steps.data[Math.floor(i / features)]!;
    return mulMask(x, new Tensor(full, x.shape));
  }

  /** The step mask `[batch, timesteps]` for a rank-3 input; the incoming mask is replaced. */
  override computeMask(inputs: Tensor, _mask: Tensor | null): Tensor {
    return this.stepMask(inputs);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}

/**
 * Creates a Masking layer (see {@link MaskingArgs}).
 * @example layers.masking({ maskValue: 0, inputShape: [50, 3] }) // timesteps of all zeros are skipped
 */
export function masking(args: MaskingArgs = {}): Masking {
  return new Masking(args);
}
