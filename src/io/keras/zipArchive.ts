/**
 * A zip reader for archives nobody vouches for (`.keras` files from the internet). fflate's
 * `unzipSync` keeps the last of two members with one name, allocates whatever size a header
 * declares, inflates without a bound and never checks CRC-32. Here the central directory is
 * read by hand and each member is only listed until asked for:
 *
 * - duplicate names are refused (two `config.json` members would let different readers see
 *   different models);
 * - a member is read only up to a cap its caller sets, checked against the declared size
 *   before anything is allocated, and inflation stops as soon as the output passes the
 *   declared size, whatever the header said;
 * - the output must have the declared size and CRC-32;
 * - the local header must name the same member, and the data must lie inside the archive.
 *
 * Errors are plain messages; the caller adds the file name.
 */
import { crc32 } from '../crc32.js';
import { inflateBounded } from './boundedInflate.js';

/** One member of the central directory. */
export interface ZipMember {
  readonly name: string;
  /** 0 (stored) or 8 (deflate). */
  readonly method: number;
  readonly compressedSize: number;
  /** The uncompressed size the directory declares. */
  readonly size: number;
  readonly crc: number;
  readonly flags: number;
  readonly localOffset: number;
}

/** A damaged or unreadable zip archive; messages name the member. */
export class ZipError extends Error {
  override name = 'ZipError';
}

const END = 0x06054b50;
const END64_LOCATOR = 0x07064b50;
const END64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function u64(b: Uint8Array, at: number): number {
  // Past 2^53 the value is unusable either way; it fails the bounds checks below.
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  // Without the UTF-8 flag names are CP437; the names a reader looks for are ASCII in both.
  return utf8 ? new TextDecoder('utf-8').decode(bytes) : String.fromCharCode(...bytes);
}

/** Fills in the zip64 extra field's values for the fields that are 0xFFFFFFFF. */
function zip64Values(extra: Uint8Array, wanted: { size: boolean; compressed: boolean; offset: boolean }): number[] | null {
  for (let at = 0; at + 4 <= extra.length; at += 4 + u16(extra, at + 2)) {
    if (u16(extra, at) !== 1) continue;
    const values: number[] = [];
    let p = at + 4;
    const end = at + 4 + u16(extra, at + 2);
    for (const present of [wanted.size, wanted.compressed, wanted.offset]) {
      if (!present) continue;
      if (p + 8 > end || p + 8 > extra.length) return null;
      values.push(u64(extra, p));
      p += 8;
    }
    return values;
  }
  return null;
}

/** Lists the members of a zip archive from its central directory; refuses duplicate names. */
export function listZip(bytes: Uint8Array): ZipMember[] {
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(bytes, at) === END) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipError(`no end of central directory record in the last ${Math.min(bytes.length, 22 + 0xffff)} bytes (truncated, or not a zip file)`);
  let count = u16(bytes, end + 10);
  let directorySize = u32(bytes, end + 12);
  let directoryAt = u32(bytes, end + 16);
  if (end >= 20 && u32(bytes, end - 20) === END64_LOCATOR) {
    const at = u64(bytes, end - 12);
    if (at + 56 > bytes.length || u32(bytes, at) !== END64) throw new ZipError(`the zip64 end record pointer (${at}) does not point at a zip64 end record`);
    count = u64(bytes, at + 32);
    directorySize = u64(bytes, at + 40);
    directoryAt = u64(bytes, at + 48);
  }
  if (directoryAt + directorySize > bytes.length) {
    throw new ZipError(`the central directory (bytes ${directoryAt} to ${directoryAt + directorySize}) goes past the end of the ${bytes.length}-byte archive`);
  }
  if (count * 46 > directorySize) throw new ZipError(`the central directory of ${directorySize} bytes cannot hold the ${count} members the end record lists`);
  const members: ZipMember[] = [];
  const seen = new Map<string, number>();
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directoryAt + directorySize || u32(bytes, at) !== CENTRAL) throw new ZipError(`central directory entry ${i} at byte ${at} is damaged (no signature)`);
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    let compressedSize = u32(bytes, at + 20);
    let size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    let localOffset = u32(bytes, at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directoryAt + directorySize) throw new ZipError(`central directory entry ${i} runs past the end of the directory`);
    const name = decodeName(bytes.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
    const wanted = { size: size === 0xffffffff, compressed: compressedSize === 0xffffffff, offset: localOffset === 0xffffffff };
    if (wanted.size || wanted.compressed || wanted.offset) {
      const values = zip64Values(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), wanted);
      if (!values) throw new ZipError(`member '${name}' has 32-bit fields set to 0xFFFFFFFF but no zip64 extra field`);
      if (wanted.size) size = values.shift()!;
      if (wanted.compressed) compressedSize = values.shift()!;
      if (wanted.offset) localOffset = values.shift()!;
    }
    seen.set(name, (seen.get(name) ?? 0) + 1);
    members.push({ name, method, compressedSize, size, crc, flags, localOffset });
    at = next;
  }
  const repeated = [...seen].filter(([, n]) => n > 1);
  if (repeated.length) {
    throw new ZipError(
      `${repeated.map(([n, k]) => `member '${n}' appears ${k} times`).join(', ')}; a zip archive must name each member once ` +
        `(readers disagree on which copy counts)`,
    );
  }
  return members;
}

