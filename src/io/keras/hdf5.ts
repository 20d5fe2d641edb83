/**
 * A small read-only view of an HDF5 file held in memory, over the `jsfive` library (pure
 * JavaScript: synchronous, no WebAssembly to initialise, runs in Node and browsers alike).
 * Only what Keras files need: groups, attributes (strings, string lists, numbers) and numeric
 * datasets read as Float32Array.
 *
 * Damaged files fail with a `ValueError` naming the file and the problem, before any large
 * allocation: the signature and the superblock's end-of-file address are checked first (a
 * truncated file is caught there), attribute dataspaces larger than the file are refused
 * (jsfive would decode them), and a dataset's size is checked against the bytes that can hold
 * it before its values are read. Compressed (chunked, deflated) datasets are bounded the same
 * way before jsfive touches them: their chunk index is walked first (`./chunkIndex.ts`), and
 * jsfive's deflate filter is replaced by one that stops each chunk at the chunk's size, so a
 * few MB of file cannot inflate to gigabytes. Errors jsfive itself throws (it throws plain
 * strings too) are wrapped with the file name and the object path. HDF5 has no checksums over the data of the
 * files Keras writes: a flipped byte inside a weight array changes that weight silently.
 *
 * Why jsfive rather than h5wasm (measured on the files in ../shared/keras-models, Node 20):
 * both read every dataset of a 0.4 to 4 MB Keras file in 3 to 50 ms, but h5wasm needs about
 * 210 ms to initialise its 4 MB WebAssembly module, must copy the file into its virtual file
 * system, and is a 4 to 5.7 MB download in a browser bundle, against about 190 kB for jsfive.
 * On 80 truncated or byte-flipped copies of a Keras file both threw or read the file; neither
 * hung. jsfive reads neither compact-layout datasets nor some rare types; Keras writes neither.
 */
import { ValueError } from '../../tensor/errors.js';
import * as jsfive from 'jsfive';
import { inflateBounded } from './boundedInflate.js';
import { type ChunkPlan, checkChunkIndex } from './chunkIndex.js';

/**
 * The most bytes a compressed dataset may inflate to, whatever the model. The loaders check a
 * dataset's shape against the weight it fills before reading it, which is the real bound;
 * this one holds for any caller.
 */
export const MAX_INFLATED_DATASET_BYTES = 2 ** 30;

/** The chunked read in progress: jsfive calls its filters with no way to pass context. */
let activeRead: { label: string; path: string; chunkBytes: number; chunksLeft: number } | null = null;

