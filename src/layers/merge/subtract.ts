/**
 * `layers.subtract`: `inputs[0] - inputs[1]` for exactly two inputs of one shape (Keras
 * broadcasting allowed); passes on the AND of their masks. Keras has it; tfjs 4.22 does not.
 *
 * @example
 * layers.subtract().apply([tensor([[10, 20]]), tensor([[1, 2]])]) // [[9, 18]]
 */
import type { MergeKind } from '../../ops/merge/elementwise.js';
import { Merge, type MergeArgs } from './merge.js';

/** Keras's Subtract layer: the first input minus the second. */
export class Subtract extends Merge {
  readonly className = 'Subtract';
  /** @internal */
  protected readonly kind: MergeKind = 'subtract';
  /** @internal */
  protected override readonly minInputs: number = 2;
  /** @internal */
  protected override readonly maxInputs: number = 2;

  constructor(args: MergeArgs = {}) {
    super(args, 'subtract');
  }
}

/**
 * Creates a Subtract layer; apply it to a list of exactly two tensors.
 * @example layers.subtract().apply([a, b]) // a - b
 */
export function subtract(args: MergeArgs = {}): Subtract {
  return new Subtract(args);
}
