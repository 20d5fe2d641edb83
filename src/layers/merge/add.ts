/**
 * `layers.add`: the sum of the inputs. Takes a list of tensors of one shape (Keras broadcasting allowed) and
 * passes on the AND of their masks.
 *
 * @example
 * layers.add().apply([tensor([[1, 2]]), tensor([[10, 20]])]) // [[11, 22]]
 */
import type { MergeKind } from '../../ops/merge/elementwise.js';
import { Merge, type MergeArgs } from './merge.js';

/** Keras's Add layer: the sum of the inputs. */
export class Add extends Merge {
  readonly className = 'Add';
  /** @internal */
  protected readonly kind: MergeKind = 'add';

  constructor(args: MergeArgs = {}) {
    super(args, 'add');
  }
}

/**
 * Creates a Add layer; apply it to a list of tensors.
 * @example layers.add().apply([a, b]) // the sum of the inputs
 */
export function add(args: MergeArgs = {}): Add {
  return new Add(args);
}
