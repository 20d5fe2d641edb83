/** Loading reference fixtures and comparing numbers with a tolerance. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Reads `test/fixtures/oracle/<name>.json` (a copy of ../shared/oracle; see its SOURCE.md). Fails loudly if missing. */
export function loadOracle<T = any>(name: string): T {
  const path = `${repoRoot}test/fixtures/oracle/${name}.json`;
  assert.ok(existsSync(path), `oracle fixture missing: ${path}`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Reads `test/fixtures/torch/<name>.json` written by generate_torch_fixtures.py. */
export function loadTorchFixture<T = any>(name: string): T {
  const path = `${repoRoot}test/fixtures/torch/${name}.json`;
  assert.ok(existsSync(path), `torch fixture missing: ${path} (run npm run fixtures)`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Flattens nested number arrays. */
export function flat(values: unknown): number[] {
  if (typeof values === 'number') return [values];
  if (ArrayBuffer.isView(values)) return Array.from(values as unknown as ArrayLike<number>);
  if (Array.isArray(values)) return values.flatMap((v) => flat(v));
  throw new Error(`flat: not numbers: ${typeof values}`);
}

/**
 * Asserts |a - e| <= atol + rtol * |e| everywhere and equal lengths.
 * Returns the largest absolute difference.
 */
export function assertClose(actual: unknown, expected: unknown, label: string, rtol = 1e-5, atol = 1e-6): number {
  const a = flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `${label}: length ${a.length} vs expected ${e.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - e[i]!);
    worst = Math.max(worst, diff);
    if (!(diff <= atol + rtol * Math.abs(e[i]!))) {
      assert.fail(`${label}: index ${i}: got ${a[i]}, expected ${e[i]} (diff ${diff})`);
    }
  }
  return worst;
}