/** HDF5's deflate filter (id 1), bounded: replaces jsfive's, which inflates without a limit. */
function boundedDeflate(buffer: ArrayBuffer): ArrayBuffer {
  const read = activeRead;
  if (!read) throw new Error('the deflate filter ran outside a checked dataset read');
  const where = `${read.label}: damaged HDF5 file: dataset '${read.path}'`;
  if (read.chunksLeft-- <= 0) throw new ValueError(`${where}: jsfive inflated more chunks than its chunk index lists`);
  let out: Uint8Array | null;
  try {
    out = inflateBounded(new Uint8Array(buffer), 'zlib', read.chunkBytes);
  } catch (e) {
    throw new ValueError(`${where}: a compressed chunk is damaged (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  if (!out) throw new ValueError(`${where}: a compressed chunk inflates to more than ${read.chunkBytes} bytes, the size of one chunk`);
  return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? (out.buffer as ArrayBuffer) : (out.slice().buffer as ArrayBuffer);
}
jsfive.Filters.set(1, boundedDeflate);

/** The parts of jsfive's DataObjects (private API) read to check a chunked layout. */
interface DataObjectsInternals {
  filter_pipeline?: unknown;
  _get_chunk_params?: () => void;
  _chunks?: number[] | null;
  _chunk_address?: number | bigint | null;
}

/** An attribute value as Keras writes them: strings, numbers, lists of them. */
export type H5AttrValue = string | number | boolean | null | H5AttrValue[];

interface NodeBase {
  /** Path inside the file, e.g. `/model_weights/lstm/lstm/kernel:0`. */
  readonly path: string;
  /** One attribute; `undefined` when absent. */
  attr(name: string): H5AttrValue | undefined;
  attrNames(): string[];
}

/** A numeric dataset. */
export interface H5Dataset extends NodeBase {
  readonly kind: 'dataset';
  readonly shape: readonly number[];
  /** numpy-style type string ('<f4', '>f8', '<i8', ...) or 'other' for strings, compounds. */
  readonly dtype: string;
  /** The values as float32, row-major. Throws for non-numeric types and damaged storage. */
  read(): Float32Array;
}

/** A group (folder) of datasets and groups. */
export interface H5Group extends NodeBase {
  readonly kind: 'group';
  /** Names of the members, in the file's (alphabetical) order. */
  keys(): string[];
  /** A member by relative path (`a/b/c`); null when it does not exist. */
  get(path: string): H5Node | null;
}

export type H5Node = H5Group | H5Dataset;

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when the bytes start with (or have at 512, 1024, ... after a user block) the HDF5 signature. */
export function isHdf5(bytes: Uint8Array): boolean {
  return findSignature(bytes) >= 0;
}

function findSignature(bytes: Uint8Array): number {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return at;
  }
  return -1;
}

function readAddress(bytes: Uint8Array, at: number, size: number): number | null {
  if (at + size > bytes.length) return null;
  let value = 0;
  let allOnes = true;
  for (let i = size - 1; i >= 0; i--) {
    const b = bytes[at + i]!;
    if (b !== 0xff) allOnes = false;
    value = value * 256 + b;
  }
  return allOnes ? Number.POSITIVE_INFINITY : value;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

function describeStart(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length === 0 ? 'the data is empty' : `it starts with bytes ${head}`;
}

/** Checks the superblock (signature, version, address size, end-of-file address). */
function checkSuperblock(bytes: Uint8Array, label: string): void {
  const at = findSignature(bytes);
  if (at < 0) throw new ValueError(`${label}: not an HDF5 file (no HDF5 signature; ${describeStart(bytes)})`);
  if (at > 0) {
    throw new ValueError(`${label}: HDF5 files with a user block (superblock at byte ${at}) are not supported; Keras never writes one`);
  }
  const version = bytes[at + 8];
  if (bytes.length < at + 16) {
    throw new ValueError(`${label}: truncated HDF5 file: ${bytes.length} bytes end inside the superblock`);
  }
  let offsetSize: number | undefined;
  let baseAt: number;
  if (version === 0 || version === 1) {
    offsetSize = bytes[at + 13];
    baseAt = at + (version === 0 ? 24 : 28);
  } else if (version === 2 || version === 3) {
    offsetSize = bytes[at + 9];
    baseAt = at + 12;
  } else {
    throw new ValueError(
      `${label}: damaged or unsupported HDF5 file: superblock version ${version ?? '(missing)'} (0 to 3 exist)` +
        (version === undefined ? '; the file is truncated' : ''),
    );
  }
  if (offsetSize !== 8 && offsetSize !== 4 && offsetSize !== 2) {
    throw new ValueError(`${label}: damaged HDF5 file: the superblock gives ${offsetSize ?? '(missing)'}-byte addresses (2, 4 or 8 expected)`);
  }
  // The base address (0 in every file Keras writes), then, after one more address, the end of file.
  const base = readAddress(bytes, baseAt, offsetSize);
  const eof = readAddress(bytes, baseAt + 2 * offsetSize, offsetSize);
  if (base === null || eof === null) throw new ValueError(`${label}: truncated HDF5 file: ${bytes.length} bytes end inside the superblock`);
  if (!Number.isFinite(eof) || !Number.isFinite(base)) throw new ValueError(`${label}: damaged HDF5 file: the superblock's base or end-of-file address is undefined`);
  if (base + eof > bytes.length) {
    throw new ValueError(
      `${label}: truncated HDF5 file: its superblock says it is ${base + eof} bytes long, but only ${bytes.length} bytes are present`,
    );
  }
}

function cleanString(s: string): string {
  // Fixed-length strings (numpy 'S' arrays, as Keras 2 writes names) come NUL-padded.
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}

function toAttr(v: unknown): H5AttrValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return cleanString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return cleanString(new TextDecoder().decode(v));
  if (Array.isArray(v)) return v.map(toAttr);
  if (ArrayBuffer.isView(v) && 'length' in v) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
  return String(v);
}

interface Ctx {
  label: string;
  bytes: Uint8Array;
  byteLength: number;
  /** True while jsfive decodes attributes (see `guardShapes`). */
  inAttributes: boolean;
}

function wrap<T>(ctx: Ctx, path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`${ctx.label}: damaged HDF5 file: cannot ${what} '${path}': ${messageOf(e)}`, { cause: e });
  }
}

