/**
 * A reader of TensorBoard event files written for the tests, independently of the writer in
 * src/io/tensorboard: its own bit-by-bit CRC-32C, its own protobuf decoding. It checks both
 * CRCs of every record and throws on any inconsistency.
 */

/** Bit-by-bit CRC-32C (no table), so it shares nothing with the writer's table-driven one. */
export function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function masked(bytes: Uint8Array): number {
  const c = crc32cBitwise(bytes);
  const rotated = ((c >>> 15) | (c << 17)) >>> 0;
  return (rotated + 0xa282ead8) % 2 ** 32;
}

/** Splits a TFRecord file into its records' data, checking lengths and both CRCs. */
export function readRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < file.length) {
    if (at + 12 > file.length) throw new Error(`record at ${at}: truncated header`);
    const lengthBytes = file.subarray(at, at + 8);
    const length = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== masked(lengthBytes)) throw new Error(`record at ${at}: length CRC mismatch`);
    const start = at + 12;
    if (start + length + 4 > file.length) throw new Error(`record at ${at}: truncated data (length ${length})`);
    const data = file.subarray(start, start + length);
    if (view.getUint32(start + length, true) !== masked(data)) throw new Error(`record at ${at}: data CRC mismatch`);
    out.push(data);
    at = start + length + 4;
  }
  return out;
}

/** One decoded protobuf field: a varint as bigint, fixed64/fixed32 as their raw bytes, or length-delimited bytes. */
interface Field {
  no: number;
  wire: number;
  varint?: bigint;
  raw: Uint8Array;
}

function readVarint(buf: Uint8Array, pos: { at: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos.at >= buf.length) throw new Error('varint runs past the end');
    const b = buf[pos.at++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
    if (shift > 63n) throw new Error('varint longer than 10 bytes');
  }
}

/** Decodes one message level into its fields, in order. */
export function decodeFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  const pos = { at: 0 };
  while (pos.at < buf.length) {
    const key = readVarint(buf, pos);
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    const begin = pos.at;
    if (wire === 0) {
      const v = readVarint(buf, pos);
      fields.push({ no, wire, varint: v, raw: buf.subarray(begin, pos.at) });
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (pos.at + n > buf.length) throw new Error(`field ${no}: fixed value runs past the end`);
      fields.push({ no, wire, raw: buf.subarray(pos.at, pos.at + n) });
      pos.at += n;
    } else if (wire === 2) {
      const n = Number(readVarint(buf, pos));
      if (pos.at + n > buf.length) throw new Error(`field ${no}: ${n} bytes run past the end`);
      fields.push({ no, wire, raw: buf.subarray(pos.at, pos.at + n) });
      pos.at += n;
    } else {
      throw new Error(`field ${no}: unsupported wire type ${wire}`);
    }
  }
  return fields;
}

const f64 = (raw: Uint8Array): number => new DataView(raw.buffer, raw.byteOffset, 8).getFloat64(0, true);
const f32 = (raw: Uint8Array): number => new DataView(raw.buffer, raw.byteOffset, 4).getFloat32(0, true);
function f64s(raw: Uint8Array): number[] {
  if (raw.length % 8 !== 0) throw new Error(`packed doubles: ${raw.length} bytes is not a multiple of 8`);
  return Array.from({ length: raw.length / 8 }, (_, i) => f64(raw.subarray(8 * i, 8 * i + 8)));
}

/** A `HistogramProto` as read. */
export interface ReadHistogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

/** One `Event` as read: a summary holds exactly one value in what the writer writes. */
export interface ReadEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  tag?: string;
  scalar?: number;
  histogram?: ReadHistogram;
  /** The record without its leading wall_time field (everything that should not change run to run). */
  withoutWallTime: Uint8Array;
}

function readHistogram(buf: Uint8Array): ReadHistogram {
  const h: ReadHistogram = { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  for (const f of decodeFields(buf)) {
    if (f.no >= 1 && f.no <= 5 && f.wire !== 1) throw new Error(`HistogramProto field ${f.no}: wire type ${f.wire}, expected double`);
    if (f.no === 1) h.min = f64(f.raw);
    else if (f.no === 2) h.max = f64(f.raw);
    else if (f.no === 3) h.num = f64(f.raw);
    else if (f.no === 4) h.sum = f64(f.raw);
    else if (f.no === 5) h.sumSquares = f64(f.raw);
    else if (f.no === 6) h.bucketLimit.push(...f64s(f.raw));
    else if (f.no === 7) h.bucket.push(...f64s(f.raw));
  }
  return h;
}

/** Decodes one `Event` record. */
export function readEvent(record: Uint8Array): ReadEvent {
  const fields = decodeFields(record);
  const first = fields[0];
  if (!first || first.no !== 1 || first.wire !== 1) throw new Error('event does not start with wall_time');
  const event: ReadEvent = { wallTime: f64(first.raw), step: 0, withoutWallTime: record.subarray(9) };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const f of fields.slice(1)) {
    if (f.no === 2) event.step = Number(f.varint!);
    else if (f.no === 3) event.fileVersion = utf8.decode(f.raw);
    else if (f.no === 5) {
      const values = decodeFields(f.raw).filter((v) => v.no === 1);
      if (values.length !== 1) throw new Error(`summary with ${values.length} values`);
      for (const vf of decodeFields(values[0]!.raw)) {
        if (vf.no === 1) event.tag = utf8.decode(vf.raw);
        else if (vf.no === 2) event.scalar = f32(vf.raw);
        else if (vf.no === 5) event.histogram = readHistogram(vf.raw);
        else throw new Error(`Summary.Value field ${vf.no} not expected`);
      }
    } else throw new Error(`Event field ${f.no} not expected`);
  }
  return event;
}

/** Reads a whole event file. */
export function readEventFile(file: Uint8Array): ReadEvent[] {
  return readRecords(file).map(readEvent);
}

/** Groups the summary events by tag, in file order: tag → [{ step, scalar | histogram }]. */
export function byTag(events: ReadEvent[]): Map<string, ReadEvent[]> {
  const out = new Map<string, ReadEvent[]>();
  for (const e of events) {
    if (e.tag === undefined) continue;
    const list = out.get(e.tag) ?? [];
    list.push(e);
    out.set(e.tag, list);
  }
  return out;
}
