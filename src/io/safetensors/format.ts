/**
 * The safetensors file format (Hugging Face), read and written by hand:
 *
 * ```text
 * [8 bytes]  N, the header length, unsigned 64-bit little-endian
 * [N bytes]  a UTF-8 JSON object: { "__metadata__": { string: string }?,
 *            "<name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, ... }
 * [rest]     the tensors' bytes, little-endian, row-major; offsets count from the first byte
 *            after the header, and the tensors cover this buffer exactly (no gaps, no overlap)
 * ```
 *
 * Reading checks everything before any value is used and names the source (e.g. the file
 * path) and the tensor in each error. Floating dtypes F64, F32, F16 and BF16 are decoded to
 * float64; other dtypes are listed but have no values (reading one is an error).
 *
 * @example
 * const bytes = encodeSafetensors({ 'fc.weight': { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } });
 * parseSafetensors(bytes).tensors.get('fc.weight')!.shape // [2, 3]
 */
import { ValueError } from '../../tensor/errors.js';
import { jsonDepth } from '../jsonDepth.js';

/** The dtypes of the format, with their byte sizes. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
};

/** The float dtypes read into values. */
export type SafetensorsFloatDType = 'F64' | 'F32' | 'F16' | 'BF16';
const FLOAT_DTYPES: readonly string[] = ['F64', 'F32', 'F16', 'BF16'];

/** The largest header accepted (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/**
 * The deepest nesting accepted in a header. A valid one nests 3 levels (the header, a tensor,
 * its shape); the bound only has to keep every reader of the parsed value, and JSON.stringify
 * in an error message, far from the stack's limit.
 */
export const MAX_HEADER_DEPTH = 16;

