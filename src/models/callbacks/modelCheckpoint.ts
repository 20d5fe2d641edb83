/**
 * `modelCheckpoint`: save a training checkpoint at the end of every epoch (or only when the
 * monitored value improves), as Keras's `ModelCheckpoint` does, in a form that
 * `fit({ resumeFrom })` continues from exactly. Node only: checkpoints are directories on disk
 * (see `src/io/checkpoint.ts` for the layout and why a kill never leaves a broken one).
 *
 * Put it LAST in the callback list: it records the state at the moment it runs, so whatever a
 * later callback changes at the end of the same epoch (a learning rate lowered by
 * reduceLROnPlateau, random numbers drawn by a text sampler from the library's stream) would
 * be missing from the checkpoint, and the resumed run would differ from an uninterrupted one.
 * Callbacks with counters of their own (earlyStopping's patience, reduceLROnPlateau's wait)
 * start counting afresh in a resumed run, as in Keras.
 *
 * One writer per checkpoint path: a save while another process (or another fit in this one)
 * is writing the same path fails, stopping fit, with "checkpoint directory X is in use by
 * process N"; two runs would otherwise delete each other's half-written copies. A path that
 * holds files other than a checkpoint's is refused too, since a save replaces the directory.
 *
 * @example
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.1, callbacks: [
 *   callbacks.modelCheckpoint({ filepath: 'runs/a/ckpt-{epoch:02d}' }),                 // one per epoch
 *   callbacks.modelCheckpoint({ filepath: 'runs/a/best', saveBestOnly: true }),          // best val_loss
 * ] });
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.1, resumeFrom: 'runs/a/ckpt-07' });
 */
import { ValueError, assertInt, assertKnownOptions, assertOneOf } from '../../tensor/errors.js';
import type { Sequential } from '../sequential.js';
import type { LayersModel } from '../layersModel.js';
import { fitHistory } from '../training.js';
import { getRandomState } from '../../tensor/random.js';
import { nodeSupport } from '../../platform/nodeSupport.js';
import type { Callback, Logs } from './callback.js';
import { type MonitorMode, MonitorReader, checkMonitor, resolveMonitorMode } from './earlyStopping.js';

/**
 * Options of {@link modelCheckpoint}, Keras's `ModelCheckpoint` arguments in camelCase; only
 * `filepath` is required.
 * @example modelCheckpoint({ filepath: 'runs/best', saveBestOnly: true, monitor: 'val_accuracy' } satisfies ModelCheckpointArgs)
 */
export interface ModelCheckpointArgs {
  /**
   * The checkpoint directory. May contain Python-style fields filled from the epoch (1-based,
   * as Keras) and the epoch's logs: `'ckpt-{epoch:02d}'`, `'best-{val_loss:.4f}'`.
   */
  filepath: string;
  /** Logged value that decides the best epoch with `saveBestOnly` (default 'val_loss'). */
  monitor?: string;
  /** Save only when `monitor` improves on the best so far (default false: every epoch). */
  saveBestOnly?: boolean;
  /** 'min', 'max' or 'auto' (default): the direction of improvement of `monitor`. */
  mode?: MonitorMode;
  /** When to save: 'epoch' (the default, and the only choice: a checkpoint ends an epoch). */
  saveFreq?: 'epoch';
  /** With `saveBestOnly`, a first value to beat (Keras's `initial_value_threshold`). */
  initialValueThreshold?: number | null;
  /** JSON saved with the model (model.json's userDefinedMetadata), e.g. a vocabulary. */
  extra?: Record<string, unknown>;
  /** 1 prints a line per save (and per skipped save with saveBestOnly), as Keras (default 0). */
  verbose?: number;
}

const keys = ['filepath', 'monitor', 'saveBestOnly', 'mode', 'saveFreq', 'initialValueThreshold', 'extra', 'verbose'];

/**
 * Fills `{name}` / `{name:spec}` fields of a Keras checkpoint path: `epoch` (1-based) and the
 * epoch's logs. Specs: `d` (integer), `.Nf`, `.Ne`, with an optional width and `0` fill;
 * `{{` and `}}` are literal braces.
 * @example formatCheckpointPath('ckpt-{epoch:02d}-{val_loss:.2f}', 2, { val_loss: 0.1234 }) // 'ckpt-03-0.12'
 */
