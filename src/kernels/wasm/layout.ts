/**
 * What the wasm recurrent drivers (lstm.ts, gru.ts) share: moving sequence data between the
 * library's batch-major arrays and their time-major buffers, and deciding which calls they take.
 */
import type { WasmArena } from './arena.js';
import { activationCode } from './activationCodes.js';
import type { WasmRuntime } from './runtime.js';

/** Copies [A, Bn, F] data into wasm memory as [Bn, A, F]; returns where. */
export function putSwapped(rt: WasmRuntime, src: ArrayLike<number>, A: number, Bn: number, F: number): number {
  const arena = rt.arena;
  // Copied in as it is (one block copy), then swapped by rows inside wasm: a JS loop over the
  // elements cost about 0.4 ms per W1 batch.
  const staged = arena.put(src);
  const ptr = arena.alloc(A * Bn * F);
  rt.exports.swapRows(ptr, staged, A, Bn, F * 4);
  return ptr;
}

/** Reads [A, Bn, F] data at ptr out as a new [Bn, A, F] array. */
export function readSwapped(rt: WasmRuntime, ptr: number, A: number, Bn: number, F: number): Float32Array {
  const swapped = rt.arena.alloc(A * Bn * F);
  rt.exports.swapRows(swapped, ptr, A, Bn, F * 4);
  return rt.arena.read(swapped, A * Bn * F);
}

export function putOrZeros(arena: WasmArena, data: ArrayLike<number> | null, n: number): number {
  return data ? arena.put(data) : arena.allocZeroed(n);
}

/** The mask as [T, B] (time-major) so one step's B flags are contiguous. */
export function putMaskTimeMajor(rt: WasmRuntime, mask: ArrayLike<number>, B: number, T: number): number {
  return putSwapped(rt, mask, B, T, 1);
}

/** Whether any sequence has a real (unpadded) step at input time t. */
export function anyRealAt(mask: ArrayLike<number>, B: number, T: number, t: number): boolean {
  for (let b = 0; b < B; b++) if (mask[b * T + t] !== 0) return true;
  return false;
}

/**
 * Whether the time loop runs as one job with each thread on its own rows of the batch
 * (assembly/sequence.ts), or step by step with each thread on its own units (a batch too small
 * to give every thread four rows). One thread takes the whole loop in one call too.
 */
export function byRows(B: number, threads: number): boolean {
  return threads <= 1 || B >= 4 * threads;
}

/**
 * Whether a recurrent kernel call fits the wasm drivers: every array float32 (null allowed
 * for the optional ones) and activations the kernels have a code for (every recurrent one).
 */
export function wasmRecurrentApplies(x: unknown, arrays: unknown[], ...activations: { name: string }[]): boolean {
  return (
    x instanceof Float32Array && arrays.every((a) => a === null || a instanceof Float32Array) &&
    activations.every((a) => activationCode(a) >= 0)
  );
}

/** Whether `cache` is the forward cache a wasm driver tagged with `kind`. */
export function isCacheOfKind(cache: unknown, kind: string): boolean {
  return typeof cache === 'object' && cache !== null && (cache as { kind?: unknown }).kind === kind;
}
