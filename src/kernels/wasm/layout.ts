/**
 * What the wasm recurrent drivers (lstm.ts, gru.ts) share: moving sequence data between the
 * library's batch-major arrays and their time-major buffers, and deciding which calls they take.
 */
import type { WasmArena } from './arena.js';

/** Copies [A, Bn, F] data into wasm memory at ptr as [Bn, A, F]. */
export function putSwapped(arena: WasmArena, src: ArrayLike<number>, A: number, Bn: number, F: number): number {
  const ptr = arena.alloc(A * Bn * F);
  const mem = arena.f32();
  const base = ptr >> 2;
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < Bn; b++) {
      const from = (a * Bn + b) * F;
      const to = base + (b * A + a) * F;
      for (let f = 0; f < F; f++) mem[to + f] = src[from + f]!;
    }
  }
  return ptr;
}

/** Reads [A, Bn, F] data at ptr out as a new [Bn, A, F] array. */
export function readSwapped(arena: WasmArena, ptr: number, A: number, Bn: number, F: number): Float32Array {
  const out = new Float32Array(A * Bn * F);
  const mem = arena.f32();
  const base = ptr >> 2;
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < Bn; b++) {
      const from = base + (a * Bn + b) * F;
      out.set(mem.subarray(from, from + F), (b * A + a) * F);
    }
  }
  return out;
}

export function putOrZeros(arena: WasmArena, data: ArrayLike<number> | null, n: number): number {
  return data ? arena.put(data) : arena.allocZeroed(n);
}

/** The mask as [T, B] (time-major) so one step's B flags are contiguous. */
export function putMaskTimeMajor(arena: WasmArena, mask: ArrayLike<number>, B: number, T: number): number {
  return putSwapped(arena, mask, B, T, 1);
}

/** Whether any sequence has a real (unpadded) step at input time t. */
export function anyRealAt(mask: ArrayLike<number>, B: number, T: number, t: number): boolean {
  for (let b = 0; b < B; b++) if (mask[b * T + t] !== 0) return true;
  return false;
}

/**
 * Whether a recurrent kernel call fits the wasm drivers: every array float32 (null allowed
 * for the optional ones) and the default activations (tanh, sigmoid gates).
 */
export function wasmRecurrentApplies(
  x: unknown, arrays: unknown[], activation: { name: string }, recurrentActivation: { name: string },
): boolean {
  return (
    x instanceof Float32Array && arrays.every((a) => a === null || a instanceof Float32Array) &&
    activation.name === 'tanh' && recurrentActivation.name === 'sigmoid'
  );
}

/** Whether `cache` is the forward cache a wasm driver tagged with `kind`. */
export function isCacheOfKind(cache: unknown, kind: string): boolean {
  return typeof cache === 'object' && cache !== null && (cache as { kind?: unknown }).kind === kind;
}
