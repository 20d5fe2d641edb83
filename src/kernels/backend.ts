/**
 * Which engine runs the float32 kernels: 'wasm' (WebAssembly SIMD, threads where memory can
 * be shared; the default wherever SIMD exists) or 'js' (the plain TypeScript kernels, the
 * fallback). float64 tensors always use the TypeScript kernels, and setKernelVariant
 * ('reference') in kernels/dispatch.ts still overrides both for tests.
 */
import { wasmRuntime, wasmUnavailableReason, type WasmRuntime } from './wasm/runtime.js';
import { resizePool, waitForWorkers } from './wasm/threadPool.js';
import { adaptiveThreadsOn, setAdaptiveThreads, threadChooser } from './wasm/adaptiveThreads.js';

/**
 * The kernel engine: 'wasm' (WebAssembly SIMD, the default where it exists) or 'js' (plain
 * TypeScript, everywhere).
 * @example setBackend('js')
 */
export type Backend = 'js' | 'wasm';

let chosen: Backend | undefined;
let threadsWanted: number | undefined;

function defaultThreadCount(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return os?.availableParallelism?.() ?? 1;
}

/**
 * Selects the engine for float32 work.
 * @example setBackend('js'); // pure TypeScript kernels everywhere
 */
export function setBackend(name: Backend): void {
  if (name !== 'js' && name !== 'wasm') {
    throw new Error(`setBackend: argument 'name' expected 'js' or 'wasm', got ${JSON.stringify(name)}`);
  }
  if (name === 'wasm' && !wasmRuntime()) {
    throw new Error(`setBackend('wasm'): ${wasmUnavailableReason()}; use setBackend('js')`);
  }
  chosen = name;
}

/**
 * The engine in use: 'wasm' by default where WebAssembly SIMD exists, else 'js'. In Node the
 * environment variable LSTM_TS_BACKEND=js|wasm sets the default (the test suite runs its
 * numeric suites once per backend this way).
 * @example
 * if (getBackend() === 'js') console.warn('no WebAssembly SIMD here: running the TypeScript kernels');
 */
export function getBackend(): Backend {
  if (chosen === undefined) {
    const fromEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['LSTM_TS_BACKEND'];
    if (fromEnv !== undefined && fromEnv !== '') setBackend(fromEnv as Backend);
    else chosen = wasmRuntime() ? 'wasm' : 'js';
  }
  return chosen!;
}

/**
 * Sets how many threads the wasm backend uses (the calling thread included), exactly. By
 * default there is one per core and the recurrent layers choose, call by call, between one
 * thread and all of them, whichever runs faster on the machine as it is (all threads on a quiet
 * machine, one beside another busy process); setNumThreads turns that choice off. Has no effect where memory cannot be shared (a browser page that is not
 * cross-origin isolated): everything then runs on the calling thread.
 * @example setNumThreads(1); // deterministic single-threaded timing
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 61) {
    throw new Error(`setNumThreads: argument 'n' expected an integer from 1 to 61, got ${n}`);
  }
  threadsWanted = n;
  // A count the user chose is used as it is, on every call (no run-time adaptation).
  setAdaptiveThreads(false);
  const rt = wasmRuntime();
  if (rt && rt.sharedMemory) resizePool(rt, n - 1);
}

/**
 * Threads the wasm backend uses, the calling thread included (1 without shared memory).
 * @example
 * getNumThreads() // 2
 */
export function getNumThreads(): number {
  const rt = wasmRuntime();
  if (!rt || !rt.sharedMemory) return 1;
  return threadsWanted ?? defaultThreadCount();
}

/** What the wasm backend found in this engine. */
export interface BackendInfo {
  /** The engine in use. */
  backend: Backend;
  /** Whether the engine runs WebAssembly SIMD. */
  simd: boolean;
  /** Whether relaxed SIMD (fused multiply-add) instructions are used. */
  relaxedSimd: boolean;
  /** Threads available to the kernels (1 without shared memory). */
  threads: number;
  /** Threads the most recent recurrent-layer call ran with (`threads` before any call). */
  threadsInUse: number;
  /** Whether each call chooses between one thread and `threads` at run time (the default, until setNumThreads). */
  adaptiveThreads: boolean;
  /** Whether SharedArrayBuffer is available, which threads need. */
  sharedMemory: boolean;
  /** Why wasm is unavailable ('' when it is available). */
  unavailableReason: string;
}

/**
 * The active backend and the WebAssembly features behind it.
 * @example
 * backendInfo() // { backend: 'wasm', simd: true, relaxedSimd: false, threads: 2, threadsInUse: 2, adaptiveThreads: true, sharedMemory: true, unavailableReason: '' }
 */
export function backendInfo(): BackendInfo {
  const rt = wasmRuntime();
  return {
    backend: getBackend(),
    simd: rt !== null,
    relaxedSimd: rt?.relaxedSimd ?? false,
    threads: getNumThreads(),
    threadsInUse: threadChooser.lastThreads || getNumThreads(),
    adaptiveThreads: adaptiveThreadsOn() && getNumThreads() > 1,
    sharedMemory: rt?.sharedMemory ?? false,
    unavailableReason: wasmUnavailableReason(),
  };
}

/**
 * Starts the default-sized worker pool the first time it is needed (setNumThreads starts its
 * own); returns the threads in use.
 */
function startPool(rt: WasmRuntime): number {
  const threads = getNumThreads();
  if (threadsWanted === undefined && rt.sharedMemory) {
    threadsWanted = threads;
    resizePool(rt, threads - 1);
  }
  return threads;
}

/**
 * The runtime for a float32 kernel call, with the thread pool started, or null when the js
 * backend is selected (or wasm is missing).
 */
export function activeWasm(): { rt: WasmRuntime; threads: number } | null {
  if (getBackend() !== 'wasm') return null;
  const rt = wasmRuntime();
  if (!rt) return null;
  return { rt, threads: startPool(rt) };
}

/**
 * Resolves once the wasm backend's worker threads have started (they start in the
 * background; until then the calling thread does all the work). Returns the threads ready.
 * @example await whenThreadsReady(); // before timing anything
 */
export async function whenThreadsReady(timeoutMs = 10000): Promise<number> {
  const rt = wasmRuntime();
  if (!rt || !rt.sharedMemory) return 1;
  const threads = startPool(rt);
  return 1 + (await waitForWorkers(rt, threads - 1, timeoutMs));
}