/**
 * jsfive decodes a dataspace's element count without checking it against the file, so one
 * damaged byte can make it build millions of attribute values (20 s for one flipped byte in
 * a 16 kB file). Each object's `determine_data_shape` is wrapped so that, while attributes
 * are decoded, a shape with more elements than the file has bytes (attributes are stored
 * uncompressed, so none can) throws instead. Datasets are checked in `read`.
 */
function guardShapes(ctx: Ctx, path: string, obj: object): void {
  const objects = (obj as { _dataobjects?: Record<string, unknown> })._dataobjects;
  if (!objects || typeof objects !== 'object' || Object.hasOwn(objects, 'determine_data_shape')) return;
  const original = objects['determine_data_shape'];
  if (typeof original !== 'function') return;
  objects['determine_data_shape'] = function guarded(this: unknown, ...args: unknown[]): unknown {
    const shape = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (ctx.inAttributes && Array.isArray(shape)) {
      const n = shape.reduce((a: number, b: unknown) => a * Number(b), 1);
      if (!(n <= ctx.byteLength)) {
        throw new ValueError(`${ctx.label}: damaged HDF5 file: '${path}' has a dataspace of ${n} elements, more than the file has bytes (${ctx.byteLength})`);
      }
    }
    return shape;
  };
}

function attrsOf(ctx: Ctx, path: string, obj: { readonly attrs: Record<string, unknown> }): Record<string, unknown> {
  // jsfive warns on the console for attribute types it cannot decode (and returns null): quiet.
  const warn = console.warn;
  console.warn = () => {};
  ctx.inAttributes = true;
  try {
    return wrap(ctx, path, 'read the attributes of', () => obj.attrs ?? {});
  } finally {
    ctx.inAttributes = false;
    console.warn = warn;
  }
}

const itemSizes: Record<string, number> = { f2: 2, f4: 4, f8: 8, i1: 1, i2: 2, i4: 4, i8: 8, u1: 1, u2: 2, u4: 4, u8: 8 };

function datasetView(ctx: Ctx, ds: jsfive.Dataset, path: string): H5Dataset {
  guardShapes(ctx, path, ds);
  const shape = wrap(ctx, path, 'read the shape of', () => [...(ds.shape ?? [])]);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(`${ctx.label}: damaged HDF5 file: dataset '${path}' has shape ${JSON.stringify(shape)}`);
  }
  const rawType = wrap(ctx, path, 'read the type of', () => ds.dtype);
  const dtype = typeof rawType === 'string' ? rawType : 'other';
  let attrs: Record<string, unknown> | null = null;
  const getAttrs = (): Record<string, unknown> => (attrs ??= attrsOf(ctx, path, ds));
  return {
    kind: 'dataset',
    path,
    shape,
    dtype,
    attr: (name) => (Object.hasOwn(getAttrs(), name) ? toAttr(getAttrs()[name]) : undefined),
    attrNames: () => Object.keys(getAttrs()),
    read(): Float32Array {
      const m = /^[<>=|]?([fiu])(\d+)$/.exec(dtype);
      const item = m ? itemSizes[`${m[1]}${m[2]}`] : undefined;
      if (!m || !item || m[1] === 'f' && item === 2) {
        throw new ValueError(`${ctx.label}: dataset '${path}' has type ${dtype}, not a number type lstm-ts reads (float32/64, integers)`);
      }
      const n = shape.reduce((a, b) => a * b, 1);
      const objects = (ds as unknown as { _dataobjects?: DataObjectsInternals })._dataobjects;
      const filtered = wrap(ctx, path, 'read the storage of', () => objects?.filter_pipeline !== null && objects?.filter_pipeline !== undefined);
      // Uncompressed values must fit in the file; this stops a damaged shape from allocating.
      if (!filtered && n * item > ctx.byteLength) {
        throw new ValueError(
          `${ctx.label}: damaged HDF5 file: dataset '${path}' of shape ${JSON.stringify(shape)} would need ${n * item} bytes, ` +
            `more than the whole file (${ctx.byteLength} bytes)`,
        );
      }
      if (filtered && n * item > MAX_INFLATED_DATASET_BYTES) {
        throw new ValueError(
          `${ctx.label}: dataset '${path}' of shape ${JSON.stringify(shape)} would inflate to ${n * item} bytes, ` +
            `more than the ${MAX_INFLATED_DATASET_BYTES}-byte limit for compressed datasets`,
        );
      }
      const plan = chunkPlan(ctx, path, objects, shape, item, filtered);
      activeRead = plan ? { label: ctx.label, path, chunkBytes: plan.chunkBytes, chunksLeft: plan.chunks } : null;
      let values: ArrayLike<number | bigint>;
      try {
        values = wrap(ctx, path, 'read the values of', () => ds.value);
      } finally {
        activeRead = null;
      }
      if (!values || values.length !== n) {
        throw new ValueError(`${ctx.label}: damaged HDF5 file: dataset '${path}' of shape ${JSON.stringify(shape)} holds ${values?.length ?? 0} values, not ${n}`);
      }
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(values[i]);
      return out;
    },
  };
}

