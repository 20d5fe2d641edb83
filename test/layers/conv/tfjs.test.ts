/** Conv1D, the 1-D poolings and BatchNormalization against real TensorFlow.js 4.22, both ways (a separate process: tfjs patches globals). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

test('TensorFlow.js 4.22 loads our conv/pooling/batch-norm models, we load its, predictions agree and our configs have its keys', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/layers/conv/check_conv_in_tfjs.mjs'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => /^(ok|FAIL)/.test(l));
  assert.equal(lines.length, 15, r.stdout);
  assert.ok(lines.every((l) => l.startsWith('ok')), r.stdout);
});
