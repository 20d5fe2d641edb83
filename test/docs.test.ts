/**
 * The API reference is generated from the doc comments (`npm run docs`). typedoc.json treats
 * every warning as an error, so this fails when an exported function, class, type or field
 * has no doc comment, when the public API refers to a type the reference leaves out, or when
 * a doc link is broken.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

test('every public export is documented (typedoc with warnings as errors)', () => {
  const run = spawnSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--emit', 'none'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, `typedoc failed:\n${output.slice(-4000)}`);
});
