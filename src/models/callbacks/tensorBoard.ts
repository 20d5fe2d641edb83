/**
 * `tensorBoard`, Keras's TensorBoard callback: training curves and weight histograms in
 * TensorBoard's own event files, which `tensorboard --logdir <logDir>` shows. Files are written
 * through the Node support the Node entries install (src/platform/nodeSupport.ts), so this
 * module loads in a browser too, where creating the callback works and training with it says
 * what to do instead.
 */
import { ValueError, assertKnownOptions } from '../../tensor/errors.js';
import { type LogFiles, nodeSupport } from '../../platform/nodeSupport.js';
import type { LayerVariable } from '../../layers/layer.js';
import { EventFileWriter, eventFileName } from '../../io/tensorboard/eventFile.js';
import { histogramOf } from '../../io/tensorboard/histogram.js';
import type { Callback, Logs } from './callback.js';

/**
 * Options of {@link tensorBoard} (Keras's `log_dir`, `histogram_freq`, `update_freq`).
 * @example tensorBoard({ logDir: 'logs/run1', histogramFreq: 1, updateFreq: 'batch' } satisfies TensorBoardArgs)
 */
export interface TensorBoardArgs {
  /** Directory of the run; event files go to `<logDir>/train` and `<logDir>/validation` (Node only). */
  logDir: string;
  /** Write a histogram of every weight each `histogramFreq` epochs (epochs 0, n, 2n, ...); 0 (default) writes none. */
  histogramFreq?: number;
  /**
   * `'epoch'` (default): scalars once per epoch. `'batch'`: also each batch's running loss and
   * metrics as `batch_<name>`. A number `n`: those batch scalars every `n` batches.
   */
  updateFreq?: 'batch' | 'epoch' | number;
}

/**
 * What {@link TensorBoard} reads from the model it is given (a `LayersModel` in `fit`).
 * @example const m: TensorBoardModel = model; // any LayersModel fits
 */
export interface TensorBoardModel {
  /** Weights whose histograms are written, named `<weight name>/histogram`. */
  readonly weights: LayerVariable[];
  /** When present, its current rate is written as `epoch_learning_rate`. */
  readonly optimizer?: {
    /** The rate the next update uses (a schedule evaluated at the current step). */
    currentLearningRate?: () => number;
  };
}

/** Batch-log entries that are bookkeeping, not measurements (Keras's batch logs have neither). */
const NOT_SCALARS = new Set(['batch', 'size']);

/** Event files started in this process, so two writers started in the same second get different names. */
let filesStarted = 0;

function processId(): number {
  const pid = (globalThis as { process?: { pid?: unknown } }).process?.pid;
  return typeof pid === 'number' ? pid : 0;
}

/**
 * Writes TensorBoard event files during `fit`. Create it with `tensorBoard(...)`.
 * @example
 * const board = tensorBoard({ logDir: 'logs/run1', histogramFreq: 1 });
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [board] });
 * // then: tensorboard --logdir logs
 */
export class TensorBoard implements Callback {
  /** The run's directory. */
  readonly logDir: string;
  /** Epochs between weight histograms; 0 for none. */
  readonly histogramFreq: number;
  /** Batches between batch-level scalars, or 'epoch' for none. */
  readonly updateFreq: number | 'epoch';
  private model: TensorBoardModel | null = null;
  private files: LogFiles | null = null;
  private train: EventFileWriter | null = null;
  private validation: EventFileWriter | null = null;
  /** Batches trained since `onTrainBegin`, counted from 1 as Keras's `_global_train_batch`. */
  private globalBatch = 0;