/** A value from the header for an error message: JSON, cut short. */
function quote(value: unknown): string {
  const s = value === undefined ? 'nothing' : JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** A tensor name or key for an error message, cut short. */
function shortName(name: string): string {
  return name.length > 80 ? `${name.slice(0, 77)}...` : name;
}

/**
 * A malformed safetensors file or a tensor that does not fit.
 * @example
 * try {
 *   io.parseSafetensors(bytes, { source: 'net.safetensors' });
 * } catch (e) {
 *   if (e instanceof io.SafetensorsError) console.error(`not a usable safetensors file: ${e.message}`);
 * }
 */
export class SafetensorsError extends ValueError {
  /** 'SafetensorsError', so logs and `catch` blocks can tell it apart without `instanceof`. */
  override name = 'SafetensorsError';
}

/** One tensor of a parsed file. */
export interface SafetensorsEntry {
  /** The tensor's key in the file, e.g. 'rnn.weight_ih_l0'. */
  readonly name: string;
  /** The dtype as written, e.g. 'F32'. */
  readonly dtype: string;
  /** The tensor's shape, row-major. */
  readonly shape: readonly number[];
  /** Byte range within the data buffer. */
  readonly dataOffsets: readonly [number, number];
  /** The values decoded to float64 (float dtypes only; throws for others). */
  values(): Float64Array;
}

export interface ParsedSafetensors {
  /** Tensors by name, in header order. */
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
  /** The `__metadata__` strings ({} when absent). */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface ParseOptions {
  /** What the bytes are, for error messages (a file path; default 'safetensors data'). */
  source?: string;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decode(dtype: string, bytes: Uint8Array, count: number): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  switch (dtype) {
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
      break;
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      break;
    case 'BF16': {
      const scratch = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        scratch.setUint32(0, view.getUint16(i * 2, true) << 16);
        out[i] = scratch.getFloat32(0);
      }
      break;
    }
  }
  return out;
}

const isNonNegativeInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Parses and checks safetensors bytes: header length, JSON, every entry's dtype, shape and
 * offsets, the byte count of each tensor against dtype × shape, and that the tensors tile
 * the data buffer. Values are decoded on demand (`entry.values()`).
 * @example
 * const { tensors, metadata } = io.parseSafetensors(bytes, { source: 'net.safetensors' });
 * for (const [name, t] of tensors) console.log(name, t.dtype, t.shape);
 */
export function parseSafetensors(bytes: Uint8Array | ArrayBuffer, options: ParseOptions = {}): ParsedSafetensors {
  const source = options.source ?? 'safetensors data';
  const fail = (what: string): never => {
    throw new SafetensorsError(`${source}: ${what}`);
  };
  if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array or ArrayBuffer, got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length < 8) fail(`${bytes.length} bytes is too short for a safetensors file (the 8-byte header length alone is missing)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    fail(`header length ${headerLength} (first 8 bytes) is larger than the ${bytes.length - 8} bytes after them; not a safetensors file, or truncated`);
  }
  if (headerLength > BigInt(MAX_HEADER_BYTES)) fail(`header length ${headerLength} is over the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(headerLength);
  if (n < 2) fail(`header length ${n} cannot hold a JSON object`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch (e) {
    fail(`the ${n}-byte header is not UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const depth = jsonDepth(text);
  if (depth > MAX_HEADER_DEPTH) {
    fail(`the header nests ${depth} levels deep, more than the ${MAX_HEADER_DEPTH} allowed (a valid header nests 3: the header, a tensor, its shape)`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the ${n}-byte header is not UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('the header is not a JSON object');
  const data = bytes.subarray(8 + n);
  const metadataEntries: [string, string][] = [];
  const tensors = new Map<string, SafetensorsEntry>();
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`'__metadata__' must be an object of strings, got ${quote(raw)}`);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`'__metadata__' entry '${shortName(k)}' must be a string, got ${quote(v)}`);
        metadataEntries.push([k, v as string]);
      }
      continue;
    }
    const where = `tensor '${shortName(name)}'`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`${where}: expected { dtype, shape, data_offsets }, got ${quote(raw)}`);
    const entry = raw as Record<string, unknown>;
    const dtype = entry['dtype'];
    // Own properties only: 'constructor' or '__proto__' would otherwise find Object.prototype's.
    if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, dtype)) {
      fail(`${where}: unknown dtype ${quote(dtype)} (expected one of ${Object.keys(DTYPE_BYTES).join(', ')})`);
    }
    const shape = entry['shape'];
    if (!Array.isArray(shape) || !shape.every(isNonNegativeInt)) fail(`${where}: 'shape' must be an array of non-negative integers, got ${quote(shape)}`);
    const offsets = entry['data_offsets'];
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInt) || offsets[0] > offsets[1]) {
      fail(`${where}: 'data_offsets' must be [begin, end] with 0 <= begin <= end, got ${quote(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (end > data.length) fail(`${where}: data_offsets [${begin}, ${end}] go past the end of the data (${data.length} bytes after the header)`);
    const count = (shape as number[]).reduce((a, d) => a * d, 1);
    const size = DTYPE_BYTES[dtype as string]!;
    if (end - begin !== count * size) {
      fail(`${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype} shape ${quote(shape)} needs ${count} × ${size} = ${count * size}`);
    }
    const slice = data.subarray(begin, end);
    tensors.set(name, {
      name,
      dtype: dtype as string,
      shape: [...(shape as number[])],
      dataOffsets: [begin, end],
      values: () => {
        if (!FLOAT_DTYPES.includes(dtype as string)) fail(`${where}: dtype ${dtype} is not a float type (F64, F32, F16 or BF16 expected)`);
        return decode(dtype as string, slice, count);
      },
    });
  }
  // The tensors must tile the data buffer: sorted by begin, each starts where the last ended.
  const ranges = [...tensors.values()].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let at = 0;
  for (const t of ranges) {
    const [begin, end] = t.dataOffsets;
    if (begin < at) fail(`tensor '${shortName(t.name)}': data_offsets [${begin}, ${end}] overlap the previous tensor's bytes (which end at ${at})`);
    if (begin > at) fail(`tensor '${shortName(t.name)}': data_offsets [${begin}, ${end}] leave bytes ${at}..${begin} unused (the tensors must cover the data exactly)`);
    at = end;
  }
  if (at !== data.length) fail(`the tensors cover ${at} bytes but ${data.length} bytes follow the header (trailing data)`);
  // fromEntries defines own properties, so a '__proto__' key is kept as the string it is.
  return { tensors, metadata: Object.fromEntries(metadataEntries) };
}

/** A tensor to write. */
export interface SafetensorsInput {
  /** The tensor's shape; its product must equal `data.length`. */
  readonly shape: readonly number[];
  /** The values, row-major. */
  readonly data: ArrayLike<number>;
  /** 'F32' (default) or 'F64'. */
  readonly dtype?: 'F32' | 'F64';
}

/**
 * Writes tensors (in the object's key order) and string metadata as safetensors bytes. The
 * header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
 * @example io.encodeSafetensors({ 'fc.weight': { shape: [1, 2], data: [0.5, -1] } }, { format: 'pt' })
 */
export function encodeSafetensors(tensors: Readonly<Record<string, SafetensorsInput>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  // Without a prototype, a tensor named '__proto__' is a key like any other.
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (Object.keys(metadata).length) header['__metadata__'] = { ...metadata };
  let offset = 0;
  const parts: { bytes: number; dtype: 'F32' | 'F64'; data: ArrayLike<number> }[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '__metadata__') throw new SafetensorsError(`encodeSafetensors: '__metadata__' is reserved and cannot name a tensor`);
    const dtype = t.dtype ?? 'F32';
    const count = t.shape.reduce((a, d) => a * d, 1);
    if (count !== t.data.length) {
      throw new SafetensorsError(`encodeSafetensors: tensor '${name}' has shape ${JSON.stringify(t.shape)} (${count} values) but ${t.data.length} values`);
    }
    const bytes = count * (dtype === 'F64' ? 8 : 4);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    parts.push({ bytes, dtype, data: t.data });
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of parts) {
    const n = p.data.length;
    if (p.dtype === 'F64') for (let i = 0; i < n; i++) view.setFloat64(at + i * 8, p.data[i]!, true);
    else for (let i = 0; i < n; i++) view.setFloat32(at + i * 4, p.data[i]!, true);
    at += p.bytes;
  }
  return out;
}