export function formatCheckpointPath(template: string, epoch: number, logs: Logs = {}): string {
  const where = 'modelCheckpoint';
  return template.replace(/\{\{|\}\}|\{([^{}:]*)(?::([^{}]*))?\}/g, (whole, name: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const key = name!.trim();
    const value = key === 'epoch' ? epoch + 1 : logs[key];
    if (typeof value !== 'number') {
      throw new ValueError(
        `${where}: option 'filepath' refers to '{${key}}', which is neither 'epoch' nor a logged value (logged: ${Object.keys(logs).join(', ') || 'none'})`,
      );
    }
    return formatNumber(value, spec ?? '', key);
  });
}

function formatNumber(value: number, spec: string, key: string): string {
  const m = /^(0)?(\d+)?(?:\.(\d+))?([dfeEg]?)$/.exec(spec);
  if (!m) throw new ValueError(`modelCheckpoint: option 'filepath' field '{${key}:${spec}}' has a format spec lstm-ts does not know; use d, .Nf or .Ne with an optional width`);
  const [, zero, width, precision, type] = m;
  let text: string;
  if (type === 'd') text = String(Math.round(value));
  else if (type === 'f') text = value.toFixed(precision === undefined ? 6 : Number(precision));
  else if (type === 'e' || type === 'E') {
    // Python writes at least two exponent digits: 1.5e-05.
    text = value.toExponential(precision === undefined ? 6 : Number(precision)).replace(/e([+-])(\d)$/, 'e$10$2');
    if (type === 'E') text = text.toUpperCase();
  } else if (precision !== undefined) text = String(Number(value.toPrecision(Number(precision))));
  else text = String(value);
  const w = width === undefined ? 0 : Number(width);
  if (text.length >= w) return text;
  if (zero) {
    const negative = text.startsWith('-');
    const digits = negative ? text.slice(1) : text;
    return (negative ? '-' : '') + digits.padStart(w - (negative ? 1 : 0), '0');
  }
  return text.padStart(w, ' ');
}

/**
 * Saves checkpoints during `fit`. Create it with `modelCheckpoint(...)`; its fields are the
 * options with defaults applied.
 * @example
 * const checkpoint = modelCheckpoint({ filepath: 'runs/best', saveBestOnly: true });
 * await model.fit(x, y, { epochs: 30, validationSplit: 0.1, callbacks: [checkpoint] });
 * console.log(checkpoint.lastSaved, checkpoint.best);
 */
export class ModelCheckpoint implements Callback {
  /** Directory template; `{epoch}` and log fields are filled at each save. */
  readonly filepath: string;
  /** Logged value that decides the best epoch with `saveBestOnly`. */
  readonly monitor: string;
  /** Whether only improving epochs are saved. */
  readonly saveBestOnly: boolean;
  /** Direction of improvement, 'auto' already resolved from the monitored name. */
  readonly mode: 'min' | 'max';
  /** Always 'epoch': one save opportunity per epoch end. */
  readonly saveFreq: 'epoch';
  /** First value to beat with `saveBestOnly`; null for none. */
  readonly initialValueThreshold: number | null;
  /** 1 logs each save (and each skipped one) to the console; 0 is silent. */
  readonly verbose: number;
  /** Best monitored value so far (saveBestOnly); null before the first. */
  best: number | null = null;
  /** The directory of the last checkpoint written; null before the first. */
  lastSaved: string | null = null;
  private readonly extra: Record<string, unknown> | undefined;
  private model: Sequential | null = null;
  private readonly reader: MonitorReader;

