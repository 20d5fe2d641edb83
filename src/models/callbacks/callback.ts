/**
 * Callbacks hook into `fit` as in Keras and tfjs. Any object with some of these methods is a
 * callback; each may return a promise, which `fit` awaits.
 */
import type { LayersModel } from '../layersModel.js';

/**
 * Numbers logged for a batch or an epoch: `loss`, metric names, and `val_` versions.
 * @example
 * const onEpochEnd = (epoch: number, logs?: Logs) => console.log(logs?.loss, logs?.val_loss);
 */
export type Logs = Record<string, number>;

/**
 * Hooks into `fit`: any object with some of these methods. Each may return a promise, which
 * `fit` awaits before going on. Epoch and batch numbers count from 0.
 *
 * @example
 * const logEvery10: Callback = {
 *   onEpochEnd: (epoch, logs) => { if (epoch % 10 === 0) console.log(epoch, logs?.loss); },
 * };
 * await model.fit(x, y, { epochs: 100, callbacks: [logEvery10] });
 */
export interface Callback {
  /** Called once before training with the model being trained. */
  setModel?(model: LayersModel): void;
  /** Before the first epoch. */
  onTrainBegin?(logs?: Logs): void | Promise<void>;
  /** After the last epoch, or after a callback set `model.stopTraining`. */
  onTrainEnd?(logs?: Logs): void | Promise<void>;
  /** Before each epoch. */
  onEpochBegin?(epoch: number, logs?: Logs): void | Promise<void>;
  /** After each epoch with its mean loss, metrics and `val_` values. */
  onEpochEnd?(epoch: number, logs?: Logs): void | Promise<void>;
  /** Before each batch; `logs` has `batch` and `size`. */
  onBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  /** After each batch with the epoch's running loss and metrics so far. */
  onBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
}

/**
 * Calls every callback's hook in order, awaiting each: what `fit` uses to run its callbacks,
 * exported for loops written by hand around `trainOnBatch`.
 * @example
 * const list = new CallbackList([history, earlyStopping({ patience: 2 })]);
 * list.setModel(model);
 * await list.epochEnd(0, { loss: 0.3 });
 */
export class CallbackList {
  /** @param callbacks the callbacks, called in this order */
  constructor(readonly callbacks: Callback[]) {}

  /** Calls each `setModel`. */
  setModel(model: LayersModel): void {
    for (const c of this.callbacks) c.setModel?.(model);
  }

  /** Calls each `onTrainBegin`. */
  async trainBegin(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(logs);
  }
  /** Calls each `onTrainEnd`. */
  async trainEnd(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs);
  }
  /** Calls each `onEpochBegin`. */
  async epochBegin(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs);
  }
  /** Calls each `onEpochEnd`. */
  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs);
  }
  /** Calls each `onBatchBegin`. */
  async batchBegin(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin?.(batch, logs);
  }
  /** Calls each `onBatchEnd`. */
  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd?.(batch, logs);
  }
}
