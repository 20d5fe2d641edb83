/**
 * What a wasm recurrent forward pass saves for its backward pass, and where it keeps it: in
 * WebAssembly memory, pinned (see arena.ts), so that backward reads it in place; or, when the
 * pin limit is reached, copied out to ordinary typed arrays and put back in by backward.
 */
import type { Pin, WasmArena } from './arena.js';

export interface SavedCache<K extends string> {
  /** While live, the saved buffers are still at `at` in wasm memory. */
  pin: Pin | null;
  at: Record<K, number>;
  /** The saved buffers copied out, when the forward pass could not pin them. */
  copied: Record<K, Float32Array> | null;
}

/**
 * Ends a forward pass that saves `at` (pointers, with their lengths in floats): pins
 * everything the pass allocated since `mark` for the backward pass, or copies the saved
 * buffers out when that would pass the pin limit. `cache` must be the object the op keeps
 * (its collection unpins an orphan).
 */
export function keepSaved<K extends string>(arena: WasmArena, mark: number, cache: SavedCache<K>, lengths: Record<K, number>): void {
  cache.pin = arena.pin(mark, cache);
  if (cache.pin) return;
  const copied = {} as Record<K, Float32Array>;
  for (const key of Object.keys(lengths) as K[]) copied[key] = arena.read(cache.at[key], lengths[key]);
  cache.copied = copied;
}

/** Pointers to the saved buffers for a backward pass: where they are pinned, or copied back in. */
export function savedPointers<K extends string>(arena: WasmArena, cache: SavedCache<K>): Record<K, number> {
  if (cache.pin?.live) return cache.at;
  const copied = cache.copied;
  if (!copied) throw new Error('lstm-ts: this recurrent forward pass has already been differentiated once; run it again');
  const at = {} as Record<K, number>;
  for (const key of Object.keys(copied) as K[]) at[key] = arena.put(copied[key]);
  return at;
}

/** Ends a backward pass: call after releasing its own mark. */
export function releaseSaved<K extends string>(arena: WasmArena, cache: SavedCache<K>): void {
  if (cache.pin) arena.unpin(cache.pin);
}
