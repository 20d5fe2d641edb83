/**
 * `layers.maximum`: the elementwise maximum of the inputs (the gradient goes to the first input holding it). Takes a list of tensors of one shape (Keras broadcasting allowed) and
 * passes on the AND of their masks.
 *
 * @example
 * layers.maximum().apply([tensor([[1, 2]]), tensor([[10, 20]])]) // [[10, 20]]
 */
import type { MergeKind } from '../../ops/merge/elementwise.js';
import { Merge, type MergeArgs } from './merge.js';

/** Keras's Maximum layer: the elementwise maximum of the inputs (the gradient goes to the first input holding it). */
export class Maximum extends Merge {
  readonly className = 'Maximum';
  /** @internal */
  protected readonly kind: MergeKind = 'maximum';

  constructor(args: MergeArgs = {}) {
    super(args, 'maximum');
  }
}

/**
 * Creates a Maximum layer; apply it to a list of tensors.
 * @example layers.maximum().apply([a, b]) // the elementwise maximum of the inputs (the gradient goes to the first input holding it)
 */
export function maximum(args: MergeArgs = {}): Maximum {
  return new Maximum(args);
}