  constructor(args: ModelCheckpointArgs) {
    const where = 'modelCheckpoint';
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`${where}: argument 'args' expected an object with 'filepath', got ${JSON.stringify(args)}`);
    }
    assertKnownOptions(where, args, keys);
    if (typeof args.filepath !== 'string' || args.filepath.trim() === '') {
      throw new ValueError(`${where}: option 'filepath' expected a directory path such as 'ckpt' or 'ckpt-{epoch:02d}', got ${JSON.stringify(args.filepath)}`);
    }
    const monitor = args.monitor ?? 'val_loss';
    checkMonitor(where, monitor);
    const saveBestOnly = args.saveBestOnly ?? false;
    if (typeof saveBestOnly !== 'boolean') {
      throw new ValueError(`${where}: option 'saveBestOnly' expected true or false, got ${JSON.stringify(saveBestOnly)}`);
    }
    const mode = args.mode ?? 'auto';
    assertOneOf(where, 'mode', mode, ['auto', 'min', 'max'] as const);
    const saveFreq = args.saveFreq ?? 'epoch';
    if (saveFreq !== 'epoch') {
      throw new ValueError(
        `${where}: option 'saveFreq' expected 'epoch', got ${JSON.stringify(saveFreq)}; checkpoints are written at epoch ends so that resumeFrom can continue exactly`,
      );
    }
    const threshold = args.initialValueThreshold ?? null;
    if (threshold !== null && (typeof threshold !== 'number' || !Number.isFinite(threshold))) {
      throw new ValueError(`${where}: option 'initialValueThreshold' expected a finite number or null, got ${JSON.stringify(threshold)}`);
    }
    const verbose = args.verbose ?? 0;
    assertInt(where, 'verbose', verbose, 0);
    // Fail now on a bad format spec rather than at the end of the first epoch.
    for (const m of args.filepath.replaceAll('{{', '').replaceAll('}}', '').matchAll(/\{([^{}:]*)(?::([^{}]*))?\}/g)) {
      formatNumber(1, m[2] ?? '', m[1]!.trim());
    }

    this.filepath = args.filepath;
    this.monitor = monitor;
    this.saveBestOnly = saveBestOnly;
    this.mode = resolveMonitorMode(monitor, mode);
    this.saveFreq = saveFreq;
    this.initialValueThreshold = threshold;
    this.extra = args.extra;
    this.verbose = verbose;
    this.reader = new MonitorReader('modelCheckpoint (saveBestOnly)', monitor);
  }

  setModel(model: LayersModel): void {
    if (!model.isChain) {
      throw new ValueError(`modelCheckpoint: model '${model.name}' is a functional model; checkpoints store a layer stack and work with sequential models only so far (save a functional model with model.save at the end of an epoch instead)`);
    }
    this.model = model as Sequential;
  }

  /**
   * Resets the best value for a new `fit`. A run resumed with `resumeFrom` starts from the best
   * value in the restored History, so saveBestOnly keeps comparing against the earlier epochs.
   */
  onTrainBegin(): void {
    this.reader.reset();
    this.best = this.initialValueThreshold;
    const history = this.model ? fitHistory(this.model) : undefined;
    for (const value of history?.history[this.monitor] ?? []) {
      if (this.isImprovement(value)) this.best = value;
    }
  }

  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const model = this.model;
    if (!model) throw new ValueError('modelCheckpoint: the callback has no model; pass it to model.fit({ callbacks: [...] })');
    const path = formatCheckpointPath(this.filepath, epoch, logs);
    if (this.saveBestOnly) {
      const current = this.reader.read(logs);
      if (current === undefined) return;
      if (!this.isImprovement(current)) {
        if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best}`);
        return;
      }
      if (this.verbose > 0) {
        console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best ?? (this.mode === 'min' ? 'inf' : '-inf')} to ${current}, saving model to ${path}`);
      }
      this.best = current;
    } else if (this.verbose > 0) {
      console.log(`Epoch ${epoch + 1}: saving model to ${path}`);
    }
    const checkpoint = nodeSupport(
      'modelCheckpoint',
      `saving the checkpoint '${path}' (a directory on disk)`,
      "save with model.save('indexeddb://name') from a callback instead",
    );
    // Taken before any await: the state the next epoch's shuffling and dropout start from.
    const randomState = getRandomState();
    const state = { ...checkpoint.captureTrainingState(model, epoch + 1, fitHistory(model)), randomState };
    this.lastSaved = await checkpoint.saveCheckpoint(model, path, state, this.extra === undefined ? {} : { extra: this.extra }, 'modelCheckpoint');
  }

  private isImprovement(value: number): boolean {
    if (!Number.isFinite(value)) return false;
    if (this.best === null) return true;
    return this.mode === 'min' ? value < this.best : value > this.best;
  }
}

/**
 * Saves a checkpoint (model + optimizer, random and History state) at the end of each epoch,
 * or only when `monitor` improves with `saveBestOnly`. Continue with `fit({ resumeFrom })`.
 * @example callbacks.modelCheckpoint({ filepath: 'ckpt', saveBestOnly: true, monitor: 'val_loss' })
 */
export function modelCheckpoint(args: ModelCheckpointArgs): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
