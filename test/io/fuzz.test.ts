/**
 * Seeded fuzzing of every model-file reader on real model files (see fuzzRunner.ts for the
 * mutations). Each run is a child process with a fixed seed and case count, so CI replays
 * the same cases every time; it must finish in time (no hang), exit 0 (no crash, no error
 * other than our named ones, no changed weights from a CRC-checked archive), keep each case
 * under a few seconds and stay under the stated memory bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runner = fileURLToPath(new URL('./fuzzRunner.ts', import.meta.url));

/** Peak resident memory a whole run may reach, Node and tsx included (they take ~130 MB). */
const MAX_RSS_MB = 512;
/** The slowest single case; every case takes well under 200 ms on the project's machine. */
const MAX_CASE_MS = 5000;

const RUNS = [
  { target: 'keras3-komei', what: 'Keras 3 .keras archive (komei housing LSTM)', seed: 101, cases: 300 },
  { target: 'keras2-dotres', what: 'Keras 2.2.4 .h5 (dotres ECG LSTM)', seed: 102, cases: 300 },
  { target: 'keras1-eco', what: 'Keras 1 .h5.json + weights .h5 (eco char LSTM)', seed: 103, cases: 300 },
  { target: 'safetensors', what: 'PyTorch safetensors (stacked LSTM)', seed: 104, cases: 500 },
  { target: 'tfjs', what: 'TensorFlow.js model.json + weights.bin, read from disk', seed: 105, cases: 300 },
];

interface Summary {
  cases: number;
  loaded: number;
  refused: number;
  slowestMs: number;
  maxRssMb: number;
}

for (const run of RUNS) {
  test(`fuzz: ${run.what}: ${run.cases} mutations (seed ${run.seed}) load or fail with a named error, bounded`, (t) => {
    // A heap smaller than the memory bound: an unbounded allocation ends the child, not the machine.
    const child = spawnSync(process.execPath, ['--max-old-space-size=384', '--import', 'tsx', runner, run.target, String(run.seed), String(run.cases)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
      killSignal: 'SIGKILL',
    });
    assert.ok(!child.error, `fuzz ${run.target}: the run did not finish in 180 s (a hang?): ${child.error?.message}`);
    assert.equal(child.status, 0, `fuzz ${run.target} exited ${child.status ?? child.signal}:\n${child.stderr.slice(-3000)}`);
    const summary = JSON.parse(child.stdout.trim().split('\n').pop()!) as Summary;
    assert.equal(summary.cases, run.cases);
    assert.equal(summary.loaded + summary.refused, run.cases);
    assert.ok(summary.refused > 0, `fuzz ${run.target}: no mutation was refused, so the mutations do not reach the reader`);
    assert.ok(summary.slowestMs < MAX_CASE_MS, `fuzz ${run.target}: the slowest case took ${summary.slowestMs} ms`);
    assert.ok(summary.maxRssMb < MAX_RSS_MB, `fuzz ${run.target}: peak resident memory ${summary.maxRssMb} MB (bound ${MAX_RSS_MB} MB)`);
    t.diagnostic(`${run.target}: ${summary.loaded} loaded, ${summary.refused} refused, slowest ${summary.slowestMs} ms, peak RSS ${summary.maxRssMb} MB`);
  });
}
