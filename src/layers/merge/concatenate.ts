/**
 * `layers.concatenate`: joins a list of tensors along `axis` (default -1, the features); all
 * other sizes must match. Masks: along the time axis (axis 1) the output mask is the inputs'
 * masks joined in time (all ones for an unmasked input); along any later axis a step is kept
 * where every masked input keeps it, as Keras's Concatenate.compute_mask gives for
 * `[batch, time]` masks.
 *
 * @example
 * layers.concatenate().apply([tensor([[1, 2]]), tensor([[3]])]) // [[1, 2, 3]]
 * @example
 * layers.concatenate({ axis: 1 }).apply([tensor(a, [2, 3, 4]), tensor(b, [2, 5, 4])]).shape // [2, 8, 4]
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import { concat } from '../../ops/merge/concat.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from '../layer.js';
import { andMasks, assertInputList, assertShapeList } from './merge.js';

/** Options of `concatenate`. */
export interface ConcatenateArgs extends LayerArgs {
  /** Axis to join along; negative counts from the end (default -1). The batch axis is not allowed. */
  axis?: number;
}

const concatenateKeys = [...layerArgKeys, 'axis'];

/** Keras's Concatenate layer: joins its inputs along one axis. */
export class Concatenate extends Layer {
  readonly className = 'Concatenate';
  /** Axis to join along, as given (negative counts from the end). */
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    assertKnownOptions('layers.concatenate', args, concatenateKeys);
    super(args, 'concatenate');
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis) || axis === 0) {
      throw new ValueError(`layers.concatenate: option 'axis' expected a non-zero integer (0 is the batch axis), got ${JSON.stringify(args.axis)}`);
    }
    this.axis = axis;
    this.supportsMasking = true;
  }

  /** The axis as an index into a shape of `rank` axes, or throws naming the shape. */
  private resolveAxis(where: string, shape: readonly (number | null)[], k: number): number {
    const rank = shape.length;
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 1 || a >= rank) {
      throw new ShapeError(`${where}: argument 'inputs[${k}]' of shape ${formatShape(shape)} has no axis ${this.axis} to concatenate along (option 'axis'; axis 0 is the batch)`);
    }
    return a;
  }

  /** @internal */
  protected override checkInput(x: Tensor | Tensor[]): void {
    const where = `${this.name}.apply`;
    assertInputList(where, x, 2);
    this.computeOutputShape(x.map((t) => [...t.shape]));
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
  }

  override call(inputs: Tensor[], _args: CallArgs): Tensor {
    return concat(inputs, this.axis, `${this.name}.apply`);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const where = `${this.name}.apply`;
    const shapes = assertShapeList(where, inputShape, 2);
    const first = shapes[0]!;
    const a = this.resolveAxis(where, first, 0);
    const out = [...first];
    shapes.forEach((s, k) => {
      if (k === 0) return;
      if (s.length !== first.length) {
        throw new ShapeError(`${where}: argument 'inputs[${k}]' expected rank ${first.length} like inputs[0] ${formatShape(first)}, got ${formatShape(s)}`);
      }
      s.forEach((d, i) => {
        if (i === a) {
          out[i] = out[i] === null || d === null ? null : out[i]! + d;
          return;
        }
        const e = out[i] ?? null;
        if (d !== null && e !== null && d !== e) {
          throw new ShapeError(
            `${where}: argument 'inputs[${k}]' expected the shape of inputs[0] ${formatShape(first)} on every axis but ${a} (option 'axis' = ${this.axis}), got ${formatShape(s)}`,
          );
        }
        if (e === null) out[i] = d;
      });
    });
    return out;
  }

  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | null | (Tensor | null)[]): Tensor | null {
    if (!Array.isArray(mask) || mask.every((m) => m === null)) return null;
    const where = `${this.name}.computeMask`;
    const list = Array.isArray(inputs) ? inputs : [inputs];
    // A [batch, time] mask has nothing to say about an output without a time axis.
    if (list[0]!.rank < 3) return null;
    const a = this.axis < 0 ? this.axis + list[0]!.rank : this.axis;
    if (a !== 1) {
      // Joining features: each input's mask broadcast over its features, then all() over the
      // last axis, is the AND of the masks.
      return andMasks(where, mask);
    }
    const template = mask.find((m): m is Tensor => m !== null)!;
    const batch = list[0]!.shape[0]!;
    const steps = list.map((t) => t.shape[1]!);
    const total = steps.reduce((s, n) => s + n, 0);
    const out = allocate(template.dtype, batch * total);
    for (let b = 0; b < batch; b++) {
      let at = b * total;
      list.forEach((_, k) => {
        const m = mask[k] ?? null;
        const n = steps[k]!;
        if (m && (m.rank !== 2 || m.shape[0] !== batch || m.shape[1] !== n)) {
          throw new ShapeError(`${where}: argument 'masks[${k}]' expected shape ${formatShape([batch, n])}, got ${formatShape(m.shape)}`);
        }
        for (let t = 0; t < n; t++) out[at + t] = m ? (m.data[b * n + t] !== 0 ? 1 : 0) : 1;
        at += n;
      });
    }
    return new Tensor(out, [batch, total]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/**
 * Creates a Concatenate layer (see {@link ConcatenateArgs}); apply it to a list of tensors.
 * @example layers.concatenate({ axis: -1 }).apply([a, b]) // [batch, t, fa + fb]
 */
export function concatenate(args: ConcatenateArgs = {}): Concatenate {
  return new Concatenate(args);
}
