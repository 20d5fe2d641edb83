/**
 * The few protocol-buffer encodings TensorBoard's `Event` needs: varints, 64-bit doubles,
 * 32-bit floats, length-delimited strings/messages and packed repeated doubles. Fields are
 * written in the order they are added, which makes the output deterministic.
 */
import { ValueError } from '../../tensor/errors.js';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();

/**
 * Builds one message; nested messages are encoded first and added with `message`.
 * @example
 * const histo = new ProtoWriter().double(1, -0.5).packedDoubles(6, [0, 1]).finish();
 * const value = new ProtoWriter().string(1, 'dense/kernel/histogram').message(5, histo).finish();
 */
export class ProtoWriter {
  private chunks: number[] = [];
  private readonly scratch = new DataView(new ArrayBuffer(8));

  /** A non-negative integer as a varint (int64/uint64 fields up to 2^53). */
  uint(field: number, value: number): this {
    this.key(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** A `double` field (wire type fixed64, little-endian IEEE 754). */
  double(field: number, value: number): this {
    this.key(field, WIRE_FIXED64);
    this.scratch.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.chunks.push(this.scratch.getUint8(i));
    return this;
  }

  /** A `float` field (wire type fixed32); the value is rounded to float32. */
  float(field: number, value: number): this {
    this.key(field, WIRE_FIXED32);
    this.scratch.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.chunks.push(this.scratch.getUint8(i));
    return this;
  }

  /** A `string` field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A `bytes` field, or an embedded message already encoded. */
  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE_LENGTH);
    this.varint(value.length);
    for (let i = 0; i < value.length; i++) this.chunks.push(value[i]!);
    return this;
  }

  /** An embedded message (its encoding from another writer's `finish`). */
  message(field: number, encoded: Uint8Array): this {
    return this.bytes(field, encoded);
  }

  /** A `repeated double` field in packed form: one length-delimited run of fixed64 values. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    const body = new DataView(new ArrayBuffer(8 * values.length));
    for (let i = 0; i < values.length; i++) body.setFloat64(8 * i, values[i]!, true);
    return this.bytes(field, new Uint8Array(body.buffer));
  }

  /** The encoded message. */
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }

  private key(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 536870911) {
      throw new ValueError(`ProtoWriter: argument 'field' expected an integer in [1, 2^29 - 1], got ${field}`);
    }
    this.varint(field * 8 + wireType);
  }

  /** Seven bits per byte, low first; division instead of bit shifts keeps values above 2^31 exact. */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new ValueError(`ProtoWriter: a varint expected a non-negative safe integer, got ${value}`);
    }
    let v = value;
    while (v >= 0x80) {
      this.chunks.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.chunks.push(v);
  }
}
