/**
 * DEFLATE decompression that stops at a byte limit. fflate's one-shot functions inflate the
 * whole stream (or trust a size the caller read from the file), so a 2 MB zip bomb becomes
 * gigabytes before anything can look at it. Here the input goes to fflate's streaming
 * inflater a few kilobytes at a time and the output is counted after each piece: at most one
 * piece's worth (DEFLATE expands at most about 1032 times, so a few MB) is produced past the
 * limit before inflation stops.
 */
import { Inflate } from 'fflate';

/** Compressed bytes handed to the inflater at a time (at most ~4 MB of output each). */
const PIECE = 4096;

/**
 * Inflates `data` (raw DEFLATE as in zip, or a zlib stream as in HDF5's deflate filter, whose
 * Adler-32 is then checked). Returns the output, or `null` as soon as it would exceed
 * `limit` bytes. Throws an Error with fflate's or its own message when the stream is damaged.
 */
export function inflateBounded(data: Uint8Array, format: 'deflate' | 'zlib', limit: number): Uint8Array | null {
  let input = data;
  let adler: number | null = null;
  if (format === 'zlib') {
    if (data.length < 6) throw new Error(`a zlib stream needs at least 6 bytes, got ${data.length}`);
    const cmf = data[0]!;
    const flg = data[1]!;
    if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) {
      throw new Error(`not a zlib stream (header bytes ${cmf.toString(16).padStart(2, '0')} ${flg.toString(16).padStart(2, '0')})`);
    }
    if (flg & 0x20) throw new Error('the zlib stream needs a preset dictionary');
    adler = new DataView(data.buffer, data.byteOffset + data.length - 4, 4).getUint32(0, false);
    input = data.subarray(2, data.length - 4);
  }
  const out = new Uint8Array(limit);
  let produced = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over) return;
    if (produced + chunk.length > limit) {
      over = true;
      return;
    }
    out.set(chunk, produced);
    produced += chunk.length;
  });
  for (let at = 0; at < input.length || at === 0; at += PIECE) {
    const end = Math.min(at + PIECE, input.length);
    inflater.push(input.subarray(at, end), end >= input.length);
    if (over) return null;
    if (end >= input.length) break;
  }
  const result = out.subarray(0, produced);
  if (adler !== null) {
    const actual = adler32(result);
    if (actual !== adler) {
      throw new Error(`the zlib checksum does not match (Adler-32 0x${actual.toString(16).padStart(8, '0')}, stored 0x${adler.toString(16).padStart(8, '0')})`);
    }
  }
  return result;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before b may pass 2^32.
  for (let at = 0; at < bytes.length; at += 5552) {
    const end = Math.min(at + 5552, bytes.length);
    for (let i = at; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
