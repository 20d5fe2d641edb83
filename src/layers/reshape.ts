/**
 * `layers.reshape`: views each example with `targetShape` (the batch axis is kept; one entry
 * may be -1 and is inferred). Like Keras, it does not pass a mask on.
 *
 * @example
 * layers.reshape({ targetShape: [3, -1] }).apply(tensor(x, [2, 12])).shape // [2, 3, 4]
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape as reshapeOp } from '../ops/shape.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';

export interface ReshapeArgs extends LayerArgs {
  /** Shape of each example, without the batch axis; at most one entry -1. */
  targetShape: number[];
}

const reshapeKeys = [...layerArgKeys, 'targetShape'];

export class Reshape extends Layer {
  readonly className = 'Reshape';
  /** Shape of each example, without the batch axis; at most one entry -1. */
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    const where = 'layers.reshape';
    assertKnownOptions(where, args, reshapeKeys);
    super(args, 'reshape');
    const t = args.targetShape;
    const ok =
      Array.isArray(t) &&
      t.every((d) => d === -1 || (Number.isInteger(d) && d >= 1)) &&
      t.filter((d) => d === -1).length <= 1;
    if (!ok) {
      throw new ValueError(
        `${where}: option 'targetShape' expected positive integer sizes with at most one -1, got ${JSON.stringify(t)}`,
      );
    }
    this.targetShape = [...t];
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    if (x.rank < 1) throw new ShapeError(`${this.name}.apply: argument 'x' expected rank >= 1 [batch, ...], got shape ${formatShape(x.shape)}`);
  }

  /** The per-example target shape for `size` values per example, -1 resolved. */
  private resolve(size: number, inputShape: readonly (number | null)[]): number[] {
    const known = this.targetShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const free = this.targetShape.indexOf(-1);
    const fits = free >= 0 ? size % known === 0 : size === known;
    if (!fits) {
      throw new ShapeError(
        `${this.name}.apply: argument 'x' of shape ${formatShape(inputShape)} has ${size} values per example, which cannot be viewed as targetShape ${formatShape(this.targetShape)}`,
      );
    }
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    const perExample = x.shape.slice(1).reduce((a, d) => a * d, 1);
    return reshapeOp(x, [x.shape[0]!, ...this.resolve(perExample, x.shape)]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    if (rest.some((d) => d === null)) {
      return [inputShape[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? null : d))];
    }
    const size = rest.reduce<number>((a, d) => a * d!, 1);
    return [inputShape[0] ?? null, ...this.resolve(size, inputShape)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}

/**
 * Creates a Reshape layer (see {@link ReshapeArgs}).
 * @example layers.reshape({ targetShape: [10, 2] }) // [batch, 20] → [batch, 10, 2]
 */
export function reshape(args: ReshapeArgs): Reshape {
  return new Reshape(args);
}
