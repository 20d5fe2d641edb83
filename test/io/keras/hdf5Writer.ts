/**
 * A tiny HDF5 writer for tests: just enough of the format (superblock version 0, version 1
 * object headers, groups as link messages, float32 datasets stored contiguously or chunked
 * through a version 1 chunk B-tree, optionally deflated) to lay out a Keras 3 `.weights.h5`
 * by hand, including the hostile variants no HDF5 library would write: chunks that inflate far
 * past their size, chunk shapes larger than the dataset, one chunk listed many times.
 */
import { zlibSync } from 'fflate';

/** A float32 dataset, or a group of named members. */
export type H5Spec = H5DatasetSpec | { [name: string]: H5Spec };

export interface H5DatasetSpec {
  kind: 'dataset';
  shape: readonly number[];
  values: Float32Array;
  /** Chunked storage; absent: contiguous. */
  chunked?: {
    chunkShape: readonly number[];
    deflate: boolean;
    /**
     * The bytes stored for the one chunk at offset 0 (raw, or zlib when `deflate`), replacing
     * what the values would give; the dataset must then fit in one chunk.
     */
    storedChunk?: Uint8Array;
    /** How many times the B-tree lists that chunk (default 1). */
    repeat?: number;
  };
}

export function dataset(shape: readonly number[], values: Float32Array, chunked?: H5DatasetSpec['chunked']): H5DatasetSpec {
  return chunked ? { kind: 'dataset', shape, values, chunked } : { kind: 'dataset', shape, values };
}

const UNDEFINED = 0xffffffffffffffffn;

