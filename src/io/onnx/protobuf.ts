/**
 * The protobuf wire format, writing side only, and only what an ONNX model file needs:
 * varints (int32/int64/enum, negative values as 10-byte two's complement), 32-bit floats,
 * length-delimited fields (strings, bytes, nested messages) and packed repeated scalars.
 *
 * Wire types: 0 varint, 2 length-delimited, 5 fixed 32-bit. A field's key is
 * `(fieldNumber << 3) | wireType`, itself a varint. Fields are written in the order called;
 * protobuf readers accept any order.
 *
 * @example
 * const w = new ProtoWriter();
 * w.string(1, 'Relu');             // field 1, length-delimited
 * w.int64(3, -1);                  // field 3, varint of 2^64 - 1
 * w.message(5, (m) => m.float(2, 0.5));
 * const bytes = w.finish();
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();
const TWO_64 = 1n << 64n;

/** A growable byte buffer with protobuf field writers. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  /** A raw varint of an integer in [-2^63, 2^64): negative values as 64-bit two's complement. */
  rawVarint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) throw new RangeError(`protobuf: varint expected an integer, got ${value}`);
      if (value < 0 || !Number.isSafeInteger(value)) {
        this.rawVarint(BigInt(value));
        return;
      }
      // Below 2^31 bit operations are exact; above, divide.
      while (value >= 0x80) {
        this.byte((value % 0x80) | 0x80);
        value = Math.floor(value / 0x80);
      }
      this.byte(value);
      return;
    }
    if (value < -(TWO_64 >> 1n)) throw new RangeError(`protobuf: varint ${value} does not fit in 64 bits`);
    let v = value < 0n ? value + TWO_64 : value;
    if (v >= TWO_64) throw new RangeError(`protobuf: varint ${value} does not fit in 64 bits`);
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private key(field: number, wire: number): void {
    this.rawVarint(field * 8 + wire);
  }

  /** An int32/int64/enum/bool field; negative values take 10 bytes (two's complement). */
  int64(field: number, value: number | bigint): void {
    this.key(field, WIRE_VARINT);
    this.rawVarint(value);
  }

  /** A `float` field (fixed 32-bit, little-endian IEEE 754). */
  float(field: number, value: number): void {
    this.key(field, WIRE_FIXED32);
    this.reserve(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, value, true);
    this.len += 4;
  }

  /** A `double` field (fixed 64-bit, little-endian IEEE 754). */
  double(field: number, value: number): void {
    this.key(field, WIRE_FIXED64);
    this.reserve(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 8).setFloat64(0, value, true);
    this.len += 8;
  }

  /** A `bytes` field. */
  bytes(field: number, data: Uint8Array): void {
    this.key(field, WIRE_BYTES);
    this.rawVarint(data.length);
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  /** A `string` field, UTF-8. */
  string(field: number, value: string): void {
    this.bytes(field, textEncoder.encode(value));
  }

  /** An embedded message field, written by `write` into a fresh writer. */
  message(field: number, write: (w: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    write(inner);
    this.bytes(field, inner.finish());
  }

  /** An unpacked `repeated int64` field (proto2's default encoding): one key per value. */
  repeatedInt64(field: number, values: readonly (number | bigint)[]): void {
    for (const v of values) this.int64(field, v);
  }

  /** An unpacked `repeated float` field: one key per value. */
  repeatedFloat(field: number, values: readonly number[]): void {
    for (const v of values) this.float(field, v);
  }

  /** A packed `repeated int64` field. */
  packedInt64(field: number, values: readonly (number | bigint)[]): void {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(v);
    this.bytes(field, inner.finish());
  }

  /** A packed `repeated float` field. */
  packedFloat(field: number, values: readonly number[]): void {
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    this.bytes(field, data);
  }

  /** The bytes written so far (a copy sized to fit). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
