/**
 * Builds zip archives the way an attacker would: duplicate member names, sizes and CRC-32s
 * that lie, and deflate bombs made without ever holding the inflated bytes. fflate's zipSync
 * takes an object (one member per name) and always writes honest headers, so the archive is
 * laid out here by hand (local headers, data, central directory, end record).
 */
import { deflateSync } from 'fflate';
import { crc32 } from '../../../src/io/crc32.js';

export interface HostileMember {
  name: string;
  /** The member's bytes as stored in the archive (already deflated when `method` is 8). */
  stored: Uint8Array;
  /** 0 (stored) or 8 (deflate). */
  method: 0 | 8;
  /** Uncompressed size written in both headers. */
  size: number;
  /** CRC-32 written in both headers. */
  crc: number;
}

/** A member stored or deflated with honest size and CRC-32. */
export function member(name: string, data: Uint8Array, method: 0 | 8 = 0): HostileMember {
  return { name, stored: method === 8 ? deflateSync(data) : data, method, size: data.length, crc: crc32(data) };
}

/**
 * `size` bytes of `fill`, deflated (raw, as in zip) or zlib-wrapped (as in HDF5), written bit
 * by bit as one fixed-Huffman block: the byte once, then matches of 258 bytes at distance 1
 * (13 bits each, so 200 MB take 1.3 MB), then the rest as literals. Nothing the size of the
 * inflated data is ever allocated, and it takes milliseconds where compressing would take
 * seconds.
 */
export function compressedRun(size: number, format: 'deflate' | 'zlib', fill = 0x20): Uint8Array {
  const matches = size > 1 ? Math.floor((size - 1) / 258) : 0;
  const literals = size - matches * 258;
  const bits = 3 + literals * (fill < 144 ? 8 : 9) + matches * 13 + 7;
  const head = format === 'zlib' ? 2 : 0;
  const out = new Uint8Array(head + Math.ceil(bits / 8) + (format === 'zlib' ? 4 : 0));
  let at = head * 8;
  const put = (value: number, n: number): void => {
    // Deflate packs bits from the least significant end of each byte.
    for (let i = 0; i < n; i++, at++) if ((value >>> i) & 1) out[at >>> 3]! |= 1 << (at & 7);
  };
  const code = (value: number, n: number): void => {
    // Huffman codes go most significant bit first.
    for (let i = n - 1; i >= 0; i--) put((value >>> i) & 1, 1);
  };
  const literal = (v: number): void => (v < 144 ? code(0x30 + v, 8) : code(0x190 + v - 144, 9));
  put(1, 1); // last block
  put(1, 2); // fixed Huffman codes
  if (size > 0) literal(fill);
  for (let k = 0; k < matches; k++) {
    code(0xc5, 8); // length 258 (symbol 285)
    code(0, 5); // distance 1
  }
  for (let k = 1; k < literals; k++) literal(fill);
  code(0, 7); // end of block
  if (format === 'zlib') {
    out[0] = 0x78;
    out[1] = 0xda;
    // Adler-32 of `size` copies of `fill`: a = 1 + n·fill, b = n + fill·n(n+1)/2 (mod 65521).
    const n = BigInt(size);
    const f = BigInt(fill);
    const a = Number((1n + n * f) % 65521n);
    const b = Number((n + (f * n * (n + 1n)) / 2n) % 65521n);
    new DataView(out.buffer).setUint32(out.length - 4, ((b << 16) | a) >>> 0, false);
  }
  return out;
}

/**
 * A deflated member that inflates to `size` bytes of `fill`. Its CRC-32 is 0 (a reader that
 * checks the size first never gets far enough to compare it); pass `declaredSize` to make
 * the headers lie about the size.
 */
export function bombMember(name: string, size: number, options: { fill?: number; declaredSize?: number } = {}): HostileMember {
  return { name, stored: compressedRun(size, 'deflate', options.fill), method: 8, size: options.declaredSize ?? size, crc: 0 };
}

/** The members of an archive in order, duplicates and all. */
export function buildZip(members: readonly HostileMember[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const m of members) {
    const name = encoder.encode(m.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, m.method, true);
    lv.setUint32(14, m.crc >>> 0, true);
    lv.setUint32(18, m.stored.length, true);
    lv.setUint32(22, m.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, m.method, true);
    cv.setUint32(16, m.crc >>> 0, true);
    cv.setUint32(20, m.stored.length, true);
    cv.setUint32(24, m.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, m.stored);
    centrals.push(central);
    offset += local.length + m.stored.length;
  }
  const directorySize = centrals.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, members.length, true);
  ev.setUint16(10, members.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + end.length);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
