/**
 * The check the wasm recurrent kernel tests share: the same case run on 1, 2 and 4 threads
 * gives identical bits (each output element is always computed by one thread in the same
 * order, whichever thread and however the work is split).
 */
import assert from 'node:assert/strict';
import { setNumThreads, whenThreadsReady, backendInfo } from '../../src/kernels/backend.js';

/**
 * Runs every case on 1, 2 and 4 threads and asserts that the listed forward and gradient
 * arrays are equal bit for bit to the 1-thread run's. Returns the 4-thread runs (for a
 * comparison with the reference kernel).
 * @example await assertSameBitsOnThreads(cases, (c, n) => run(c, n, 9), ['sequence', 'hT'], ['dx'])
 */
export async function assertSameBitsOnThreads<C extends { B: number }, R extends { fwd: object; grads: object }>(
  cases: C[], run: (c: C, threads: number, index: number) => R,
  fwdKeys: string[], gradKeys: string[],
): Promise<R[]> {
  const field = (o: object, key: string): unknown => (o as Record<string, unknown>)[key];
  const byThreads: R[][] = [];
  for (const threads of [1, 2, 4]) {
    setNumThreads(threads);
    assert.equal(await whenThreadsReady(), threads, `${threads} threads started`);
    byThreads.push(cases.map((c, i) => run(c, threads, i)));
  }
  setNumThreads(backendInfo().threads);
  for (const [t, runs] of byThreads.entries()) {
    for (const [i, one] of runs.entries()) {
      const base = byThreads[0]![i]!;
      const at = `B ${cases[i]!.B}, threads ${[1, 2, 4][t]}`;
      for (const key of fwdKeys) assert.deepEqual(field(one.fwd, key), field(base.fwd, key), `${at} ${key}`);
      for (const key of gradKeys) assert.deepEqual(field(one.grads, key), field(base.grads, key), `${at} ${key}`);
    }
  }
  return byThreads[2]!;
}
