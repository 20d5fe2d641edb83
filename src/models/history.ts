/** What `fit` returns: per-epoch logs, `history.history.loss[epoch]`, as in Keras and tfjs. */
import type { Callback, Logs } from './callbacks/callback.js';

/**
 * The record of a `fit` run, and the callback that fills it: `history.loss[epoch]`,
 * `val_loss`, metrics and `lr`, one entry per epoch.
 *
 * @example
 * const h = await model.fit(x, y, { epochs: 10, validationSplit: 0.2 });
 * console.log(h.history.loss.at(-1), h.history.val_loss.at(-1));
 */
export class History implements Callback {
  /** Epoch indices that ran (they start at `initialEpoch`). */
  readonly epoch: number[] = [];
  /** One list per logged name: `loss`, `val_loss`, metric names, `lr`. */
  readonly history: Record<string, number[]> = {};
  /** The options `fit` ran with. */
  params: Record<string, unknown> = {};

  /**
   * Appends the epoch's logs; `fit` calls it, you do not need to.
   * @example new History().onEpochEnd(0, { loss: 0.5 })
   */
  onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      (this.history[key] ??= []).push(value);
    }
  }
}
