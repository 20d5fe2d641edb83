/**
 * TFRecord framing, the container of TensorBoard event files: each record is
 * `uint64 length | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data`,
 * all little-endian.
 */
import { maskedCrc32c } from './crc32c.js';

/**
 * Frames one record (`data` is typically a serialised `Event`).
 * @example const bytes = tfRecord(encodeEvent({ wallTime: Date.now() / 1000, step: 0, fileVersion: 'brain.Event:2' }));
 */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/**
 * Frames several records into one buffer, in order.
 * @example tfRecords([a, b]).length === tfRecord(a).length + tfRecord(b).length
 */
export function tfRecords(records: Uint8Array[]): Uint8Array {
  const framed = records.map(tfRecord);
  const out = new Uint8Array(framed.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of framed) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}