class Builder {
  private parts: Uint8Array[] = [];
  size = 0;
  append(bytes: Uint8Array): number {
    const at = this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    return at;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function bytesOf(size: number, fill: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(size);
  fill(new DataView(b.buffer));
  return b;
}

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/** A version 1 object header holding `messages` ([type, body]). */
function objectHeader(messages: readonly [number, Uint8Array][]): Uint8Array {
  const total = messages.reduce((a, [, body]) => a + 8 + pad8(body.length), 0);
  const out = new Uint8Array(16 + total);
  const v = new DataView(out.buffer);
  v.setUint8(0, 1);
  v.setUint16(2, messages.length, true);
  v.setUint32(4, 1, true);
  v.setUint32(8, total, true);
  let at = 16;
  for (const [type, body] of messages) {
    v.setUint16(at, type, true);
    v.setUint16(at + 2, pad8(body.length), true);
    out.set(body, at + 8);
    at += 8 + pad8(body.length);
  }
  return out;
}

function linkMessage(name: string, address: number): Uint8Array {
  const n = new TextEncoder().encode(name);
  return bytesOf(3 + n.length + 8, (v) => {
    v.setUint8(0, 1);
    v.setUint8(1, 0);
    v.setUint8(2, n.length);
    n.forEach((c, i) => v.setUint8(3 + i, c));
    v.setBigUint64(3 + n.length, BigInt(address), true);
  });
}

function dataspace(shape: readonly number[]): Uint8Array {
  return bytesOf(8 + 8 * shape.length, (v) => {
    v.setUint8(0, 1);
    v.setUint8(1, shape.length);
    shape.forEach((d, i) => v.setBigUint64(8 + 8 * i, BigInt(d), true));
  });
}

function float32Type(): Uint8Array {
  return bytesOf(20, (v) => {
    v.setUint8(0, 0x11);
    v.setUint8(1, 0x20);
    v.setUint8(2, 31);
    v.setUint32(4, 4, true);
    v.setUint16(10, 32, true);
    v.setUint8(12, 23);
    v.setUint8(13, 8);
    v.setUint8(15, 23);
    v.setUint32(16, 127, true);
  });
}

function rawBytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

function writeDataset(b: Builder, spec: H5DatasetSpec): number {
  const messages: [number, Uint8Array][] = [[1, dataspace(spec.shape)], [3, float32Type()]];
  const chunked = spec.chunked;
  if (!chunked) {
    const data = rawBytes(spec.values);
    const at = b.append(data);
    messages.push([8, bytesOf(18, (v) => {
      v.setUint8(0, 3);
      v.setUint8(1, 1);
      v.setBigUint64(2, BigInt(at), true);
      v.setBigUint64(10, BigInt(data.length), true);
    })]);
    return b.append(objectHeader(messages));
  }
  const rank = spec.shape.length;
  // One chunk per position of the chunk grid, each holding the values it covers.
  const grid = spec.shape.map((d, i) => Math.max(1, Math.ceil(d / chunked.chunkShape[i]!)));
  const chunkCount = grid.reduce((a, c) => a * c, 1);
  const chunkElements = chunked.chunkShape.reduce((a, c) => a * c, 1);
  const entries: { offset: number[]; address: number; size: number }[] = [];
  for (let k = 0; k < chunkCount; k++) {
    const pos: number[] = [];
    let rest = k;
    for (let i = rank - 1; i >= 0; i--) {
      pos[i] = (rest % grid[i]!) * chunked.chunkShape[i]!;
      rest = Math.floor(rest / grid[i]!);
    }
    let stored = chunked.storedChunk;
    if (!stored) {
      const values = new Float32Array(chunkElements);
      for (let e = 0; e < chunkElements; e++) {
        let r = e;
        const at: number[] = [];
        for (let i = rank - 1; i >= 0; i--) {
          at[i] = pos[i]! + (r % chunked.chunkShape[i]!);
          r = Math.floor(r / chunked.chunkShape[i]!);
        }
        if (at.every((c, i) => c < spec.shape[i]!)) {
          const flat = at.reduce((a, c, i) => a * spec.shape[i]! + c, 0);
          values[e] = spec.values[flat]!;
        }
      }
      stored = chunked.deflate ? zlibSync(rawBytes(values)) : rawBytes(values);
    }
    const address = b.append(stored);
    for (let r = 0; r < (chunked.repeat ?? 1); r++) entries.push({ offset: [...pos, 0], address, size: stored.length });
  }
  const keySize = 8 + 8 * (rank + 1);
  const tree = bytesOf(24 + entries.length * (keySize + 8) + keySize, (v) => {
    [0x54, 0x52, 0x45, 0x45].forEach((c, i) => v.setUint8(i, c));
    v.setUint8(4, 1);
    v.setUint8(5, 0);
    v.setUint16(6, entries.length, true);
    v.setBigUint64(8, UNDEFINED, true);
    v.setBigUint64(16, UNDEFINED, true);
    let at = 24;
    for (const e of entries) {
      v.setUint32(at, e.size, true);
      e.offset.forEach((o, i) => v.setBigUint64(at + 8 + 8 * i, BigInt(o), true));
      v.setBigUint64(at + keySize, BigInt(e.address), true);
      at += keySize + 8;
    }
    spec.shape.forEach((d, i) => v.setBigUint64(at + 8 + 8 * i, BigInt(d), true));
  });
  const treeAt = b.append(tree);
  messages.push([8, bytesOf(3 + 8 + 4 * (rank + 1), (v) => {
    v.setUint8(0, 3);
    v.setUint8(1, 2);
    v.setUint8(2, rank + 1);
    v.setBigUint64(3, BigInt(treeAt), true);
    chunked.chunkShape.forEach((c, i) => v.setUint32(11 + 4 * i, c, true));
    v.setUint32(11 + 4 * rank, 4, true);
  })]);
  if (chunked.deflate) {
    messages.push([11, bytesOf(8 + 8 + 8, (v) => {
      v.setUint8(0, 1);
      v.setUint8(1, 1);
      v.setUint16(8, 1, true); // deflate
      v.setUint16(14, 1, true); // one client value: the level
      v.setUint32(16, 4, true);
    })]);
  }
  return b.append(objectHeader(messages));
}

function write(b: Builder, spec: H5Spec): number {
  if ((spec as H5DatasetSpec).kind === 'dataset') return writeDataset(b, spec as H5DatasetSpec);
  const links = Object.entries(spec as Record<string, H5Spec>).map(([name, child]) => [name, write(b, child)] as const);
  return b.append(objectHeader(links.map(([name, at]) => [6, linkMessage(name, at)])));
}

/** The bytes of an HDF5 file whose root group is `root`. */
export function writeHdf5(root: Record<string, H5Spec>): Uint8Array {
  const b = new Builder();
  const superblock = new Uint8Array(96);
  b.append(superblock);
  const rootAt = write(b, root);
  const out = b.bytes();
  const v = new DataView(out.buffer);
  [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a].forEach((c, i) => v.setUint8(i, c));
  v.setUint8(13, 8);
  v.setUint8(14, 8);
  v.setUint16(16, 4, true);
  v.setUint16(18, 16, true);
  v.setBigUint64(32, UNDEFINED, true);
  v.setBigUint64(40, BigInt(out.length), true);
  v.setBigUint64(48, UNDEFINED, true);
  v.setBigUint64(64, BigInt(rootAt), true);
  return out;
}
