/**
 * Scratch memory inside the WebAssembly memory: a bump allocator with marks. A kernel call
 * takes a mark, allocates what it needs, copies results out to ordinary typed arrays and
 * releases the mark, so nothing the caller holds points into WebAssembly memory and nothing
 * needs freeing. The memory only grows, and the high-water mark is reused by later calls.
 *
 * The one exception is a pin: a forward pass may leave its cache where it is for the backward
 * pass (see pin()).
 */
const PAGE_BYTES = 65536;
const ALIGN = 64;
/** Most bytes kept pinned at once; a forward pass beyond it copies its cache out instead. */
const PIN_LIMIT = 512 * 1024 * 1024;

/** A region kept allocated past the releases of later marks, until unpin(). */
export interface Pin {
  readonly start: number;
  readonly end: number;
  live: boolean;
}

export class WasmArena {
  private top: number;
  private floor: number;
  private view: Float32Array<ArrayBufferLike>;
  /** Pins in the order they were made; dead ones stay until every pin above them is dead. */
  private readonly pins: Pin[] = [];
  private pinnedBytes = 0;
  /** Most bytes kept pinned at once (tests lower it to exercise the copying path). */
  pinLimit = PIN_LIMIT;
  /** Unpins a region whose owner was garbage-collected before its backward pass ran. */
  private readonly orphans = new FinalizationRegistry<Pin>((pin) => this.unpinOrphan(pin));

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
    const pinnedTop = this.pins.length > 0 ? this.pins[this.pins.length - 1]!.end : this.floor;
    this.top = Math.max(this.floor, pinnedTop, mark);
  }

  /**
   * Keeps [start, top) allocated after the caller releases its marks, until unpin(): a
   * forward pass leaves its cache in place for the backward pass, instead of copying it out
   * and back in (which took time and left every byte in the calling thread's cache, away from
   * the worker that reads half of it). Returns null, pinning nothing, when that would keep
   * more than pinLimit bytes. `owner` is the object holding the pointers: if it is
   * garbage-collected with the pin still live (a recorded forward whose backward never ran),
   * the pin goes with it.
   */
  pin(start: number, owner: object): Pin | null {
    const bytes = this.top - start;
    if (this.pinnedBytes + bytes > this.pinLimit) return null;
    const pin: Pin = { start, end: this.top, live: true };
    this.pins.push(pin);
    this.pinnedBytes += bytes;
    this.orphans.register(owner, pin, pin);
    return pin;
  }

  /**
   * Ends a pin. Call it with no allocation of the caller's still in use (after releasing its
   * own mark): memory above the lowest pin freed here is reused from then on.
   */
  unpin(pin: Pin): void {
    if (!pin.live) return;
    this.orphans.unregister(pin);
    pin.live = false;
    this.pinnedBytes -= pin.end - pin.start;
    let lowest = -1;
    while (this.pins.length > 0 && !this.pins[this.pins.length - 1]!.live) lowest = this.pins.pop()!.start;
    if (lowest >= 0) this.release(Math.min(this.top, lowest));
  }

  /** Finalizers run between tasks, when no kernel call holds scratch memory. */
  private unpinOrphan(pin: Pin): void {
    this.unpin(pin);
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
