/**
 * `layers.repeatVector`: `[batch, features]` → `[batch, n, features]`, the vector repeated at
 * every one of `n` steps (an encoder's summary fed to each decoder step). Like Keras, it
 * passes no mask on.
 *
 * @example
 * layers.repeatVector({ n: 3 }).apply(tensor([[1, 2]])) // [[[1, 2], [1, 2], [1, 2]]]
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { repeatVector as repeatOp } from '../ops/merge/repeat.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, isShapeList, layerArgKeys } from './layer.js';

/** Options of `repeatVector`. */
export interface RepeatVectorArgs extends LayerArgs {
  /** How many times to repeat the input (a positive integer). */
  n: number;
}

const repeatVectorKeys = [...layerArgKeys, 'n'];

/** Keras's RepeatVector layer. */
export class RepeatVector extends Layer {
  readonly className = 'RepeatVector';
  /** How many times the input is repeated. */
  readonly n: number;

  constructor(args: RepeatVectorArgs) {
    const where = 'layers.repeatVector';
    assertKnownOptions(where, args ?? {}, repeatVectorKeys);
    super(args, 'repeat_vector');
    if (typeof args.n !== 'number' || !Number.isInteger(args.n) || args.n < 1) {
      throw new ValueError(`${where}: option 'n' expected an integer >= 1, got ${JSON.stringify(args.n)}`);
    }
    this.n = args.n;
  }

  /** @internal */
  protected override checkInput(x: Tensor | Tensor[]): void {
    const shape = Array.isArray(x) ? null : x.shape;
    if (!shape || shape.length !== 2) {
      throw new ShapeError(`${this.name}.apply: argument 'x' expected rank 2 [batch, features], got ${shape ? `shape ${formatShape(shape)}` : 'a list of tensors'}`);
    }
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    return repeatOp(x, this.n, `${this.name}.apply`);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    if (isShapeList(inputShape) || inputShape.length !== 2) {
      throw new ShapeError(`${this.name}.apply: argument 'x' expected rank 2 [batch, features], got ${isShapeList(inputShape) ? 'a list of inputs' : `shape ${formatShape(inputShape)}`}`);
    }
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}

/**
 * Creates a RepeatVector layer (see {@link RepeatVectorArgs}).
 * @example layers.repeatVector({ n: 10 }) // [batch, 32] → [batch, 10, 32]
 */
export function repeatVector(args: RepeatVectorArgs): RepeatVector {
  return new RepeatVector(args);
}
