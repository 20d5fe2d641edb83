/** What `fit` returns: per-epoch logs, `history.history.loss[epoch]`, as in Keras and tfjs. */
import type { Callback, Logs } from './callbacks/callback.js';

export class History implements Callback {
  /** Epoch indices that ran (they start at `initialEpoch`). */
  readonly epoch: number[] = [];
  /** One list per logged name: `loss`, `val_loss`, metric names, `lr`. */
  readonly history: Record<string, number[]> = {};
  /** The options `fit` ran with. */
  params: Record<string, unknown> = {};

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      (this.history[key] ??= []).push(value);
    }
  }
}
