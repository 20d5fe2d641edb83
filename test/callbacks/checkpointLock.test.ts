/**
 * One writer per checkpoint directory: concurrent writers in one process and in two processes
 * get an error naming the process that holds the directory (never a raw ENOENT from the other's
 * cleanup), a lock left by a killed process is taken over, and a directory holding files that
 * are not a checkpoint's is never replaced (its files would be deleted with the old copy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../io/helpers.js';
import { checkpointModel, loadNumbered } from '../io/fixtures/checkpointModel.js';

const { saveNumbered: save } = checkpointModel();

test('concurrent checkpoint writers in one process: one writes, the others are told the directory is in use', async () => {
  const ckpt = join(tempDir(), 'ckpt');
  await save(ckpt, 1);
  const outcomes = await Promise.allSettled([2, 3, 4].map((k) => save(ckpt, k)));
  const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  assert.ok(refused.length >= 1, 'three writers at once: at least one must wait its turn');
  for (const r of refused) {
    assert.match(
      (r.reason as Error).message,
      new RegExp(`^saveCheckpoint: checkpoint directory '${ckpt}' is in use by process ${process.pid} \\(this process: an earlier save into it has not finished\\)`),
    );
  }
  assert.ok((await loadNumbered(ckpt)) >= 2);
  assert.deepEqual(readdirSync(dirname(ckpt)), ['ckpt'], 'no lock or copies left behind');
});

const here = dirname(fileURLToPath(import.meta.url));
const childScript = join(here, '..', 'io', 'fixtures', 'checkpointLoop.ts');

test('two processes checkpointing into one directory: the second is refused by name, never a raw ENOENT; a killed holder\'s lock is taken over', async () => {
  const ckpt = join(tempDir(), 'ckpt');
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ckpt], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`checkpoint loop exited with ${code}: ${stderr}`)));
    });
    let refused = 0;
    let written = 0;
    const until = Date.now() + 400;
    for (let k = 1000; Date.now() < until || refused === 0; k++) {
      try {
        await save(ckpt, k);
        written++;
      } catch (e) {
        assert.match((e as Error).message, new RegExp(`^saveCheckpoint: checkpoint directory '${ckpt}' is in use by process ${child.pid} since `), (e as Error).message);
        refused++;
      }
      if (Date.now() > until + 5000) break;
    }
    assert.ok(refused > 0, `the other process held the directory at least once (${written} saves got through)`);
  } finally {
    child.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL', `the other process failed on its own: ${stderr}`);
  // Killed, perhaps holding the lock: its pid is dead, so the lock is stale and taken over.
  await save(ckpt, 2000);
  assert.equal(await loadNumbered(ckpt), 2000);
  assert.deepEqual(readdirSync(dirname(ckpt)), ['ckpt'], 'the stale lock and the killed save\'s copies are gone');
});

test('a lock held by a live process on this host is not taken over; one from another host is reported with its host', async () => {
  const dir = tempDir();
  const ckpt = join(dir, 'ckpt');
  const lock = join(dir, '.ckpt.lock');
  writeFileSync(lock, JSON.stringify({ pid: process.ppid, hostname: (await import('node:os')).hostname(), nonce: 'n1', since: '2024-01-01T00:00:00.000Z' }));
  await assert.rejects(save(ckpt, 1), {
    message: `saveCheckpoint: checkpoint directory '${ckpt}' is in use by process ${process.ppid} since 2024-01-01T00:00:00.000Z; wait for it to finish, or delete '${lock}' if that process is gone`,
  });
  writeFileSync(lock, JSON.stringify({ pid: 1, hostname: 'elsewhere.example', nonce: 'n2', since: '2024-01-01T00:00:00.000Z' }));
  await assert.rejects(save(ckpt, 1), /is in use by process 1 on host 'elsewhere\.example' since/);
  assert.equal(existsSync(ckpt), false);
  assert.equal(JSON.parse(readFileSync(lock, 'utf8')).nonce, 'n2', 'a lock that is not ours is left alone');
});

test('a checkpoint is never written over a directory holding files that are not a checkpoint\'s', async () => {
  const dir = join(tempDir(), 'runs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'data.csv'), 'precious');
  await assert.rejects(save(dir, 1), /saveCheckpoint: '.*runs' holds files that are not a checkpoint directory's \(data\.csv\); a save replaces the whole directory, so give it a directory of its own/);
  assert.equal(readFileSync(join(dir, 'data.csv'), 'utf8'), 'precious');
  assert.deepEqual(readdirSync(dirname(dir)), ['runs']);
});
