/** Models saved by lstm-ts load in real TensorFlow.js and predict the same (a separate process: tfjs patches globals). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('TensorFlow.js loads every lstm-ts model kind and matches its predictions within 1e-5', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/io/fixtures/check_in_tfjs.mjs'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => /^(ok|FAIL)/.test(l));
  assert.equal(lines.length, 13, r.stdout);
  assert.ok(lines.every((l) => l.startsWith('ok')), r.stdout);
  assert.match(r.stdout, /gru_reset_after\s+tfjs refused/);
});
