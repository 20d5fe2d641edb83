/**
 * `earlyStopping`: stop `fit` when a monitored value has stopped improving, with the rules of
 * Keras 3's `keras.callbacks.EarlyStopping`.
 */
import type { Tensor } from '../../tensor/tensor.js';
import { ValueError, assertInt, assertKnownOptions, assertNumber, assertOneOf } from '../../tensor/errors.js';
import type { Callback, Logs } from './callback.js';

/** 'min': lower is better; 'max': higher is better; 'auto': decided from the monitored name. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** Name fragments of quantities that improve upwards. */
const HIGHER_IS_BETTER = ['acc', 'auc', 'precision', 'recall', 'f1'];

/**
 * The direction of improvement for `monitor`. 'auto' picks 'max' for accuracy-like names
 * ('acc', 'auc', 'precision', 'recall', 'f1', with or without 'val_') and 'min' otherwise.
 * Keras 3 asks the compiled metric for its direction instead; for the metrics this library
 * has, the name says the same.
 */
export function resolveMonitorMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  const name = monitor.toLowerCase();
  return HIGHER_IS_BETTER.some((fragment) => name.includes(fragment)) ? 'max' : 'min';
}

/** Validates a `monitor` option. */
export function checkMonitor(where: string, monitor: unknown): asserts monitor is string {
  if (typeof monitor !== 'string' || monitor.length === 0) {
    throw new ValueError(`${where}: option 'monitor' expected a non-empty string such as 'val_loss', got ${JSON.stringify(monitor)}`);
  }
}

/**
 * Reads `monitor` from epoch logs; when it is missing, warns once per training (as Keras's
 * `warnings.warn` does) listing the names that are there.
 */
export class MonitorReader {
  private warned = false;

  constructor(
    private readonly what: string,
    readonly monitor: string,
  ) {}

  /** Call at the start of each training so a reused callback warns again. */
  reset(): void {
    this.warned = false;
  }

  read(logs: Logs | undefined): number | undefined {
    const value = logs?.[this.monitor];
    if (typeof value === 'number') return value;
    if (!this.warned) {
      this.warned = true;
      const available = Object.keys(logs ?? {});
      console.warn(
        `${this.what} conditioned on metric '${this.monitor}' which is not available. Available metrics are: ${available.join(',') || '(none)'}` +
          (this.monitor.startsWith('val_') ? ' (val_ metrics need validationData or validationSplit in fit)' : ''),
      );
    }
    return undefined;
  }
}

/** What early stopping needs from the model (a `Sequential` has all of it). */
export interface StoppableModel {
  /** Set to true to end `fit` after the current epoch (Keras's `model.stop_training`). */
  stopTraining: boolean;
  /** Copies of every weight, in layer order; kept for the best epoch when `restoreBestWeights` is on. */
  getWeights(): Tensor[];
  /** Puts back weights that `getWeights` returned. */
  setWeights(weights: Tensor[]): void;
}

/**
 * Options of {@link earlyStopping}, Keras 3's `EarlyStopping` arguments in camelCase.
 * @example earlyStopping({ monitor: 'val_accuracy', patience: 5, minDelta: 1e-3 } satisfies EarlyStoppingArgs)
 */
export interface EarlyStoppingArgs {
  /** Logged value to watch (default 'val_loss'). */
  monitor?: string;
  /** Smallest change that counts as an improvement; its absolute value is used (default 0). */
  minDelta?: number;
  /** Epochs without improvement after which training stops (default 0). */
  patience?: number;
  /** 'min', 'max' or 'auto' (default): see `resolveMonitorMode`. */
  mode?: MonitorMode;
  /** Training keeps counting towards `patience` until the value also beats this. */
  baseline?: number | null;
  /** At the end of training, put back the weights of the best epoch (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all, for warm-up (default 0). */
  startFromEpoch?: number;
  /** 1 prints when it stops and when it restores weights (default 0). */
  verbose?: number;
}

