/**
 * `reduceLROnPlateau`: multiply the learning rate by `factor` when a monitored value has not
 * improved for `patience` epochs, with the rules of Keras 3's `ReduceLROnPlateau`.
 */
import { ValueError, assertInt, assertKnownOptions, assertNumber, assertOneOf } from '../../tensor/errors.js';
import type { Callback, Logs } from './callback.js';
import { type MonitorMode, MonitorReader, checkMonitor, resolveMonitorMode } from './earlyStopping.js';
import { type LearningRateModel, readLearningRate, writeLearningRate } from './learningRateScheduler.js';

/**
 * Options of {@link reduceLROnPlateau}, Keras 3's `ReduceLROnPlateau` arguments in camelCase
 * (`minLr` is Keras's `min_lr`).
 * @example reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 3, minLr: 1e-5 } satisfies ReduceLROnPlateauArgs)
 */
export interface ReduceLROnPlateauArgs {
  /** Logged value to watch (default 'val_loss'). */
  monitor?: string;
  /** New rate = rate * factor; must be in (0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement before the rate is cut (default 10). */
  patience?: number;
  /** 'min', 'max' or 'auto' (default): 'auto' is 'max' for accuracy-like names. */
  mode?: MonitorMode;
  /** An improvement must beat the best by more than this (default 1e-4). */
  minDelta?: number;
  /** Epochs after a cut during which no further cut is counted towards (default 0). */
  cooldown?: number;
  /** The rate is never cut below this (default 0). */
  minLr?: number;
  /** 1 prints each cut (default 0). */
  verbose?: number;
}

const reduceKeys = ['monitor', 'factor', 'patience', 'mode', 'minDelta', 'cooldown', 'minLr', 'verbose'];

/**
 * Cuts the learning rate on plateaus. Create it with `reduceLROnPlateau(...)`; its fields are
 * the options with defaults applied. Each epoch's logs gain `learning_rate`, the rate that
 * epoch trained with, which the callbacks after it (e.g. `csvLogger`) see.
 * @example
 * const plateau = reduceLROnPlateau({ factor: 0.5, patience: 2 });
 * await model.fit(x, y, { epochs: 40, validationSplit: 0.1, callbacks: [plateau, csvLogger({ filename: 'log.csv' })] });
 * console.log(model.optimizer.learningRate, plateau.best);
 */
export class ReduceLROnPlateau implements Callback {
  /** Logged value watched, e.g. 'val_loss'. */
  readonly monitor: string;
  /** Multiplier applied to the rate at each cut, in (0, 1). */
  readonly factor: number;
  /** Epochs without improvement before a cut. */
  readonly patience: number;
  /** Direction of improvement, 'auto' already resolved from the monitored name. */
  readonly mode: 'min' | 'max';
  /** An improvement must beat the best by more than this. */
  readonly minDelta: number;
  /** Epochs after a cut during which waiting does not count. */
  readonly cooldown: number;
  /** Floor of the learning rate. */
  readonly minLr: number;
  /** 1 logs each cut to the console; 0 is silent. */
  readonly verbose: number;
  /** Epochs since the last improvement, outside cooldown. */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Best monitored value so far (±Infinity before the first). */
  best: number;
  private model: LearningRateModel | null = null;
  private readonly reader: MonitorReader;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    const where = 'reduceLROnPlateau';
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`${where}: argument 'args' expected an object, got ${JSON.stringify(args)}`);
    }
    assertKnownOptions(where, args, reduceKeys);
    const monitor = args.monitor ?? 'val_loss';
    checkMonitor(where, monitor);
    const factor = args.factor ?? 0.1;
    // Keras rejects factor >= 1 (that would raise the rate); 0 or less would zero or flip it.
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0 || factor >= 1) {
      throw new ValueError(`${where}: option 'factor' expected a number in (0, 1), got ${JSON.stringify(factor)}`);
    }
    const patience = args.patience ?? 10;
    assertInt(where, 'patience', patience, 0);
    const mode = args.mode ?? 'auto';
    assertOneOf(where, 'mode', mode, ['auto', 'min', 'max'] as const);
    const minDelta = args.minDelta ?? 1e-4;
    assertNumber(where, 'minDelta', minDelta, 0);
    const cooldown = args.cooldown ?? 0;
    assertInt(where, 'cooldown', cooldown, 0);
    const minLr = args.minLr ?? 0;
    assertNumber(where, 'minLr', minLr, 0);
    const verbose = args.verbose ?? 0;
    assertInt(where, 'verbose', verbose, 0);

    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.mode = resolveMonitorMode(monitor, mode);
    this.minDelta = minDelta;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.verbose = verbose;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.reader = new MonitorReader('Learning rate reduction', monitor);
  }

  setModel(model: LearningRateModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
    this.reader.reset();
    // Keras fails only when it first tries to cut a scheduled rate; failing here saves the epochs before that.
    readLearningRate('reduceLROnPlateau', this.model);
  }

  onEpochEnd(epoch: number, logs?: Logs): void {
    const where = 'reduceLROnPlateau';
    // Logged before any cut: the rate this epoch trained with, as in Keras 3.
    const rate = readLearningRate(where, this.model);
    if (logs) logs['learning_rate'] = rate;
    const current = this.reader.read(logs);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    if (rate > this.minLr) {
      const newRate = Math.max(rate * this.factor, this.minLr);
      writeLearningRate(where, this.model, newRate);
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newRate}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }

  private isImprovement(value: number): boolean {
    return this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta;
  }
}

/**
 * Multiplies the learning rate by `factor` after `patience` epochs without improvement of
 * `monitor`, never below `minLr`, and logs the rate as `learning_rate` (Keras's ReduceLROnPlateau).
 * @example
 * callbacks: [reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 3, minLr: 1e-5 })]
 */
export function reduceLROnPlateau(args: ReduceLROnPlateauArgs = {}): ReduceLROnPlateau {
  return new ReduceLROnPlateau(args);
}
