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

function isNode(): boolean {
  return typeof (globalThis as { process?: NodeProcessLike }).process?.getBuiltinModule === 'function';
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
  // Node's threads may block in Atomics.wait (a browser's main thread may not): waiting for a
  // worker then leaves its core free rather than spinning on it (see assembly/threads.ts).
  if (shared) exports.setCallerMayBlock(isNode() ? 1 : 0);
  return { exports, module, memory, relaxedSimd: relaxed, sharedMemory: shared, control, arena };
}

export type WasmBuildName = keyof typeof kernelsWasmBase64;

/** What each build needs from the engine. */
const BUILDS: Record<WasmBuildName, { sharedMemory: boolean; relaxedSimd: boolean }> = {
  simd: { sharedMemory: false, relaxedSimd: false },
  relaxed: { sharedMemory: false, relaxedSimd: true },
  simdThreads: { sharedMemory: true, relaxedSimd: false },
  relaxedThreads: { sharedMemory: true, relaxedSimd: true },
};

const decoded = new Map<WasmBuildName, Uint8Array<ArrayBuffer>>();

/** A build's bytes, decoded from base64 on first use only. */
function buildBytes(name: WasmBuildName): Uint8Array<ArrayBuffer> {
  let bytes = decoded.get(name);
  if (!bytes) {
    bytes = decode(kernelsWasmBase64[name]);
    decoded.set(name, bytes);
  }
  return bytes;
}

/**
 * A fresh runtime on one particular build, whatever the engine would choose (tests use it to
 * hold every build to the reference). Throws if the engine rejects the build.
 */
export function instantiateBuild(name: WasmBuildName): WasmRuntime {
  const { sharedMemory, relaxedSimd } = BUILDS[name];
  if (relaxedSimd) enableRelaxedSimdFlagInNode();
  return instantiate(buildBytes(name), sharedMemory, relaxedSimd);
}

/** The loaded kernels, or null when this engine has no WebAssembly SIMD. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (typeof WebAssembly === 'undefined') {
    failure = 'WebAssembly is not available';
    return null;
  }
  if (!WebAssembly.validate(buildBytes('simd'))) {
    failure = 'this engine does not support WebAssembly SIMD';
    return null;
  }
  if (!WebAssembly.validate(buildBytes('relaxed'))) enableRelaxedSimdFlagInNode();
  const relaxed = WebAssembly.validate(buildBytes('relaxed'));
  const shared = canShareMemory() && WebAssembly.validate(buildBytes('simdThreads'));
  // Best first; a build the page refuses (e.g. its shared memory) falls through to the next.
  const order: WasmBuildName[] = [];
  if (shared && relaxed) order.push('relaxedThreads');
  if (shared) order.push('simdThreads');
  if (relaxed) order.push('relaxed');
  order.push('simd');
  const errors: string[] = [];
  for (const name of order) {
    try {
      runtime = instantiateBuild(name);
      return runtime;
    } catch (err) {
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
