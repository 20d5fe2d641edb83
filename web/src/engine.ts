/**
 * What the page says about the engine: the library's backend ('wasm' with SIMD and threads
 * where the browser allows, else 'js'), how many threads it uses, and whether shared memory
 * is on (only in a cross-origin isolated page). Runs in the workers, where training happens.
 */
import { backendInfo } from '../../src/index.ts';
import type { EngineInfo } from './protocol.ts';

export function detectEngine(): EngineInfo {
  const info = backendInfo();
  return {
    backend: info.backend,
    threads: info.threads,
    wasmSimd: info.simd,
    relaxedSimd: info.relaxedSimd,
    sharedMemory: info.sharedMemory,
    hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
  };
}

/** One line for the page header. */
export function describeEngine(engine: EngineInfo): string {
  const threads = `${engine.threads} thread${engine.threads === 1 ? '' : 's'}`;
  const simd = engine.wasmSimd ? (engine.relaxedSimd ? 'WebAssembly relaxed SIMD (fused multiply-add)' : 'WebAssembly SIMD') : 'no WebAssembly SIMD';
  return `lstm-ts '${engine.backend}' backend, ${threads}, in Web Workers · ${simd} · shared memory for threads ${engine.sharedMemory ? 'available' : 'unavailable (page not cross-origin isolated)'} · ${engine.hardwareConcurrency} logical cores`;
}
