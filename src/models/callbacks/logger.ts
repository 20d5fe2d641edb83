/**
 * Epoch loggers: `csvLogger` (Keras's CSVLogger) and `jsonLogger` (one JSON object per epoch).
 * Files are written through the Node support that the Node entries install
 * (src/platform/nodeSupport.ts), so this module loads in a browser too, where
 * `jsonLogger({ onLog })` works without a file.
 */
import { ValueError, assertKnownOptions } from '../../tensor/errors.js';
import { type LogFiles, nodeSupport } from '../../platform/nodeSupport.js';
import type { Callback, Logs } from './callback.js';

/** The log-file operations, or a clear error where there is no file system. */
function logFiles(where: string): LogFiles {
  return nodeSupport(where, 'writing a log file', 'use jsonLogger({ onLog }) to receive each epoch instead').logFiles;
}

/**
 * Makes the log file's directory, as every other writer here does (saveModel, checkpoints,
 * writeFileAtomic): a path like 'runs/exp3/log.csv' names where the log should go. Keras's
 * CSVLogger raises FileNotFoundError instead; a misspelt directory then shows up as a new one
 * beside the intended one rather than as an error.
 */
async function makeParentDirectory(where: string, filename: string, files: LogFiles): Promise<void> {
  await writing(where, filename, () => files.ensureParentDirectory(filename));
}

/** Runs a file operation on the log file; its error becomes one line naming the file, with the cause's code kept. */
async function writing<T>(where: string, filename: string, write: () => T | Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const error = new ValueError(`${where}: cannot write the log file '${filename}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    const code = (e as { code?: unknown } | null)?.code;
    throw typeof code === 'string' ? Object.assign(error, { code }) : error;
  }
}

function checkFilename(where: string, filename: unknown): asserts filename is string {
  if (typeof filename !== 'string' || filename.length === 0) {
    throw new ValueError(`${where}: option 'filename' expected a non-empty path string, got ${JSON.stringify(filename)}`);
  }
}

function checkBoolean(where: string, argName: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${where}: option '${argName}' expected true or false, got ${JSON.stringify(value)}`);
  }
}

/**
 * Options of {@link csvLogger} (Keras's CSVLogger `filename`, `separator`, `append`).
 * @example csvLogger({ filename: 'runs/log.tsv', separator: '\t', append: true } satisfies CsvLoggerArgs)
 */
export interface CsvLoggerArgs {
  /** File to write (Node only). */
  filename: string;
  /** One character between fields (default ','). */
  separator?: string;
  /** Add to an existing file instead of replacing it (default false); the header is written only if the file is empty. */
  append?: boolean;
}

/** Quotes a field the way Python's csv module does: only when it holds the separator, a quote or a line break. */
function csvField(value: string, separator: string): string {
  if (value.includes(separator) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/**
 * Writes one CSV row per epoch. Create it with `csvLogger(...)`.
 * @example
 * const log = csvLogger({ filename: 'training.csv' });
 * await model.fit(x, y, { epochs: 10, callbacks: [log] }); // training.csv: epoch,loss,… one row per epoch
 */
export class CsvLogger implements Callback {
  /** Path of the CSV file; missing parent folders are created. */
  readonly filename: string;
  /** Field separator (one character). */
  readonly separator: string;
  /** Whether training adds rows to an existing file instead of replacing it. */
  readonly append: boolean;
  /** Columns after `epoch`, fixed at the first epoch end. */
  private keys: string[] | null = null;
  private writeHeader = true;
  private files: LogFiles | null = null;

  constructor(args: CsvLoggerArgs) {
    const where = 'csvLogger';
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`${where}: argument 'args' expected an object with 'filename', got ${JSON.stringify(args)}`);
    }
    assertKnownOptions(where, args, ['filename', 'separator', 'append']);
    checkFilename(where, args.filename);
    const separator = args.separator ?? ',';
    if (typeof separator !== 'string' || separator.length !== 1 || separator === '"' || separator === '\n' || separator === '\r') {
      throw new ValueError(`${where}: option 'separator' expected one character other than a quote or line break, got ${JSON.stringify(separator)}`);
    }
    const append = args.append ?? false;
    checkBoolean(where, 'append', append);
    this.filename = args.filename;
    this.separator = separator;
    this.append = append;
  }

  async onTrainBegin(): Promise<void> {
    const where = 'csvLogger';
    const files = logFiles(where);
    this.keys = null;
    await makeParentDirectory(where, this.filename, files);
    await writing(where, this.filename, () => {
      if (this.append) {
        // As Keras: a header only if the file is new or its first line is empty.
        const existing = files.readIfExists(this.filename);
        this.writeHeader = existing === null || existing.split('\n', 1)[0]!.length === 0;
        // Fails now, not at the end of the first epoch, when the file cannot be written.
        files.append(this.filename, '');
      } else {
        files.truncate(this.filename);
        this.writeHeader = true;
      }
    });
    this.files = files;
  }

  /**
   * Columns are `epoch` (0-based, as Keras writes it) then the first epoch's log names, sorted.
   * Names missing later are written as `NA`. Keras 3 also adds `val_` columns up front when the
   * first epoch has none (for validation_freq > 1); `fit` here validates every epoch or never,
   * so those columns would only ever hold `NA` and are left out.
   */
  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (!this.files) await this.onTrainBegin();
    const sep = this.separator;
    let text = '';
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      if (this.writeHeader) text += ['epoch', ...this.keys].map((k) => csvField(k, sep)).join(sep) + '\n';
    }
    const row = [String(epoch), ...this.keys.map((k) => (k in logs ? String(logs[k]) : 'NA'))];
    text += row.map((v) => csvField(v, sep)).join(sep) + '\n';
    // appendFileSync opens, writes and closes: each epoch is on disk before the next begins.
    await writing('csvLogger', this.filename, () => this.files!.append(this.filename, text));
  }
}

