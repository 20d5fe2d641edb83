/**
 * The base of Keras's elementwise merge layers (Add, Subtract, Multiply, Average, Maximum,
 * Minimum) and the list-input checks and mask rules that Concatenate and Dot share with them.
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../../tensor/errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { type MergeKind, mergeElementwise } from '../../ops/merge/elementwise.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, isShapeList, layerArgKeys } from '../layer.js';

/**
 * Options of the elementwise merge layers (`add`, `subtract`, `multiply`, `average`,
 * `maximum`, `minimum`): only the common layer options.
 * @example layers.add({ name: 'residual' })
 */
export type MergeArgs = LayerArgs;

/**
 * Throws unless `x` is a list of between `min` and `max` tensors: merge layers take a list, as
 * in Keras (`layer.apply([a, b])`).
 */
export function assertInputList(where: string, x: Tensor | Tensor[], min: number, max = Infinity): asserts x is Tensor[] {
  if (!Array.isArray(x)) {
    throw new ValueError(`${where}: argument 'inputs' expected a list of ${describeCount(min, max)} tensors, got a single tensor of shape ${formatShape(x.shape)}`);
  }
  if (x.length < min || x.length > max) {
    throw new ValueError(`${where}: argument 'inputs' expected a list of ${describeCount(min, max)} tensors, got ${x.length}`);
  }
}

/** The same check on shapes (build, computeOutputShape, symbolic calls). */
export function assertShapeList(where: string, shape: Shape | Shape[], min: number, max = Infinity): Shape[] {
  if (!isShapeList(shape)) {
    throw new ValueError(`${where}: argument 'inputs' expected a list of ${describeCount(min, max)} inputs, got a single input of shape ${formatShape(shape)}`);
  }
  if (shape.length < min || shape.length > max) {
    throw new ValueError(`${where}: argument 'inputs' expected a list of ${describeCount(min, max)} inputs, got ${shape.length}`);
  }
  return shape;
}

function describeCount(min: number, max: number): string {
  if (min === max) return `exactly ${min}`;
  return max === Infinity ? `at least ${min}` : `${min} to ${max}`;
}

/**
 * The one batch size of `shapes` (null when none is known); throws when two differ, since
 * Keras cannot merge tensors with different batch sizes.
 */
export function mergedBatch(where: string, shapes: readonly Shape[]): number | null {
  let batch: number | null = null;
  let from = 0;
  shapes.forEach((s, k) => {
    const b = s[0] ?? null;
    if (b === null) return;
    if (batch !== null && b !== batch) {
      throw new ShapeError(`${where}: argument 'inputs[${k}]' expected batch size ${batch} like inputs[${from}] ${formatShape(shapes[from]!)}, got ${formatShape(s)}`);
    }
    batch = b;
    from = k;
  });
  return batch;
}

/**
 * Keras's elementwise output shape for `shapes` (batch axis included): the non-batch parts are
 * aligned on the right; a size of 1 broadcasts; a null (unknown) size makes the result null.
 */
export function elementwiseOutputShape(where: string, shapes: readonly Shape[]): Shape {
  const batch = mergedBatch(where, shapes);
  let out: (number | null)[] = shapes[0]!.slice(1);
  for (let k = 1; k < shapes.length; k++) {
    const s = shapes[k]!.slice(1);
    const [long, short] = out.length >= s.length ? [out, s] : [s, out];
    const lead = long.length - short.length;
    const next = long.slice(0, lead);
    for (let i = 0; i < short.length; i++) {
      const a = long[lead + i]!;
      const b = short[i]!;
      if (a === null || b === null) next.push(null);
      else if (a === 1) next.push(b);
      else if (b === 1 || a === b) next.push(a);
      else {
        throw new ShapeError(
          `${where}: argument 'inputs[${k}]' expected a shape broadcastable with ${formatShape(shapes[0]!)}${k > 1 ? ` (and the inputs before it)` : ''}, got ${formatShape(shapes[k]!)} (${a} vs ${b} on an axis that is neither equal nor 1)`,
        );
      }
    }
    out = next;
  }
  return [batch, ...out];
}

/**
 * The logical AND of the masks given (nulls skipped; null when all are null), as Keras 2 and
 * tfjs compute a merge layer's mask. Masks are `[batch, time]` of 0/1.
 */
export function andMasks(where: string, masks: Tensor | null | (Tensor | null)[]): Tensor | null {
  if (!Array.isArray(masks)) return masks;
  const present = masks.map((m, k) => [m, k] as const).filter((e): e is readonly [Tensor, number] => e[0] !== null);
  if (present.length === 0) return null;
  const [first, k0] = present[0]!;
  const data = first.data.slice();
  for (const [m, k] of present.slice(1)) {
    if (formatShape(m.shape) !== formatShape(first.shape)) {
      throw new ShapeError(`${where}: argument 'masks[${k}]' expected shape ${formatShape(first.shape)} like masks[${k0}], got ${formatShape(m.shape)}`);
    }
    for (let i = 0; i < data.length; i++) data[i] = data[i]! !== 0 && m.data[i]! !== 0 ? 1 : 0;
  }
  if (present.length === 1) for (let i = 0; i < data.length; i++) data[i] = data[i]! !== 0 ? 1 : 0;
  return new Tensor(data, first.shape);
}

/**
 * An elementwise merge layer: takes a list of tensors of one shape (Keras broadcasting
 * allowed: size-1 axes, and lower-rank inputs gain axes after the batch axis) and returns one
 * tensor. Masks are combined with a logical AND.
 *
 * @example
 * const sum = layers.add().apply([tensor([[1, 2]]), tensor([[10, 20]])]); // [[11, 22]]
 */
export abstract class Merge extends Layer {
  /** Which elementwise operation the layer computes. */
  protected abstract readonly kind: MergeKind;
  /** Fewest inputs the layer accepts (2, as in tfjs). */
  protected readonly minInputs: number = 2;
  /** Most inputs the layer accepts. */
  protected readonly maxInputs: number = Infinity;

  constructor(args: MergeArgs, prefix: string) {
    assertKnownOptions(`layers.${toCamel(prefix)}`, args, layerArgKeys);
    super(args, prefix);
    this.supportsMasking = true;
  }

  /** @internal */
  protected override checkInput(x: Tensor | Tensor[]): void {
    const where = `${this.name}.apply`;
    assertInputList(where, x, this.minInputs, this.maxInputs);
    // Build sees the batch axis as null; a batch of 1 must not broadcast against a batch of n.
    mergedBatch(where, x.map((t) => [...t.shape]));
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
  }

  override call(inputs: Tensor[], _args: CallArgs): Tensor {
    return mergeElementwise(this.kind, inputs, `${this.name}.apply`);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const where = `${this.name}.apply`;
    return elementwiseOutputShape(where, assertShapeList(where, inputShape, this.minInputs, this.maxInputs));
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null | (Tensor | null)[]): Tensor | null {
    return andMasks(`${this.name}.computeMask`, mask);
  }
}

function toCamel(prefix: string): string {
  return prefix.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
