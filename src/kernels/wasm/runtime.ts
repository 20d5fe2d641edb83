/**
 * Loads the WebAssembly kernels once, choosing the best build the engine accepts:
 * relaxed SIMD (fused multiply-add) before plain SIMD, shared memory with threads before a
 * single-threaded build. Node 20 keeps relaxed SIMD behind a V8 flag, which may be set at run
 * time as long as it happens before the module is compiled, so we set it here first.
 * Returns null where WebAssembly SIMD is missing; the TypeScript kernels then run everything.
 */
import { kernelsWasmBase64 } from './generated/kernelsWasm.js';
import type { KernelExports } from './exports.js';
import { WasmArena } from './arena.js';

export interface WasmRuntime {
  exports: KernelExports;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Fused multiply-add build (relaxed SIMD). */
  relaxedSimd: boolean;
  /** Shared memory: worker threads can join. */
  sharedMemory: boolean;
  /** Address of the job control block (see assembly/control.ts). */
  control: number;
  arena: WasmArena;
}

/** Pages of 64 KiB; the maximum matches the builds' --maximumMemory (2 GiB). */
const INITIAL_PAGES = 32;
const MAXIMUM_PAGES = 32768;
const CONTROL_BYTES = 4096;

let runtime: WasmRuntime | null | undefined;
let failure = '';

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

interface NodeProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

function enableRelaxedSimdFlagInNode(): void {
  const proc = (globalThis as { process?: NodeProcessLike }).process;
  const v8 = proc?.getBuiltinModule?.('node:v8') as { setFlagsFromString?: (flag: string) => void } | undefined;
  v8?.setFlagsFromString?.('--experimental-wasm-relaxed-simd');
}

/** Whether this context may share memory with workers (SharedArrayBuffer exists and works). */
function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

function instantiate(bytes: Uint8Array<ArrayBuffer>, shared: boolean, relaxed: boolean): WasmRuntime {
  const module = new WebAssembly.Module(bytes);
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as KernelExports;
  const arena = new WasmArena(memory, exports.heapBase());
  const control = arena.allocBytes(CONTROL_BYTES);
  new Uint8Array(memory.buffer, control, CONTROL_BYTES).fill(0);
  arena.setFloor();
  exports.setControl(control);
  return { exports, module, memory, relaxedSimd: relaxed, sharedMemory: shared, control, arena };
}

export type WasmBuildName = keyof typeof kernelsWasmBase64;

/**
 * A fresh runtime on one particular build, whatever the engine would choose (tests use it to
 * hold every build to the reference). Throws if the engine rejects the build.
 */
export function instantiateBuild(name: WasmBuildName): WasmRuntime {
  const shared = name === 'simdThreads' || name === 'relaxedThreads';
  const relaxed = name === 'relaxed' || name === 'relaxedThreads';
  if (relaxed) enableRelaxedSimdFlagInNode();
  return instantiate(decode(kernelsWasmBase64[name]), shared, relaxed);
}

/** The loaded kernels, or null when this engine has no WebAssembly SIMD. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (typeof WebAssembly === 'undefined') {
    failure = 'WebAssembly is not available';
    return null;
  }
  const builds = {
    simd: decode(kernelsWasmBase64.simd),
    relaxed: decode(kernelsWasmBase64.relaxed),
    simdThreads: decode(kernelsWasmBase64.simdThreads),
    relaxedThreads: decode(kernelsWasmBase64.relaxedThreads),
  };
  if (!WebAssembly.validate(builds.simd)) {
    failure = 'this engine does not support WebAssembly SIMD';
    return null;
  }
  if (!WebAssembly.validate(builds.relaxed)) enableRelaxedSimdFlagInNode();
  const relaxed = WebAssembly.validate(builds.relaxed);
  const shared = canShareMemory() && WebAssembly.validate(builds.simdThreads);
  const order: Array<[Uint8Array<ArrayBuffer>, boolean, boolean]> = [];
  if (shared && relaxed) order.push([builds.relaxedThreads, true, true]);
  if (shared) order.push([builds.simdThreads, true, false]);
  if (relaxed) order.push([builds.relaxed, false, true]);
  order.push([builds.simd, false, false]);
  const errors: string[] = [];
  for (const [bytes, sharedMemory, relaxedSimd] of order) {
    try {
      runtime = instantiate(bytes, sharedMemory, relaxedSimd);
      return runtime;
    } catch (err) {
      // e.g. a shared memory refused by the page; try the next build.
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  failure = `no WebAssembly build could be instantiated: ${errors.join('; ')}`;
  return null;
}

/** Why wasmRuntime() returned null ('' if it did not). */
export function wasmUnavailableReason(): string {
  wasmRuntime();
  return failure;
}