/**
 * Logs each epoch to a CSV file (Node only), like Keras's CSVLogger: a header `epoch,loss,...`
 * with sorted names, then one row per epoch.
 * @example callbacks: [csvLogger({ filename: 'training.csv' })]
 */
export function csvLogger(args: CsvLoggerArgs): CsvLogger {
  return new CsvLogger(args);
}

/** One epoch as `jsonLogger` reports it: `{ epoch, loss, ... }`. */
export type EpochRecord = {
  /** 0-based epoch index; a resumed fit (`initialEpoch`) continues the numbering. */
  epoch: number;
} & Logs;

/**
 * Options of {@link jsonLogger}; give `filename`, `onLog` or both.
 * @example jsonLogger({ onLog: (record) => console.log(record.epoch, record['val_loss']) } satisfies JsonLoggerArgs)
 */
export interface JsonLoggerArgs {
  /** JSON Lines file: one object per epoch (Node only). */
  filename?: string;
  /** Called with `{ epoch, ...logs }` after each epoch; may return a promise. */
  onLog?: (record: EpochRecord) => unknown;
  /** Add to an existing file instead of replacing it (default false). */
  append?: boolean;
}

/**
 * Writes or reports one JSON object per epoch. Create it with `jsonLogger(...)`.
 * @example
 * await model.fit(x, y, { epochs: 10, callbacks: [jsonLogger({ filename: 'training.jsonl' })] });
 */
export class JsonLogger implements Callback {
  /** Path of the JSON Lines file, or null when it only calls `onLog`. */
  readonly filename: string | null;
  /** Whether training adds lines to an existing file instead of replacing it. */
  readonly append: boolean;
  private readonly onLog: ((record: EpochRecord) => unknown) | null;
  private files: LogFiles | null = null;

  constructor(args: JsonLoggerArgs) {
    const where = 'jsonLogger';
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`${where}: argument 'args' expected an object with 'filename' or 'onLog', got ${JSON.stringify(args)}`);
    }
    assertKnownOptions(where, args, ['filename', 'onLog', 'append']);
    if (args.filename !== undefined) checkFilename(where, args.filename);
    if (args.onLog !== undefined && typeof args.onLog !== 'function') {
      throw new ValueError(`${where}: option 'onLog' expected a function, got ${JSON.stringify(args.onLog)}`);
    }
    if (args.filename === undefined && args.onLog === undefined) {
      throw new ValueError(`${where}: give 'filename', 'onLog' or both; got neither`);
    }
    const append = args.append ?? false;
    checkBoolean(where, 'append', append);
    this.filename = args.filename ?? null;
    this.onLog = args.onLog ?? null;
    this.append = append;
  }

  async onTrainBegin(): Promise<void> {
    if (this.filename === null) return;
    const where = 'jsonLogger';
    const files = logFiles(where);
    const filename = this.filename;
    await makeParentDirectory(where, filename, files);
    await writing(where, filename, () => (this.append ? files.append(filename, '') : files.truncate(filename)));
    this.files = files;
  }

  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const record: EpochRecord = { ...logs, epoch };
    if (this.filename !== null) {
      if (!this.files) await this.onTrainBegin();
      // JSON has no NaN or Infinity; null keeps the line parseable.
      const line = JSON.stringify({ epoch, ...logs }, (_key, value: unknown) =>
        typeof value === 'number' && !Number.isFinite(value) ? null : value,
      );
      const filename = this.filename;
      await writing('jsonLogger', filename, () => this.files!.append(filename, `${line}\n`));
    }
    if (this.onLog) await this.onLog(record);
  }
}

/**
 * Reports each epoch as one JSON object `{"epoch":0,"loss":0.51,...}`: a line of a JSON Lines
 * file (Node only), a call to `onLog` (anywhere), or both. NaN and Infinity are written as null.
 * @example callbacks: [jsonLogger({ filename: 'training.jsonl' })]
 * @example callbacks: [jsonLogger({ onLog: (r) => chart.push(r.loss) })]
 */
export function jsonLogger(args: JsonLoggerArgs): JsonLogger {
  return new JsonLogger(args);
}
