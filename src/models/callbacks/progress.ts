/**
 * The progress output of `fit`, in the style of Keras 2's `Progbar`:
 *
 * ```
 * Epoch 3/10
 * 12/50 [=====>........................] - ETA: 4s - loss: 0.5123 - accuracy: 0.8125
 * 50/50 [==============================] - 6s 120ms/step - loss: 0.5011 - accuracy: 0.8203 - val_loss: 0.6000
 * ```
 *
 * The bar is redrawn in place with '\r' only on a terminal. Anywhere else (a log file, CI)
 * verbose 1 prints just the finished line of each epoch, so logs hold no carriage-return spam.
 */
import { ValueError, assertInt, assertKnownOptions } from '../../tensor/errors.js';
import type { Callback, Logs } from './callback.js';

/** Where progress text goes: anything with `write`, e.g. `process.stderr`. */
export interface ProgressStream {
  /** Receives progress text; bar redraws start with '\r', finished lines end with '\n'. */
  write(s: string): unknown;
  /** True on a terminal: only then is the bar redrawn in place. */
  isTTY?: boolean;
}

/**
 * Options of {@link ProgressLogger}; `fit` fills them from its own arguments.
 * @example new ProgressLogger({ verbose: 1, epochs: 5, stepsPerEpoch: 100, metricNames: ['accuracy'], stream: process.stdout } satisfies ProgressLoggerArgs)
 */
export interface ProgressLoggerArgs {
  /** 0 silent, 1 a progress bar per epoch, 2 one line per epoch. */
  verbose: 0 | 1 | 2;
  /** Total epochs of the `fit` call (for `Epoch 3/10`). */
  epochs: number;
  /** Batches per epoch (the bar's target). */
  stepsPerEpoch: number;
  /** Compiled metric names, shown after `loss` in this order. */
  metricNames: string[];
  /** Defaults to `process.stderr` in Node, and to `console.log` line by line elsewhere. */
  stream?: ProgressStream | undefined;
  /** Milliseconds clock, `performance.now` by default; tests pass a fake one. */
  clock?: (() => number) | undefined;
}

const progressKeys = ['verbose', 'epochs', 'stepsPerEpoch', 'metricNames', 'stream', 'clock'];

/** Width of the bar between the brackets, as in Keras. */
const BAR_WIDTH = 30;
/** Keras redraws at most every 50 ms; drawing on every batch would slow short batches down. */
const REDRAW_INTERVAL_MS = 50;
/** Batch-log entries that are bookkeeping, not values to show. */
const HIDDEN_KEYS = new Set(['batch', 'size']);

/**
 * Formats a logged value as Keras does: `%.4f` when |v| > 1e-3, else `%.4e` with a two-digit
 * exponent (`1.2345e-05`), and Python's `nan`/`inf` spellings.
 * @example formatLogValue(0.51234) // '0.5123'; formatLogValue(0.0000123456) // '1.2346e-05'
 */
export function formatLogValue(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Math.abs(value) > 1e-3) return value.toFixed(4);
  return value.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Keras's ETA text: `45s`, `2:05`, `1:02:03`. Whole seconds, truncated like Python's `%d`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, seconds);
  const two = (n: number): string => String(Math.floor(n)).padStart(2, '0');
  if (s > 3600) return `${Math.floor(s / 3600)}:${two((s % 3600) / 60)}:${two(s % 60)}`;
  if (s > 60) return `${Math.floor(s / 60)}:${two(s % 60)}`;
  return `${Math.floor(s)}s`;
}

/** Keras's time-per-step text: `2s/step`, `120ms/step` or `85us/step`. */
export function formatStepTime(secondsPerStep: number): string {
  if (secondsPerStep >= 1 || secondsPerStep === 0) return `${secondsPerStep.toFixed(0)}s/step`;
  if (secondsPerStep >= 1e-3) return `${(secondsPerStep * 1e3).toFixed(0)}ms/step`;
  return `${(secondsPerStep * 1e6).toFixed(0)}us/step`;
}