const earlyStoppingKeys = ['monitor', 'minDelta', 'patience', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch', 'verbose'];

/**
 * Stops training when `monitor` stops improving. Create it with `earlyStopping(...)`; its
 * fields are the options with defaults applied, and its state says when and why it stopped.
 * @example
 * const stop = earlyStopping({ patience: 3, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [stop] });
 * console.log(stop.stoppedEpoch, stop.bestEpoch, stop.best);
 */
export class EarlyStopping implements Callback {
  /** Logged value watched, e.g. 'val_loss'. */
  readonly monitor: string;
  /** Smallest change that counts as an improvement (the option's absolute value). */
  readonly minDelta: number;
  /** Epochs without improvement tolerated before stopping. */
  readonly patience: number;
  /** Direction of improvement, 'auto' already resolved from the monitored name. */
  readonly mode: 'min' | 'max';
  /** Value the monitored quantity must beat before patience resets; null for none. */
  readonly baseline: number | null;
  /** Whether the best epoch's weights are put back when training ends. */
  readonly restoreBestWeights: boolean;
  /** Epochs ignored at the start (warm-up). */
  readonly startFromEpoch: number;
  /** 1 logs the stop and the restore to the console; 0 is silent. */
  readonly verbose: number;
  /** Epochs since the last improvement (Keras's `wait`). */
  wait = 0;
  /** The epoch (0-based) at which training was stopped; 0 when it was not. */
  stoppedEpoch = 0;
  /** Best monitored value so far; null before the first watched epoch. */
  best: number | null = null;
  /** Epoch (0-based) of `best`. */
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;
  private model: StoppableModel | null = null;
  private readonly reader: MonitorReader;

  constructor(args: EarlyStoppingArgs = {}) {
    const where = 'earlyStopping';
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`${where}: argument 'args' expected an object, got ${JSON.stringify(args)}`);
    }
    assertKnownOptions(where, args, earlyStoppingKeys);
    const monitor = args.monitor ?? 'val_loss';
    checkMonitor(where, monitor);
    const minDelta = args.minDelta ?? 0;
    assertNumber(where, 'minDelta', minDelta);
    const patience = args.patience ?? 0;
    assertInt(where, 'patience', patience, 0);
    const mode = args.mode ?? 'auto';
    assertOneOf(where, 'mode', mode, ['auto', 'min', 'max'] as const);
    const baseline = args.baseline ?? null;
    if (baseline !== null) assertNumber(where, 'baseline', baseline);
    const restore = args.restoreBestWeights ?? false;
    if (typeof restore !== 'boolean') {
      throw new ValueError(`${where}: option 'restoreBestWeights' expected true or false, got ${JSON.stringify(restore)}`);
    }
    const startFromEpoch = args.startFromEpoch ?? 0;
    assertInt(where, 'startFromEpoch', startFromEpoch, 0);
    const verbose = args.verbose ?? 0;
    assertInt(where, 'verbose', verbose, 0);

    this.monitor = monitor;
    this.minDelta = Math.abs(minDelta);
    this.patience = patience;
    this.mode = resolveMonitorMode(monitor, mode);
    this.baseline = baseline;
    this.restoreBestWeights = restore;
    this.startFromEpoch = startFromEpoch;
    this.verbose = verbose;
    this.reader = new MonitorReader('Early stopping', monitor);
  }

  setModel(model: StoppableModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    // Reset so one instance can serve several fit calls, as in Keras.
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestEpoch = 0;
    this.bestWeights = null;
    this.reader.reset();
  }

  onEpochEnd(epoch: number, logs?: Logs): void {
    const current = this.reader.read(logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    const model = this.requireModel();
    if (this.restoreBestWeights && this.bestWeights === null) {
      // Nothing recorded yet, so the current weights are the best known.
      this.bestWeights = model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = model.getWeights();
      // The count restarts only when the value beats both the previous best and the baseline.
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    // Keras never stops at epoch 0, whatever the patience.
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  /**
   * Keras 3 restores the best weights here, at the end of training, whenever
   * `restoreBestWeights` is set and a best epoch was recorded: both when patience ran out and
   * when all epochs ran (Keras 2 restored only when it stopped training itself). If the best
   * epoch was the last one, the weights set back are the current ones, so nothing changes.
   */
  onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.requireModel().setWeights(this.bestWeights);
    }
  }

  private isImprovement(value: number, reference: number | null): boolean {
    if (reference === null) return true;
    return this.mode === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  private requireModel(): StoppableModel {
    if (!this.model) throw new ValueError('earlyStopping: the callback has no model; pass it to model.fit({ callbacks: [...] })');
    return this.model;
  }
}

/**
 * Stops training when `monitor` has not improved for `patience` epochs (Keras's EarlyStopping).
 * @example
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2,
 *   callbacks: [earlyStopping({ monitor: 'val_loss', patience: 5, restoreBestWeights: true })] });
 */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}
