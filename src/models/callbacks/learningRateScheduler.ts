/**
 * `learningRateScheduler`: sets the optimizer's learning rate at the start of every epoch from
 * a function of the epoch, as Keras's `keras.callbacks.LearningRateScheduler` does. Also holds
 * the learning-rate access shared with `reduceLROnPlateau`.
 */
import { ValueError, assertInt } from '../../tensor/errors.js';
import type { Callback, Logs } from './callback.js';

/** What the learning-rate callbacks need from the model (a compiled `Sequential` has it). */
export interface LearningRateModel {
  /** The compiled optimizer. */
  readonly optimizer: {
    /** Its learning rate; the callbacks need a number here, not a schedule. */
    learningRate: unknown;
  };
}

/** The optimizer's learning rate as a number; throws, as Keras does, when it is a schedule. */
export function readLearningRate(where: string, model: LearningRateModel | null): number {
  if (!model) throw new ValueError(`${where}: the callback has no model; pass it to model.fit({ callbacks: [...] })`);
  const optimizer = model.optimizer;
  if (typeof optimizer !== 'object' || optimizer === null || !('learningRate' in optimizer)) {
    throw new ValueError(`${where}: the optimizer must have a 'learningRate' property`);
  }
  const rate = optimizer.learningRate;
  if (typeof rate === 'number') return rate;
  const className = (rate as { className?: unknown } | null)?.className;
  const kind = typeof className === 'string' ? `a ${className} schedule` : `a ${typeof rate}`;
  throw new ValueError(
    `${where}: the optimizer's learningRate is ${kind}, so a callback cannot set it; ` +
      `create the optimizer with a number learningRate to use this callback, or keep the schedule and drop the callback`,
  );
}

/** Sets the optimizer's learning rate (the optimizer validates the value). */
export function writeLearningRate(where: string, model: LearningRateModel | null, rate: number): void {
  readLearningRate(where, model);
  model!.optimizer.learningRate = rate;
}

/** `schedule(epoch, currentLearningRate)` returns the rate for that epoch (0-based). */
export type EpochSchedule = (epoch: number, learningRate: number) => number;

/**
 * Sets the learning rate per epoch. Create it with `learningRateScheduler(...)`.
 * @example
 * const warmup = learningRateScheduler((epoch, lr) => (epoch < 5 ? 1e-3 * (epoch + 1) / 5 : lr));
 * await model.fit(x, y, { epochs: 30, callbacks: [warmup] });
 */
export class LearningRateScheduler implements Callback {
  private model: LearningRateModel | null = null;

  constructor(
    /** Called at the start of each epoch with the 0-based epoch and the current rate; returns the rate to use. */
    readonly schedule: EpochSchedule,
    /** 1 logs each rate set to the console; 0 (default) is silent. */
    readonly verbose = 0,
  ) {
    if (typeof schedule !== 'function') {
      throw new ValueError(`learningRateScheduler: argument 'schedule' expected a function (epoch, learningRate) => number, got ${JSON.stringify(schedule)}`);
    }
    assertInt('learningRateScheduler', 'verbose', verbose, 0);
  }

  setModel(model: LearningRateModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    // Fail before the first epoch rather than after it, if the rate is a schedule.
    readLearningRate('learningRateScheduler', this.model);
  }

  onEpochBegin(epoch: number): void {
    const where = 'learningRateScheduler';
    const current = readLearningRate(where, this.model);
    const rate = this.schedule(epoch, current);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw new ValueError(`${where}: 'schedule' must return a finite number >= 0; for epoch ${epoch} it returned ${JSON.stringify(rate)}`);
    }
    writeLearningRate(where, this.model, rate);
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${rate}.`);
  }

  onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs) logs['learning_rate'] = readLearningRate('learningRateScheduler', this.model);
  }
}

/**
 * Sets the optimizer's learning rate at the start of each epoch to `schedule(epoch, lr)` and
 * logs it as `learning_rate` (Keras's LearningRateScheduler).
 * @example
 * learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)))
 */
export function learningRateScheduler(schedule: EpochSchedule, verbose = 0): LearningRateScheduler {
  return new LearningRateScheduler(schedule, verbose);
}
