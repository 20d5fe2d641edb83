/**
 * `layers.permute`: reorders the non-batch axes; `dims` lists, for each output axis, the input
 * axis it takes (1-based, the batch axis excluded), e.g. `[2, 1]` swaps time and features. The
 * result is a copy. Like Keras, it passes no mask on (the time axis may move).
 *
 * @example
 * layers.permute({ dims: [2, 1] }).apply(tensor(x, [4, 10, 3])).shape // [4, 3, 10]
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { transpose } from '../ops/merge/transpose.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, isShapeList, layerArgKeys } from './layer.js';

/** Options of `permute`. */
export interface PermuteArgs extends LayerArgs {
  /** A permutation of 1..rank-1: output axis i+1 is input axis `dims[i]`. */
  dims: number[];
}

const permuteKeys = [...layerArgKeys, 'dims'];

/** Keras's Permute layer. */
export class Permute extends Layer {
  readonly className = 'Permute';
  /** Output axis i+1 is input axis `dims[i]` (1-based; the batch axis stays first). */
  readonly dims: number[];

  constructor(args: PermuteArgs) {
    const where = 'layers.permute';
    assertKnownOptions(where, args ?? {}, permuteKeys);
    super(args, 'permute');
    const dims = args.dims;
    const sorted = Array.isArray(dims) ? [...dims].sort((a, b) => a - b) : [];
    if (!Array.isArray(dims) || dims.length === 0 || sorted.some((d, i) => d !== i + 1)) {
      throw new ValueError(`${where}: option 'dims' expected a permutation of 1..${Array.isArray(dims) && dims.length ? dims.length : 'n'} (consecutive integers from 1), got ${JSON.stringify(dims)}`);
    }
    this.dims = [...dims];
  }

  private checkRank(rank: number | null, shape: string): void {
    if (rank !== this.dims.length + 1) {
      throw new ShapeError(`${this.name}.apply: argument 'x' expected rank ${this.dims.length + 1} (option 'dims' = ${JSON.stringify(this.dims)} plus the batch axis), got ${shape}`);
    }
  }

  /** @internal */
  protected override checkInput(x: Tensor | Tensor[]): void {
    if (Array.isArray(x)) this.checkRank(null, 'a list of tensors');
    else this.checkRank(x.rank, `shape ${formatShape(x.shape)}`);
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    return transpose(x, [0, ...this.dims], `${this.name}.apply`);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    if (isShapeList(inputShape)) this.checkRank(null, 'a list of inputs');
    const s = inputShape as Shape;
    this.checkRank(s.length, `shape ${formatShape(s)}`);
    return [s[0] ?? null, ...this.dims.map((d) => s[d] ?? null)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: [...this.dims] };
  }
}

/**
 * Creates a Permute layer (see {@link PermuteArgs}).
 * @example layers.permute({ dims: [2, 1] }) // [batch, time, features] → [batch, features, time]
 */
export function permute(args: PermuteArgs): Permute {
  return new Permute(args);
}
