/**
 * TensorBoard's `Event` message (tensorflow/core/util/event.proto), the records of an event file:
 * `wall_time` (1, double), `step` (2, int64), `file_version` (3, string) or `summary` (5). A
 * `Summary` holds `Value`s (1): `tag` (1) with `simple_value` (2, float) for a scalar or `histo`
 * (5, `HistogramProto`: min 1, max 2, num 3, sum 4, sum_squares 5, bucket_limit 6, bucket 7).
 *
 * These "old-style" values are what TensorBoard 2.21 reads directly (its legacy
 * EventAccumulator's Scalars/Histograms) and converts to its scalar and histogram plugins'
 * tensors on load (tensorboard/data_compat.py), so the Scalars and Histograms dashboards show them.
 */
import type { HistogramData } from './histogram.js';
import { ProtoWriter } from './protobuf.js';

/** The `file_version` of the first record of every event file TensorFlow 2 writes. */
export const EVENT_FILE_VERSION = 'brain.Event:2';

/**
 * One summary value: a scalar or a histogram under a tag.
 * @example const v: SummaryValue = { tag: 'epoch_loss', scalar: 0.25 };
 */
export type SummaryValue = { tag: string; scalar: number } | { tag: string; histogram: HistogramData };

/**
 * One event: the file-version header, or summary values at a step.
 * @example const e: EventData = { wallTime: Date.now() / 1000, step: 3, values: [{ tag: 'epoch_loss', scalar: 0.25 }] };
 */
export interface EventData {
  /** Seconds since 1970, as TensorFlow's `time.time()`. */
  wallTime: number;
  /** Epoch or batch number; a non-negative integer. */
  step: number;
  fileVersion?: string;
  values?: SummaryValue[];
}

function encodeHistogram(h: HistogramData): Uint8Array {
  return new ProtoWriter()
    .double(1, h.min)
    .double(2, h.max)
    .double(3, h.num)
    .double(4, h.sum)
    .double(5, h.sumSquares)
    .packedDoubles(6, h.bucketLimit)
    .packedDoubles(7, h.bucket)
    .finish();
}

function encodeValue(v: SummaryValue): Uint8Array {
  const w = new ProtoWriter().string(1, v.tag);
  if ('scalar' in v) w.float(2, v.scalar);
  else w.message(5, encodeHistogram(v.histogram));
  return w.finish();
}

/**
 * Serialises an `Event`. Fields come in field-number order and a zero step is left out, as
 * proto3 writers do, so equal events give equal bytes; `wall_time` is always the first 9 bytes.
 * @example tfRecord(encodeEvent({ wallTime: 1700000000.5, step: 0, fileVersion: EVENT_FILE_VERSION }))
 */
export function encodeEvent(event: EventData): Uint8Array {
  const w = new ProtoWriter().double(1, event.wallTime);
  if (event.step !== 0) w.uint(2, event.step);
  if (event.fileVersion !== undefined) w.string(3, event.fileVersion);
  if (event.values !== undefined) {
    const summary = new ProtoWriter();
    for (const v of event.values) summary.message(1, encodeValue(v));
    w.message(5, summary.finish());
  }
  return w.finish();
}
