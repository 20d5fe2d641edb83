/**
 * `layers.minimum`: the elementwise minimum of the inputs (the gradient goes to the first input holding it). Takes a list of tensors of one shape (Keras broadcasting allowed) and
 * passes on the AND of their masks.
 *
 * @example
 * layers.minimum().apply([tensor([[1, 2]]), tensor([[10, 20]])]) // [[1, 2]]
 */
import type { MergeKind } from '../../ops/merge/elementwise.js';
import { Merge, type MergeArgs } from './merge.js';

/** Keras's Minimum layer: the elementwise minimum of the inputs (the gradient goes to the first input holding it). */
export class Minimum extends Merge {
  readonly className = 'Minimum';
  /** @internal */
  protected readonly kind: MergeKind = 'minimum';

  constructor(args: MergeArgs = {}) {
    super(args, 'minimum');
  }
}

/**
 * Creates a Minimum layer; apply it to a list of tensors.
 * @example layers.minimum().apply([a, b]) // the elementwise minimum of the inputs (the gradient goes to the first input holding it)
 */
export function minimum(args: MergeArgs = {}): Minimum {
  return new Minimum(args);
}
