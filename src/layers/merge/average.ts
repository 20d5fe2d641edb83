/**
 * `layers.average`: the elementwise mean of the inputs. Takes a list of tensors of one shape (Keras broadcasting allowed) and
 * passes on the AND of their masks.
 *
 * @example
 * layers.average().apply([tensor([[1, 2]]), tensor([[10, 20]])]) // [[5.5, 11]]
 */
import type { MergeKind } from '../../ops/merge/elementwise.js';
import { Merge, type MergeArgs } from './merge.js';

/** Keras's Average layer: the elementwise mean of the inputs. */
export class Average extends Merge {
  readonly className = 'Average';
  /** @internal */
  protected readonly kind: MergeKind = 'average';

  constructor(args: MergeArgs = {}) {
    super(args, 'average');
  }
}

/**
 * Creates a Average layer; apply it to a list of tensors.
 * @example layers.average().apply([a, b]) // the elementwise mean of the inputs
 */
export function average(args: MergeArgs = {}): Average {
  return new Average(args);
}
