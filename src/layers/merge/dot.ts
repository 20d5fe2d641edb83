/**
 * `layers.dot`: per batch entry, the dot product of two tensors along `axes` (one axis for
 * both, or a pair `[axisOfFirst, axisOfSecond]`), as Keras's Dot / batch_dot. With
 * `normalize`, each input is first L2-normalised along its dot axis, so the result is the
 * cosine similarity. Like Keras, it passes no mask on.
 *
 * @example
 * layers.dot({ axes: 1 }).apply([tensor([[1, 2]]), tensor([[3, 4]])]) // [[11]]
 * @example
 * // attention scores: [batch, tq, d] · [batch, tv, d] → [batch, tq, tv]
 * layers.dot({ axes: [2, 2] }).apply([query, value]).shape
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { batchDot } from '../../ops/merge/batchDot.js';
import { l2Normalize } from '../../ops/merge/l2Normalize.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from '../layer.js';
import { assertInputList, assertShapeList, mergedBatch } from './merge.js';

/** Options of `dot`. */
export interface DotArgs extends LayerArgs {
  /**
   * The axis to contract in both inputs, or `[axisOfFirst, axisOfSecond]`; negative counts
   * from the end. Not the batch axis.
   */
  axes: number | [number, number];
  /** L2-normalise each input along its dot axis first (cosine similarity; default false). */
  normalize?: boolean;
}

const dotKeys = [...layerArgKeys, 'axes', 'normalize'];

/** Keras's Dot layer: the batchwise dot product of two inputs. */
export class Dot extends Layer {
  readonly className = 'Dot';
  /** The axes as given: one for both inputs, or one per input. */
  readonly axes: number | [number, number];
  /** Whether inputs are L2-normalised along the dot axes first. */
  readonly normalize: boolean;

  constructor(args: DotArgs) {
    const where = 'layers.dot';
    assertKnownOptions(where, args ?? {}, dotKeys);
    super(args, 'dot');
    const axes = args?.axes;
    const ok = (a: unknown): boolean => typeof a === 'number' && Number.isInteger(a) && a !== 0;
    if (!(ok(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every(ok)))) {
      throw new ValueError(`${where}: option 'axes' expected a non-zero integer or a pair of them (0 is the batch axis), got ${JSON.stringify(axes)}`);
    }
    if (args.normalize !== undefined && typeof args.normalize !== 'boolean') {
      throw new ValueError(`${where}: option 'normalize' expected true or false, got ${JSON.stringify(args.normalize)}`);
    }
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : (axes as number);
    this.normalize = args.normalize ?? false;
  }

  /** The dot axis of each input, as indices, or throws naming the shapes. */
  private resolveAxes(where: string, s1: readonly (number | null)[], s2: readonly (number | null)[]): [number, number] {
    const [g1, g2] = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    const a1 = g1 < 0 ? g1 + s1.length : g1;
    const a2 = g2 < 0 ? g2 + s2.length : g2;
    if (s1.length < 2 || s2.length < 2 || a1 < 1 || a1 >= s1.length || a2 < 1 || a2 >= s2.length) {
      throw new ShapeError(`${where}: option 'axes' = ${JSON.stringify(this.axes)} does not name a non-batch axis of both inputs, shapes ${formatShape(s1)} and ${formatShape(s2)}`);
    }
    const d1 = s1[a1] ?? null;
    const d2 = s2[a2] ?? null;
    if (d1 !== null && d2 !== null && d1 !== d2) {
      throw new ShapeError(
        `${where}: argument 'inputs[1]' of shape ${formatShape(s2)} expected size ${d1} on axis ${a2} to match inputs[0] ${formatShape(s1)} on axis ${a1} (option 'axes' = ${JSON.stringify(this.axes)}), got ${d2}`,
      );
    }
    return [a1, a2];
  }

  /** @internal */
  protected override checkInput(x: Tensor | Tensor[]): void {
    const where = `${this.name}.apply`;
    assertInputList(where, x, 2, 2);
    this.computeOutputShape([[...x[0]!.shape], [...x[1]!.shape]]);
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
  }

  override call(inputs: Tensor[], _args: CallArgs): Tensor {
    const where = `${this.name}.apply`;
    let [x, y] = inputs as [Tensor, Tensor];
    const axes = this.resolveAxes(where, x.shape, y.shape);
    if (this.normalize) {
      x = l2Normalize(x, axes[0], undefined, where);
      y = l2Normalize(y, axes[1], undefined, where);
    }
    return batchDot(x, y, axes, where);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const where = `${this.name}.apply`;
    const [s1, s2] = assertShapeList(where, inputShape, 2, 2) as [Shape, Shape];
    const batch = mergedBatch(where, [s1, s2]);
    const [a1, a2] = this.resolveAxes(where, s1, s2);
    const out = [batch, ...s1.filter((_, i) => i !== 0 && i !== a1), ...s2.filter((_, i) => i !== 0 && i !== a2)];
    return out.length === 1 ? [batch, 1] : out;
  }

  override computeMask(_inputs: Tensor | Tensor[], _mask: Tensor | null | (Tensor | null)[]): null {
    return null;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: Array.isArray(this.axes) ? [...this.axes] : this.axes, normalize: this.normalize };
  }
}

/**
 * Creates a Dot layer (see {@link DotArgs}); apply it to a list of two tensors.
 * @example layers.dot({ axes: [2, 2], normalize: true }).apply([a, b]) // cosine similarities
 */
export function dot(args: DotArgs): Dot {
  return new Dot(args);
}