/**
 * The bytes of `member`, refusing it when its declared size is over `maxBytes` (before
 * anything is read) and stopping inflation once the output passes the declared size.
 * `cap` describes the limit for the message (e.g. 'the 16777216-byte limit for JSON members').
 */
export function readZipMember(bytes: Uint8Array, member: ZipMember, maxBytes: number, cap: string): Uint8Array {
  const what = `member '${member.name}'`;
  if (member.flags & 0x1) throw new ZipError(`${what} is encrypted`);
  if (member.method !== 0 && member.method !== 8) throw new ZipError(`${what} uses compression method ${member.method} (only 0, stored, and 8, deflate, are read)`);
  if (member.size > maxBytes) throw new ZipError(`${what} declares ${member.size} bytes, more than ${cap}`);
  const local = member.localOffset;
  if (local + 30 > bytes.length || u32(bytes, local) !== LOCAL) throw new ZipError(`${what}: no local header at byte ${local}`);
  const nameLength = u16(bytes, local + 26);
  const localName = decodeName(bytes.subarray(local + 30, local + 30 + nameLength), (u16(bytes, local + 6) & 0x800) !== 0);
  if (localName !== member.name) throw new ZipError(`${what}: its local header names '${localName}' instead`);
  const start = local + 30 + nameLength + u16(bytes, local + 28);
  if (start + member.compressedSize > bytes.length) {
    throw new ZipError(`${what}: its ${member.compressedSize} stored bytes (from byte ${start}) go past the end of the ${bytes.length}-byte archive`);
  }
  const stored = bytes.subarray(start, start + member.compressedSize);
  let data: Uint8Array;
  if (member.method === 0) {
    if (member.compressedSize !== member.size) throw new ZipError(`${what} is stored uncompressed in ${member.compressedSize} bytes but declares ${member.size}`);
    data = stored;
  } else {
    let out: Uint8Array | null;
    try {
      out = inflateBounded(stored, 'deflate', member.size);
    } catch (e) {
      throw new ZipError(`${what}: damaged deflate data (${e instanceof Error ? e.message : String(e)})`);
    }
    if (out === null) throw new ZipError(`${what} inflates to more than the ${member.size} bytes its header states`);
    if (out.length !== member.size) throw new ZipError(`${what} inflates to ${out.length} bytes, but its header states ${member.size}`);
    data = out;
  }
  const actual = crc32(data);
  if (actual !== member.crc) {
    throw new ZipError(
      `${what} fails its CRC-32 check (computed 0x${actual.toString(16).padStart(8, '0')}, stored 0x${member.crc.toString(16).padStart(8, '0')}): ` +
        `its bytes were changed or damaged`,
    );
  }
  return data;
}
