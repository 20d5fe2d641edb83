/**
 * The wasm worker threads are started from eval'd source, so they inherit the parent's Node
 * flags. Flags that change how that source is read (`--input-type=module`, which makes it an
 * ES module where `require` does not exist) must not stop the workers or crash the process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

// Two threads are asked for explicitly so the pool starts even on a one-core machine.
const script = `
import { layers, sequential, setNumThreads, whenThreadsReady, backendInfo } from ${JSON.stringify(entry)};
setNumThreads(2);
const ready = await whenThreadsReady(5000);
const model = sequential({ layers: [layers.lstm({ units: 32, inputShape: [5, 8] })] });
const x = Array.from({ length: 16 }, (_, b) => Array.from({ length: 5 }, (_, t) => Array.from({ length: 8 }, (_, i) => Math.sin(b + t + i))));
const y = model.predict(x).toArray();
console.log(JSON.stringify({ ready, shared: backendInfo().sharedMemory, rows: y.length }));
`;

// (--experimental-default-type=module would be the other such flag, but tsx, which the child
// needs to read our TypeScript, does not start under it.)
for (const flags of [['--input-type=module']]) {
  test(`worker threads start and compute under node ${flags.join(' ')}`, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', ...flags, '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, `exit ${run.status}, stderr: ${run.stderr.slice(0, 2000)}`);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as { ready: number; shared: boolean; rows: number };
    assert.equal(report.rows, 16);
    // Where memory can be shared, both threads must actually have started.
    if (report.shared) assert.equal(report.ready, 2, 'both threads ready');
  });
}