  constructor(args: TensorBoardArgs) {
    const where = 'tensorBoard';
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`${where}: argument 'args' expected an object with 'logDir', got ${JSON.stringify(args)}`);
    }
    assertKnownOptions(where, args, ['logDir', 'histogramFreq', 'updateFreq']);
    if (typeof args.logDir !== 'string' || args.logDir.length === 0) {
      throw new ValueError(`${where}: option 'logDir' expected a non-empty directory path, got ${JSON.stringify(args.logDir)}`);
    }
    const histogramFreq = args.histogramFreq ?? 0;
    if (!Number.isInteger(histogramFreq) || histogramFreq < 0) {
      throw new ValueError(`${where}: option 'histogramFreq' expected an integer >= 0, got ${JSON.stringify(histogramFreq)}`);
    }
    const updateFreq = args.updateFreq ?? 'epoch';
    if (updateFreq !== 'epoch' && updateFreq !== 'batch' && !(Number.isInteger(updateFreq) && (updateFreq as number) >= 1)) {
      throw new ValueError(`${where}: option 'updateFreq' expected 'batch', 'epoch' or an integer >= 1, got ${JSON.stringify(updateFreq)}`);
    }
    this.logDir = args.logDir.replace(/[\\/]+$/, '') || args.logDir;
    this.histogramFreq = histogramFreq;
    this.updateFreq = updateFreq === 'batch' ? 1 : updateFreq;
  }

  /** Called by `fit` with the model being trained. */
  setModel(model: TensorBoardModel): void {
    this.model = model;
  }

  /**
   * Starts a new event file under `<logDir>/train` (each `fit` starts its own, as Keras does)
   * and writes its header at once, so an unwritable directory fails before the first epoch.
   */
  async onTrainBegin(): Promise<void> {
    const files = nodeSupport('tensorBoard', 'writing TensorBoard event files', 'collect the logs with jsonLogger({ onLog }) and chart them instead').logFiles;
    this.files = files;
    this.globalBatch = 0;
    this.validation = null;
    this.train = await this.startFile('train');
    this.flush();
  }

  /** Counts the batch, as Keras counts `_global_train_batch`, before it runs. */
  async onBatchBegin(): Promise<void> {
    this.globalBatch += 1;
  }

  /** Keeps the batch's running loss and metrics as `batch_<name>` at the global batch number, every `updateFreq` batches. */
  async onBatchEnd(_batch: number, logs: Logs = {}): Promise<void> {
    if (this.updateFreq === 'epoch' || this.globalBatch % this.updateFreq !== 0) return;
    const train = await this.trainWriter();
    for (const [name, value] of Object.entries(logs)) {
      if (!NOT_SCALARS.has(name)) train.scalar(`batch_${name}`, value, this.globalBatch);
    }
  }

  /**
   * `epoch_<name>` scalars at step `epoch`: training values and the learning rate under
   * `train`, `val_` values (without the prefix) under `validation`, which also gets Keras's
   * `evaluation_<name>_vs_iterations` at the number of batches trained; then weight histograms
   * `<weight name>/histogram` every `histogramFreq` epochs. Everything is on disk on return.
   */
  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const train = await this.trainWriter();
    const valEntries = Object.entries(logs).filter(([k]) => k.startsWith('val_'));
    if (valEntries.length > 0) {
      this.validation ??= await this.startFile('validation');
      // Keras writes these when its evaluation ends, before the epoch's summaries.
      for (const [k, v] of valEntries) this.validation.scalar(`evaluation_${k.slice(4)}_vs_iterations`, v, this.globalBatch);
      for (const [k, v] of valEntries) this.validation.scalar(`epoch_${k.slice(4)}`, v, epoch);
    }
    for (const [k, v] of Object.entries(logs)) {
      if (!k.startsWith('val_')) train.scalar(`epoch_${k}`, v, epoch);
    }
    const rate = this.learningRate();
    if (rate !== null) train.scalar('epoch_learning_rate', rate, epoch);
    if (this.histogramFreq > 0 && epoch % this.histogramFreq === 0 && this.model) {
      for (const w of this.model.weights) {
        train.histogram(`${w.name.replace(/:/g, '_')}/histogram`, histogramOf(w.value.data), epoch);
      }
    }
    this.flush();
  }

  /** Writes what is left (batches after a stop) and lets the files go; a later `fit` starts new ones. */
  async onTrainEnd(): Promise<void> {
    if (this.files) this.flush();
    this.train = null;
    this.validation = null;
  }

  /** The event files this callback is writing (empty before training), for tests and logs. */
  get eventFiles(): string[] {
    return [this.train, this.validation].filter((w): w is EventFileWriter => w !== null).map((w) => w.filename);
  }

  private learningRate(): number | null {
    const optimizer = this.model?.optimizer;
    if (typeof optimizer?.currentLearningRate !== 'function') return null;
    return optimizer.currentLearningRate();
  }

  private async trainWriter(): Promise<EventFileWriter> {
    // A hand-written loop may call onEpochEnd without onTrainBegin, as csvLogger allows.
    if (!this.train) await this.onTrainBegin();
    return this.train!;
  }

  private async startFile(subdirectory: 'train' | 'validation'): Promise<EventFileWriter> {
    const files = this.files!;
    const name = eventFileName(Date.now() / 1000, files.hostname(), processId(), filesStarted++);
    const filename = `${this.logDir}/${subdirectory}/${name}`;
    try {
      await files.ensureParentDirectory(filename);
    } catch (e) {
      throw fileError(filename, e);
    }
    return new EventFileWriter(filename);
  }

  private flush(): void {
    for (const w of [this.train, this.validation]) {
      if (w?.hasPending) {
        const bytes = w.take();
        try {
          this.files!.appendBytes(w.filename, bytes);
        } catch (e) {
          throw fileError(w.filename, e);
        }
      }
    }
  }
}

/**
 * A file-system error as one ValueError naming the event file, with the cause's code kept.
 * Thrown, it ends `fit`, so it is reported once rather than every epoch.
 */
function fileError(filename: string, e: unknown): Error {
  const error = new ValueError(`tensorBoard: cannot write the event file '${filename}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? Object.assign(error, { code }) : error;
}

/**
 * Logs training to TensorBoard event files (Node only), like Keras's `TensorBoard` callback:
 * `epoch_loss`, `epoch_<metric>` and `epoch_learning_rate` per epoch under `<logDir>/train`,
 * validation values under `<logDir>/validation`, batch-level `batch_<name>` scalars with
 * `updateFreq`, and weight histograms with `histogramFreq`. The model graph, images, profiling
 * and embeddings that Keras can also write are not written. View with `tensorboard --logdir <logDir>`.
 * @example callbacks: [tensorBoard({ logDir: 'logs/run1', histogramFreq: 1 })]
 */
export function tensorBoard(args: TensorBoardArgs): TensorBoard {
  return new TensorBoard(args);
}
