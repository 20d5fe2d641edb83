/**
 * Functional models between lstm-ts and TensorFlow.js 4.22, both ways (a separate process:
 * tfjs patches globals): tfjs loads what lstm-ts saved and lstm-ts loads what tfjs saved, and
 * both predict the same within 1e-5 on every output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('functional models (initial states, shared layers, merges, masks, several inputs and outputs) go both ways with tfjs 4.22', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/functional/check_tfjs_functional.mjs'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const lines = r.stdout.split('\n').filter((l) => /^(ok|FAIL)/.test(l));
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(lines.length, 6, r.stdout);
  for (const direction of ['lstm-ts->tfjs', 'tfjs->lstm-ts']) {
    for (const name of ['encoder_decoder', 'gru_merge', 'masked_tokens']) {
      const line = lines.find((l) => l.startsWith(`ok ${direction} ${name} `));
      assert.ok(line, `${direction} ${name}:\n${r.stdout}`);
      const err = Number(line.split(' ')[3]);
      assert.ok(err < 1e-5, line);
    }
  }
  // tfjs's loader rebuilt every layer, and ours came back as a functional model.
  assert.match(r.stdout, /ok lstm-ts->tfjs encoder_decoder \S+ outputs=2 layers=7/);
  assert.match(r.stdout, /ok tfjs->lstm-ts encoder_decoder \S+ outputs=2 class=LayersModel/);
});
