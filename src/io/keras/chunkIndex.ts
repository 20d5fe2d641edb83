/**
 * Checks a chunked HDF5 dataset's chunk index (a version 1 B-tree of chunk records) before
 * jsfive reads it. jsfive visits every record it finds and loops over a full chunk for each,
 * so an index that lists one compressed chunk thousands of times, or chunks far larger than
 * the dataset, costs time and memory without bound. Here the tree is walked first: each node
 * once, the chunk shape within reason, every record at a distinct position of the dataset's
 * chunk grid and its bytes inside the file, and no more records than the grid has cells.
 */

/** Chunks larger than this are refused unless the dataset itself is larger. */
export const MAX_CHUNK_BYTES = 2 ** 20;

export interface ChunkLayout {
  /** The file. */
  readonly bytes: Uint8Array;
  /** Address of the B-tree's root node. */
  readonly address: number;
  /** The chunk shape (without HDF5's trailing element-size dimension). */
  readonly chunkShape: readonly number[];
  readonly shape: readonly number[];
  readonly itemSize: number;
  /** True when a filter (deflate) transforms the stored chunks. */
  readonly filtered: boolean;
}

/** What the data of a checked index may take. */
export interface ChunkPlan {
  /** Bytes of one chunk once unfiltered. */
  readonly chunkBytes: number;
  /** Records in the index (at most one per cell of the chunk grid). */
  readonly chunks: number;
}

const UNDEFINED_ADDRESS = 2 ** 64 - 1;

function address(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

/** Returns the plan, or throws an Error saying what is wrong (the caller names file and dataset). */
export function checkChunkIndex(layout: ChunkLayout): ChunkPlan {
  const { bytes, shape, chunkShape, itemSize, filtered } = layout;
  const rank = shape.length;
  const show = (s: readonly number[]): string => `[${s.join(', ')}]`;
  if (chunkShape.length !== rank || !chunkShape.every((c) => Number.isInteger(c) && c >= 1)) {
    throw new Error(`its chunk shape ${show(chunkShape)} does not fit its shape ${show(shape)}`);
  }
  const chunkBytes = chunkShape.reduce((a, c) => a * c, itemSize);
  const datasetBytes = shape.reduce((a, d) => a * d, itemSize);
  if (chunkBytes > Math.max(datasetBytes, MAX_CHUNK_BYTES)) {
    throw new Error(
      `it is stored in chunks of ${show(chunkShape)} (${chunkBytes} bytes each), larger than the whole dataset of shape ${show(shape)} ` +
        `(${datasetBytes} bytes) and than ${MAX_CHUNK_BYTES} bytes`,
    );
  }
  const grid = shape.map((d, i) => Math.ceil(d / chunkShape[i]!));
  const needed = grid.reduce((a, g) => a * g, 1);
  if (layout.address === UNDEFINED_ADDRESS || needed === 0) return { chunkBytes, chunks: 0 };

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const keySize = 8 + 8 * (rank + 1);
  const seenNodes = new Set<number>();
  const seenCells = new Set<number>();
  let records = 0;
  // Depth-first over the tree; children must sit one level below their parent.
  const stack: { at: number; level: number | null }[] = [{ at: layout.address, level: null }];
  while (stack.length) {
    const { at, level } = stack.pop()!;
    if (seenNodes.has(at)) throw new Error(`its chunk index visits the node at byte ${at} twice (a cycle)`);
    seenNodes.add(at);
    if (seenNodes.size > 2 * needed + 64) throw new Error(`its chunk index has more than ${2 * needed + 64} nodes for ${needed} chunks`);
    if (at + 24 > bytes.length) throw new Error(`its chunk index node at byte ${at} lies outside the ${bytes.length}-byte file`);
    const signature = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    if (signature !== 'TREE' || bytes[at + 4] !== 1) throw new Error(`its chunk index has no chunk B-tree node at byte ${at}`);
    const nodeLevel = bytes[at + 5]!;
    if (level !== null && nodeLevel !== level) throw new Error(`its chunk index node at byte ${at} is at level ${nodeLevel}, not ${level}`);
    const entries = view.getUint16(at + 6, true);
    if (at + 24 + entries * (keySize + 8) > bytes.length) throw new Error(`its chunk index node at byte ${at} runs past the end of the file`);
    for (let e = 0; e < entries; e++) {
      const key = at + 24 + e * (keySize + 8);
      const child = address(view, key + keySize);
      if (nodeLevel > 0) {
        stack.push({ at: child, level: nodeLevel - 1 });
        continue;
      }
      records++;
      if (records > needed) {
        // Count the rest of this node for the message, without reading their chunks.
        throw new Error(
          `its chunk index lists ${records - 1 + entries - e} chunks or more, but a dataset of shape ${show(shape)} in chunks of ` +
            `${show(chunkShape)} needs ${needed}`,
        );
      }
      const stored = filtered ? view.getUint32(key, true) : chunkBytes;
      if (child + stored > bytes.length) throw new Error(`its chunk of ${stored} bytes at byte ${child} lies past the end of the ${bytes.length}-byte file`);
      let cell = 0;
      for (let d = 0; d < rank; d++) {
        const offset = address(view, key + 8 + 8 * d);
        if (offset % chunkShape[d]! !== 0 || offset >= shape[d]!) {
          throw new Error(`its chunk index has a chunk at offset ${offset} of axis ${d}, not a chunk position of a dataset of shape ${show(shape)}`);
        }
        cell = cell * grid[d]! + offset / chunkShape[d]!;
      }
      if (seenCells.has(cell)) throw new Error(`its chunk index lists the chunk at cell ${cell} of the chunk grid twice`);
      seenCells.add(cell);
    }
  }
  return { chunkBytes, chunks: records };
}