/** A `console.log` sink for browsers: collects writes and logs each finished line. */
function consoleStream(): ProgressStream {
  let pending = '';
  return {
    isTTY: false,
    write(s: string): void {
      pending += s;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        console.log(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    },
  };
}

function defaultStream(): ProgressStream {
  const proc = (globalThis as { process?: { stderr?: ProgressStream } }).process;
  return proc?.stderr && typeof proc.stderr.write === 'function' ? proc.stderr : consoleStream();
}

function defaultClock(): number {
  return performance.now();
}

/**
 * Prints training progress; `fit` adds one when `verbose` is 1 or 2.
 * @example
 * const progress = new ProgressLogger({ verbose: 2, epochs: 10, stepsPerEpoch: 50, metricNames: ['accuracy'] });
 */
export class ProgressLogger implements Callback {
  /** 0 silent, 1 a progress bar per epoch, 2 one line per epoch. */
  readonly verbose: 0 | 1 | 2;
  /** Total epochs of the `fit` call, shown as `Epoch 3/10`. */
  readonly epochs: number;
  /** Batches per epoch: the bar's target. */
  readonly stepsPerEpoch: number;
  /** Compiled metric names, shown after `loss` in this order. */
  readonly metricNames: readonly string[];
  private readonly stream: ProgressStream;
  private readonly dynamic: boolean;
  private readonly clock: () => number;
  private epochStart = 0;
  /** When step 1 ended: Keras times steps from there, so a slow first step (warm-up) doesn't skew the ETA. */
  private afterFirstStep: number | null = null;
  private stepsSeen = 0;
  private lastDraw = -Infinity;
  /** Length of the line on screen, so a shorter redraw can blank the rest. */
  private drawnWidth = 0;

  constructor(args: ProgressLoggerArgs) {
    const where = 'ProgressLogger';
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`${where}: argument 'args' expected an object, got ${JSON.stringify(args)}`);
    }
    assertKnownOptions(where, args, progressKeys);
    if (args.verbose !== 0 && args.verbose !== 1 && args.verbose !== 2) {
      throw new ValueError(`${where}: option 'verbose' expected 0, 1 or 2, got ${JSON.stringify(args.verbose)}`);
    }
    assertInt(where, 'epochs', args.epochs, 0);
    assertInt(where, 'stepsPerEpoch', args.stepsPerEpoch, 0);
    if (!Array.isArray(args.metricNames) || args.metricNames.some((m) => typeof m !== 'string')) {
      throw new ValueError(`${where}: option 'metricNames' expected an array of strings, got ${JSON.stringify(args.metricNames)}`);
    }
    if (args.stream !== undefined && (typeof args.stream !== 'object' || args.stream === null || typeof args.stream.write !== 'function')) {
      throw new ValueError(`${where}: option 'stream' expected an object with a write(s) method, got ${String(args.stream)}`);
    }
    if (args.clock !== undefined && typeof args.clock !== 'function') {
      throw new ValueError(`${where}: option 'clock' expected a function returning milliseconds, got ${String(args.clock)}`);
    }
    this.verbose = args.verbose;
    this.epochs = args.epochs;
    this.stepsPerEpoch = args.stepsPerEpoch;
    this.metricNames = [...args.metricNames];
    this.stream = args.stream ?? defaultStream();
    this.dynamic = this.stream.isTTY === true;
    this.clock = args.clock ?? defaultClock;
  }

  onEpochBegin(epoch: number): void {
    if (this.verbose === 0) return;
    this.epochStart = this.clock();
    this.afterFirstStep = null;
    this.stepsSeen = 0;
    this.lastDraw = -Infinity;
    this.drawnWidth = 0;
    // Keras prints the header only when there is more than one epoch.
    if (this.verbose === 1 && this.epochs > 1) this.stream.write(`${this.epochHeader(epoch)}\n`);
  }

  onBatchEnd(batch: number, logs: Logs = {}): void {
    if (this.verbose === 0) return;
    const now = this.clock();
    this.stepsSeen = batch + 1;
    if (this.stepsSeen === 1) this.afterFirstStep = now;
    if (this.verbose !== 1 || !this.dynamic) return;
    if (now - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = now;
    const current = Math.min(this.stepsSeen, this.stepsPerEpoch);
    const eta = this.secondsPerStep(now) * (this.stepsPerEpoch - current);
    this.redraw(`${this.bar(current)} - ETA: ${formatEta(eta)}${this.values(logs)}`);
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.verbose === 0) return;
    const now = this.clock();
    const elapsed = `${((now - this.epochStart) / 1000).toFixed(0)}s`;
    if (this.verbose === 2) {
      this.stream.write(`${this.epochHeader(epoch)} - ${elapsed}${this.values(logs)}\n`);
      return;
    }
    // The finished bar shows the full target, as Keras does, even if a callback stopped the epoch early.
    const line = `${this.bar(this.stepsPerEpoch)} - ${elapsed} ${formatStepTime(this.secondsPerStep(now))}${this.values(logs)}`;
    if (this.dynamic) this.redraw(line);
    else this.stream.write(line);
    this.stream.write('\n');
    this.drawnWidth = 0;
  }

  private epochHeader(epoch: number): string {
    return `Epoch ${epoch + 1}/${this.epochs}`;
  }

  /** Seconds per step, excluding the first step once a second one has finished. */
  private secondsPerStep(now: number): number {
    const steps = this.stepsSeen;
    if (steps === 0) return 0;
    if (this.afterFirstStep !== null && steps > 1) return (now - this.afterFirstStep) / 1000 / (steps - 1);
    return (now - this.epochStart) / 1000 / steps;
  }

  /** `12/50 [=====>........................]` */
  private bar(current: number): string {
    const target = this.stepsPerEpoch;
    const count = `${String(current).padStart(String(target).length)}/${target}`;
    const filled = target > 0 ? Math.floor((BAR_WIDTH * Math.min(current, target)) / target) : BAR_WIDTH;
    let inside = '';
    if (filled > 0) inside = '='.repeat(filled - 1) + (current < target ? '>' : '=');
    return `${count} [${inside}${'.'.repeat(BAR_WIDTH - filled)}]`;
  }

  /** ` - loss: 0.5123 - accuracy: 0.8125 - val_loss: ...`: loss and metrics first, then the rest in log order. */
  private values(logs: Logs): string {
    const keys = Object.keys(logs).filter((k) => !HIDDEN_KEYS.has(k) && typeof logs[k] === 'number');
    const preferred = ['loss', ...this.metricNames, 'val_loss', ...this.metricNames.map((m) => `val_${m}`)];
    const ordered = new Set([...preferred.filter((k) => keys.includes(k)), ...keys]);
    return [...ordered].map((k) => ` - ${k}: ${formatLogValue(logs[k]!)}`).join('');
  }

  /** Rewrites the current terminal line, blanking what a longer previous line left behind. */
  private redraw(line: string): void {
    const pad = this.drawnWidth > line.length ? ' '.repeat(this.drawnWidth - line.length) : '';
    this.stream.write(`\r${line}${pad}`);
    this.drawnWidth = line.length;
  }
}
