import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExpectedEvents } from '../fixtures/tensorboard/expected.js';
import { trainFixtureRun } from '../fixtures/tensorboard/run.js';
import { assertMatchesExpected, readRun } from './tensorBoardExpect.js';

// test/fixtures/tensorboard/logs was written by generate.ts and accepted by TensorBoard 2.21's
// own readers (scripts/check-tensorboard-events.py, see the fixture's README).
const fixture = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/tensorboard');
const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8')) as ExpectedEvents;
const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-tensorboard-fixture-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('the test reader reads the fixture TensorBoard accepted, and it holds the expected values', () => {
  assertMatchesExpected(join(fixture, 'logs'), expected);
});

test('a fresh run with the same seed writes the fixture again, byte for byte but for wall_time', async () => {
  const logDir = join(dir, 'again');
  await trainFixtureRun(logDir);
  for (const run of ['train', 'validation']) {
    const fresh = readRun(logDir, run).events;
    const old = readRun(join(fixture, 'logs'), run).events;
    assert.equal(fresh.length, old.length, `${run}: number of events`);
    fresh.forEach((e, i) => {
      assert.deepEqual(Buffer.from(e.withoutWallTime), Buffer.from(old[i]!.withoutWallTime), `${run} event ${i} (${e.tag ?? e.fileVersion})`);
    });
    // Wall times are real: increasing and recent, not a constant.
    for (let i = 1; i < fresh.length; i++) assert.ok(fresh[i]!.wallTime >= fresh[i - 1]!.wallTime);
    assert.ok(Math.abs(fresh[0]!.wallTime - Date.now() / 1000) < 600);
  }
});
