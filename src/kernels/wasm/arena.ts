/**
 * Scratch memory inside the WebAssembly memory: a bump allocator with marks. A kernel call
 * takes a mark, allocates what it needs, copies results out to ordinary typed arrays and
 * releases the mark, so nothing the caller holds points into WebAssembly memory and nothing
 * needs freeing. The memory only grows, and the high-water mark is reused by later calls.
 */
const PAGE_BYTES = 65536;
const ALIGN = 64;

export class WasmArena {
  private top: number;
  private floor: number;
  private view: Float32Array<ArrayBufferLike>;

  constructor(private readonly memory: WebAssembly.Memory, base: number) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
    this.floor = this.top;
    this.view = new Float32Array(memory.buffer);
  }

  /** Makes everything allocated so far permanent (the control block). */
  setFloor(): void {
    this.floor = this.top;
  }

  allocBytes(bytes: number): number {
    const ptr = this.top;
    const end = ptr + Math.ceil(bytes / ALIGN) * ALIGN;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE_BYTES);
      try {
        this.memory.grow(pages);
      } catch {
        throw new RangeError(
          `lstm-ts wasm backend: out of WebAssembly memory (needs ${end} bytes, the limit is 2 GiB); use smaller batches or setBackend('js')`,
        );
      }
    }
    this.top = end;
    return ptr;
  }

  /** Room for n float32 values; the contents are whatever was there before. */
  alloc(n: number): number {
    return this.allocBytes(n * 4);
  }

  /** Room for n float32 values, zeroed. */
  allocZeroed(n: number): number {
    const ptr = this.alloc(n);
    this.f32().fill(0, ptr >> 2, (ptr >> 2) + n);
    return ptr;
  }

  /** Room for `data`, with `data` copied in. */
  put(data: ArrayLike<number>): number {
    const ptr = this.alloc(data.length);
    this.f32().set(data, ptr >> 2);
    return ptr;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = Math.max(this.floor, mark);
  }

  /** A float32 view of the whole memory (renewed after the memory grows). */
  f32(): Float32Array<ArrayBufferLike> {
    if (this.view.buffer !== this.memory.buffer || this.view.byteLength !== this.memory.buffer.byteLength) {
      this.view = new Float32Array(this.memory.buffer);
    }
    return this.view;
  }

  /** A copy of n floats at ptr, in a fresh Float32Array. */
  read(ptr: number, n: number): Float32Array {
    return this.f32().slice(ptr >> 2, (ptr >> 2) + n);
  }
}
