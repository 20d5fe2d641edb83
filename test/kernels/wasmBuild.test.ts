/**
 * The committed WebAssembly (src/kernels/wasm/generated/kernelsWasm.ts) is exactly what the
 * AssemblyScript sources build: the build is reproducible and nobody edited the output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('npm run build:wasm reproduces the committed kernels byte for byte', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /match the sources/);
});
