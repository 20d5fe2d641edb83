/**
 * saveModel over an existing model, failing at every step it takes: a full disk (the step
 * throws ENOSPC) and a kill (the step never returns, so nothing after it runs, not even
 * cleanup). After each, the directory must load as the complete old model or the complete new
 * one, never one's weights with the other's metadata, and the files the user put there must be
 * untouched. The next save must then succeed and leave only its two files beside the user's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, setSeed, type Sequential } from '../../src/index.js';
import { loadModel, saveModel } from '../../src/io/node.js';
import { type Fault, withFault } from './faultyFs.js';
import { tempDir } from './helpers.js';
import { asSequential } from '../helpers/models.js';

/** Same architecture, different weights: a mix of two saves loads without complaint unless detected. */
function modelWithSeed(seed: number): Sequential {
  setSeed(seed);
  const model = sequential({ layers: [layers.lstm({ units: 3, inputShape: [4, 2] }), layers.dense({ units: 1 })] });
  model.build([null, 4, 2]);
  return model;
}

const models = { A: modelWithSeed(1), B: modelWithSeed(2), C: modelWithSeed(3) };
const weightsOf = (m: Sequential): number[][] => m.getWeights().map((w) => Array.from(w.data));

/** Which complete model the directory holds: its metadata names it, and its weights must be that model's. */
async function loadedName(dir: string): Promise<string> {
  const { model, extra } = await loadModel(dir);
  const name = String(extra?.['name']);
  assert.ok(name in models, `extra ${JSON.stringify(extra)}`);
  assert.deepEqual(weightsOf(asSequential(model)), weightsOf(models[name as keyof typeof models]), `model.json says ${name}, but the weights are another model's`);
  return name;
}

/** A directory holding model A and files of the user's own. */
async function prepared(): Promise<{ dir: string; userFiles: Record<string, string> }> {
  const dir = join(tempDir(), 'model');
  await saveModel(models.A, dir, { extra: { name: 'A' } });
  const userFiles = { 'vocabulary.json': '{"the":1}', 'group1-shard1of1.bin': 'tfjs weights of the user', 'notes.txt': 'mine' };
  for (const [name, text] of Object.entries(userFiles)) writeFileSync(join(dir, name), text);
  return { dir, userFiles };
}

function assertUserFiles(dir: string, userFiles: Record<string, string>, when: string): void {
  for (const [name, text] of Object.entries(userFiles)) assert.equal(readFileSync(join(dir, name), 'utf8'), text, `${name} ${when}`);
}

/** Files that are neither the model's two nor the user's. */
function strays(dir: string, userFiles: Record<string, string>): string[] {
  return readdirSync(dir).filter((n) => n !== 'model.json' && n !== 'weights.bin' && !(n in userFiles));
}

async function everyStep(fault: Fault): Promise<string[]> {
  const seen: string[] = [];
  for (let failAt = 1; failAt < 200; failAt++) {
    const { dir, userFiles } = await prepared();
    const outcome = await withFault(failAt, fault, () => saveModel(models.B, dir, { extra: { name: 'B' } }));
    if (!outcome.fired) {
      assert.equal(await loadedName(dir), 'B');
      assert.deepEqual(strays(dir, userFiles), [], 'a completed save leaves nothing of its own');
      return seen;
    }
    const step = outcome.steps[failAt - 1]!;
    const at = `${fault} at step ${failAt} (${step.op} ${step.args})`;
    if (fault === 'ENOSPC' && outcome.error === undefined) {
      // A step whose failure does not matter (making a directory durable where that is not possible) may be let go.
      assert.equal(await loadedName(dir), 'B', `${at}: the save reported success`);
    } else if (fault === 'ENOSPC') {
      const err = outcome.error as Error & { code?: string };
      assert.ok(err instanceof Error, `${at}: the save must fail`);
      assert.equal(err.code, 'ENOSPC', `${at}: the cause's code is kept: ${err.message}`);
      assert.match(err.message, /ENOSPC/, at);
      assert.ok(err.message.includes(dir), `${at}: the message names the directory: ${err.message}`);
    }
    let name: string;
    try {
      name = await loadedName(dir);
    } catch (e) {
      assert.fail(`${at}: the directory loads neither model: ${(e as Error).message}`);
    }
    seen.push(`${failAt}:${step.op}:${name}`);
    assertUserFiles(dir, userFiles, at);
    if (fault === 'hang') {
      // This process lives on, so its lock (and the lock's staging file) would keep the next
      // save out; a killed process's are stale, and are taken over (checkpointLock.test.ts).
      for (const n of readdirSync(dir)) if (n.includes('.lstm-ts-save.lock')) rmSync(join(dir, n));
    }
    await saveModel(models.C, dir, { extra: { name: 'C' } });
    assert.equal(await loadedName(dir), 'C', `${at}: the next save`);
    // A delete that failed leaves its file: the lock's staging file is cleaned up only once its
    // process is gone, and this one is not.
    const leftover = strays(dir, userFiles).filter((n) => !(step.op === 'unlink' && step.args.endsWith(n) && n.startsWith('.lstm-ts-save.lock.')));
    assert.deepEqual(leftover, [], `${at}: the next save cleans up what the interrupted one left`);
    assertUserFiles(dir, userFiles, `${at}, after the next save`);
  }
  assert.fail('the save never completed');
}

test('saveModel over a model on a full disk: at every failing step the directory holds the old model or the new one, whole', async (t) => {
  const seen = await everyStep('ENOSPC');
  t.diagnostic(seen.join(' '));
  assert.ok(seen.length >= 4);
});

test('saveModel killed at every step: the directory holds the old model or the new one, whole, and the next save cleans up', async (t) => {
  const seen = await everyStep('hang');
  t.diagnostic(seen.join(' '));
  assert.ok(seen.length >= 4);
});

test('saveModel into a new directory creates it; one it could not finish leaves no model.json', async () => {
  const dir = join(tempDir(), 'a', 'new');
  for (let failAt = 1; ; failAt++) {
    rmSync(join(dir, '..'), { recursive: true, force: true });
    const outcome = await withFault(failAt, 'ENOSPC', () => saveModel(models.B, dir, { extra: { name: 'B' } }));
    if (!outcome.fired) break;
    if (existsSync(join(dir, 'model.json'))) assert.equal(await loadedName(dir), 'B');
  }
  assert.equal(await loadedName(dir), 'B');
  assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'weights.bin']);
});
