/**
 * `layers.multiply`: the elementwise product of the inputs. Takes a list of tensors of one shape (Keras broadcasting allowed) and
 * passes on the AND of their masks.
 *
 * @example
 * layers.multiply().apply([tensor([[1, 2]]), tensor([[10, 20]])]) // [[10, 40]]
 */
import type { MergeKind } from '../../ops/merge/elementwise.js';
import { Merge, type MergeArgs } from './merge.js';

/** Keras's Multiply layer: the elementwise product of the inputs. */
export class Multiply extends Merge {
  readonly className = 'Multiply';
  /** @internal */
  protected readonly kind: MergeKind = 'multiply';

  constructor(args: MergeArgs = {}) {
    super(args, 'multiply');
  }
}

/**
 * Creates a Multiply layer; apply it to a list of tensors.
 * @example layers.multiply().apply([a, b]) // the elementwise product of the inputs
 */
export function multiply(args: MergeArgs = {}): Multiply {
  return new Multiply(args);
}
