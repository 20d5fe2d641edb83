/**
 * Activity regularization losses are produced deep inside a forward pass (by each layer with
 * an `activityRegularizer`) but belong to the model's loss. A model opens a collection around
 * its forward pass; layers called outside one (plain `layer.apply`) compute no penalty.
 */
import type { Tensor } from '../tensor/tensor.js';

const open: Tensor[][] = [];

/**
 * Runs `fn`, returning its result and every activity penalty recorded while it ran.
 * @example const { result, losses } = collectActivityLosses(() => model.run(xs, true));
 */
export function collectActivityLosses<T>(fn: () => T): { result: T; losses: Tensor[] } {
  const losses: Tensor[] = [];
  open.push(losses);
  try {
    return { result: fn(), losses };
  } finally {
    open.pop();
  }
}

/** Adds the penalty `make()` computes to the innermost open collection; computes nothing if none is open. */
export function recordActivityLoss(make: () => Tensor): void {
  const current = open[open.length - 1];
  if (current) current.push(make());
}