/** Checks a chunked dataset's chunk index (null for contiguous storage). */
function chunkPlan(ctx: Ctx, path: string, objects: DataObjectsInternals | undefined, shape: readonly number[], item: number, filtered: boolean): ChunkPlan | null {
  const layout = wrap(ctx, path, 'read the storage layout of', () => {
    objects?._get_chunk_params?.();
    const chunks = objects?._chunks;
    return chunks ? { chunkShape: [...chunks], address: Number(objects?._chunk_address ?? NaN) } : null;
  });
  if (!layout) return null;
  try {
    return checkChunkIndex({ bytes: ctx.bytes, address: layout.address, chunkShape: layout.chunkShape, shape, itemSize: item, filtered });
  } catch (e) {
    throw new ValueError(`${ctx.label}: damaged HDF5 file: dataset '${path}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function groupView(ctx: Ctx, g: jsfive.Group, path: string): H5Group {
  guardShapes(ctx, path, g);
  let attrs: Record<string, unknown> | null = null;
  let keys: string[] | null = null;
  const getAttrs = (): Record<string, unknown> => (attrs ??= attrsOf(ctx, path, g));
  const getKeys = (): string[] => (keys ??= wrap(ctx, path, 'list the members of', () => [...g.keys]));
  const view: H5Group = {
    kind: 'group',
    path,
    attr: (name) => (Object.hasOwn(getAttrs(), name) ? toAttr(getAttrs()[name]) : undefined),
    attrNames: () => Object.keys(getAttrs()),
    keys: () => [...getKeys()],
    get(sub: string): H5Node | null {
      const parts = sub.split('/').filter((p) => p !== '' && p !== '.');
      if (parts.length === 0) return view;
      const [first, ...rest] = parts as [string, ...string[]];
      if (!getKeys().includes(first)) return null;
      const childPath = `${path === '/' ? '' : path}/${first}`;
      const child = wrap(ctx, childPath, 'open', () => g.get(first));
      if (child === null || child === undefined) return null;
      if (child instanceof jsfive.Dataset) {
        return rest.length ? null : datasetView(ctx, child, childPath);
      }
      const childGroup = groupView(ctx, child, childPath);
      return rest.length ? childGroup.get(rest.join('/')) : childGroup;
    },
  };
  return view;
}

/**
 * Opens HDF5 bytes. `label` names the file in every error (a path, or e.g. 'model.weights.h5
 * in model.keras').
 */
export function openHdf5(bytes: Uint8Array, label: string): H5Group {
  checkSuperblock(bytes, label);
  const data = bytes;
  // jsfive wants an ArrayBuffer of exactly the file.
  const buffer = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer
    ? data.buffer
    : data.slice().buffer;
  const ctx: Ctx = { label, bytes: data, byteLength: data.byteLength, inAttributes: false };
  const file = wrap(ctx, '/', 'open the root group', () => new jsfive.File(buffer, label));
  return groupView(ctx, file, '/');
}
