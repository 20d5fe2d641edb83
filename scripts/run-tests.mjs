#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner (TypeScript via tsx).
// Node 20's --test does not expand globs, so we list the files here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv.slice(2);
const files = readdirSync(join(root, 'test'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)))
  .sort()
  .map((f) => join('test', f));
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
function runNodeTest(list, env) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...list],
    { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } },
  ).status ?? 1;
}

// Everything runs on the default backend (wasm where WebAssembly SIMD exists). A full run
// then repeats the numeric suites on the plain TypeScript kernels, so both backends are held
// to the same fixtures, gradient checks and learning tests.
const first = runNodeTest(files, {});
let second = 0;
if (filter.length === 0 || process.env.LSTM_TS_BOTH_BACKENDS === '1') {
  const numeric = files.filter((f) => /^test\/(layers|models|kernels|ops|losses|optimizers|learning)\//.test(f));
  console.log(`\nrun-tests: the numeric suites again on setBackend('js') (${numeric.length} files)\n`);
  second = runNodeTest(numeric, { LSTM_TS_BACKEND: 'js' });
}
process.exit(first !== 0 ? first : second);
