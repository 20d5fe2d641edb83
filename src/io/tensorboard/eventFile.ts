/**
 * One TensorBoard event file being written: its name, as TensorFlow names them, and the
 * records not yet on disk. Holds no file handle (the callback appends what `take` returns),
 * so it works the same over any byte sink.
 */
import { ValueError } from '../../tensor/errors.js';
import { EVENT_FILE_VERSION, encodeEvent } from './events.js';
import type { HistogramData } from './histogram.js';
import { tfRecords } from './tfrecord.js';

/**
 * `events.out.tfevents.<seconds>.<host>.<pid>.<n>`, the name TensorFlow gives an event file;
 * TensorBoard picks files up by the `tfevents` in it and orders a run's files by name.
 * @example eventFileName(1700000000, 'box', 4242, 0) // 'events.out.tfevents.1700000000.box.4242.0'
 */
export function eventFileName(seconds: number, host: string, pid: number, n: number): string {
  return `events.out.tfevents.${Math.floor(seconds)}.${host}.${pid}.${n}`;
}

/**
 * Collects the records of one event file; the first is the `file_version` header.
 * @example
 * const f = new EventFileWriter('logs/train/events.out.tfevents.1700000000.box.1.0');
 * f.scalar('epoch_loss', 0.5, 0);
 * appendFileSync(f.filename, f.take());
 */
export class EventFileWriter {
  private pending: Uint8Array[] = [];

  /**
   * @param filename where the file goes (kept for the caller and error messages)
   * @param clock seconds since 1970 for each event's `wall_time`
   */
  constructor(
    readonly filename: string,
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {
    this.pending.push(encodeEvent({ wallTime: this.clock(), step: 0, fileVersion: EVENT_FILE_VERSION }));
  }

  /** Adds a scalar summary (stored as float32, as TensorBoard keeps scalars). */
  scalar(tag: string, value: number, step: number): void {
    checkStep(tag, step);
    this.pending.push(encodeEvent({ wallTime: this.clock(), step, values: [{ tag, scalar: value }] }));
  }

  /** Adds a histogram summary. */
  histogram(tag: string, histogram: HistogramData, step: number): void {
    checkStep(tag, step);
    this.pending.push(encodeEvent({ wallTime: this.clock(), step, values: [{ tag, histogram }] }));
  }

  /** Whether records wait to be written. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** The framed records added since the last call, ready to append; the writer forgets them. */
  take(): Uint8Array {
    const bytes = tfRecords(this.pending);
    this.pending = [];
    return bytes;
  }
}

function checkStep(tag: string, step: number): void {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new ValueError(`EventFileWriter: the step of '${tag}' expected a non-negative integer, got ${step}`);
  }
}
