/**
 * saveCheckpoint over a checkpoint, failing at each of its steps: a full disk (the step throws
 * ENOSPC) and a kill (the step never returns, so nothing after it runs). After each,
 * loadCheckpoint finds the complete old checkpoint or the complete new one (through the
 * `.old-*` copy when the kill fell between the two renames), and the next save succeeds and
 * leaves nothing but the checkpoint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Fault, withFault } from '../io/faultyFs.js';
import { tempDir } from '../io/helpers.js';
import { checkpointModel, loadNumbered } from '../io/fixtures/checkpointModel.js';

const { saveNumbered: save } = checkpointModel();

async function everyStep(fault: Fault): Promise<string[]> {
  const seen: string[] = [];
  for (let failAt = 1; failAt < 200; failAt++) {
    const ckpt = join(tempDir(), 'ckpt');
    await save(ckpt, 1);
    const outcome = await withFault(failAt, fault, () => save(ckpt, 2));
    if (!outcome.fired) {
      assert.equal(await loadNumbered(ckpt), 2);
      return seen;
    }
    const step = outcome.steps[failAt - 1]!;
    const at = `${fault} at step ${failAt} (${step.op} ${step.args})`;
    if (fault === 'ENOSPC' && outcome.error !== undefined) {
      const err = outcome.error as Error & { code?: string };
      assert.equal(err.code, 'ENOSPC', `${at}: ${err.message}`);
      assert.ok(err.message.includes(ckpt), `${at}: ${err.message}`);
    }
    let k: number;
    try {
      k = await loadNumbered(ckpt);
    } catch (e) {
      assert.fail(`${at}: neither checkpoint loads: ${(e as Error).message}`);
    }
    if (fault === 'ENOSPC' && outcome.error === undefined) assert.equal(k, 2, `${at}: reported success`);
    seen.push(`${failAt}:${step.op}:${k}`);
    // This process lives on, so a hung save's lock files would keep the next save out; a killed process's are stale.
    if (fault === 'hang') for (const n of readdirSync(dirname(ckpt))) if (n.startsWith('.ckpt.lock')) rmSync(join(dirname(ckpt), n));
    await save(ckpt, 3);
    assert.equal(await loadNumbered(ckpt), 3, `${at}: the next save`);
    const left = readdirSync(dirname(ckpt)).filter((n) => !(step.op === 'unlink' && n.startsWith('.ckpt.lock.') && step.args.endsWith(n)));
    assert.deepEqual(left, ['ckpt'], `${at}: the next save cleans up`);
  }
  assert.fail('the save never completed');
}

test('saveCheckpoint on a full disk: at every failing step the old or the new checkpoint loads, whole', async (t) => {
  const seen = await everyStep('ENOSPC');
  t.diagnostic(seen.join(' '));
});

test('saveCheckpoint killed at every step: the old or the new checkpoint loads, whole, and the next save cleans up', async (t) => {
  const seen = await everyStep('hang');
  t.diagnostic(seen.join(' '));
});
