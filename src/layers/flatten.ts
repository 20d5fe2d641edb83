/**
 * `layers.flatten`: `[batch, d1, d2, ...]` becomes `[batch, d1 * d2 * ...]` (a view; no copy).
 * Like Keras, it does not pass a mask on.
 *
 * @example
 * layers.flatten().apply(tensor(x, [2, 3, 4])).shape // [2, 12]
 */
import { ShapeError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from '../ops/shape.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';

/**
 * Options of `flatten`: only the common layer options (name, inputShape, ...).
 * @example layers.flatten({ name: 'to_vector' })
 */
export type FlattenArgs = LayerArgs;

export class Flatten extends Layer {
  readonly className = 'Flatten';

  constructor(args: FlattenArgs = {}) {
    assertKnownOptions('layers.flatten', args, layerArgKeys);
    super(args, 'flatten');
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    if (x.rank < 1) throw new ShapeError(`${this.name}.apply: argument 'x' expected rank >= 1 [batch, ...], got shape ${formatShape(x.shape)}`);
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    const batch = x.shape[0]!;
    let rest = 1;
    for (let d = 1; d < x.rank; d++) rest *= x.shape[d]!;
    return reshape(x, [batch, rest]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    const size = rest.some((d) => d === null) ? null : rest.reduce<number>((a, d) => a * d!, 1);
    return [inputShape[0] ?? null, size];
  }
}

/**
 * Creates a Flatten layer.
 * @example layers.flatten() // [batch, 20, 8] → [batch, 160]
 */
export function flatten(args: FlattenArgs = {}): Flatten {
  return new Flatten(args);
}
