/**
 * The targets table of BENCHMARKS.md (bench/targets.ts), on rows shaped like a real run's:
 * each target compares against the peer's faster thread count and says met or not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peakGemmGflops, targetsTable } from '../../bench/targets.js';
import type { Measured } from '../../bench/report.js';
import type { RunnerId } from '../../bench/common.js';
import { charLm, largeInference, latency, timeSeries } from '../../bench/workloads.js';

function row(workload: Measured['workload'], runner: RunnerId, threads: number, ms: number, baseline = false): Measured {
  return { workload, runner, threads, label: runner, baseline, result: { ok: true, samplesMs: [ms, ms, ms] }, load1: 1 };
}

test('targets: ratios from the same run, against each peer\'s faster thread count', () => {
  const [w1, w1gru, w2, w3, w4] = [charLm('lstm'), charLm('gru'), timeSeries(), largeInference(), latency()];
  const rows = [
    row(w1, 'lstm-ts:wasm', 2, 64.0, true), row(w1, 'tfjs:wasm', 1, 2292), row(w1, 'torch', 1, 43.3), row(w1, 'torch', 2, 65.5),
    row(w1gru, 'lstm-ts:wasm', 2, 50.0, true), row(w1gru, 'torch', 1, 55.0), row(w1gru, 'torch', 2, 70.0),
    row(w2, 'lstm-ts:wasm', 2, 3.07, true), row(w2, 'tfjs:wasm', 1, 80.7), row(w2, 'torch', 1, 5.2),
    row(w3, 'lstm-ts:wasm', 2, 182, true), row(w3, 'onnxruntime', 1, 118), row(w3, 'onnxruntime', 2, 174),
    row(w3, 'lstm-ts:onnxruntime', 1, 123), row(w3, 'lstm-ts:onnxruntime', 2, 179),
    row(w4, 'lstm-ts:wasm', 2, 0.158, true), row(w4, 'onnxruntime', 1, 0.132), row(w4, 'onnxruntime', 2, 0.107),
  ];
  const table = targetsTable(rows, 90);
  const line = (prefix: string) => table.find((l) => l.startsWith(`| ${prefix}`))!;
  assert.match(line('W1: lstm-ts at least 25× tfjs'), /35\.8× .*\| yes \| [\d.]+× .*\|$/);
  // PyTorch's faster row is its 1-thread one: 43.3 / 64.0 = 0.677.
  // W1 is 4.33 GFLOP, of which lstm-ts does 3.56 (its input projection runs over the 96
  // distinct tokens, not 2,048 positions): 39.6 ms at 90 GFLOP/s, so 43.3 / 39.6 = 1.09 is the
  // most it allows.
  assert.ok(Math.abs(w1.lstmTsFlopsPerIter! / 1e9 - 3.561) < 0.001, `W1 arithmetic of lstm-ts: ${w1.lstmTsFlopsPerIter}`);
  assert.match(line('W1: lstm-ts at least 1× PyTorch'), /0\.677× \(64\.0 vs 43\.3 ms, 1 thread\) \| \*\*no\*\* \| 1\.09× \(39\.6 ms at 90\.0 GFLOP\/s\) \|$/);
  // 55.0 / 50.0 = 1.10.
  assert.match(line('W1-GRU: lstm-ts at least 1× PyTorch'), /1\.10× \(50\.0 vs 55\.0 ms, 1 thread\) \| yes \| [\d.]+× .*\|$/);
  // 80.7 / 3.07 = 26.3: short of 35.
  assert.match(line('W2: lstm-ts at least 35× tfjs'), /26\.3× .*\| \*\*no\*\* \| [\d.]+× .*\|$/);
  assert.match(line('W2: lstm-ts at least 0.7× PyTorch'), /1\.69× .*\| yes \| [\d.]+× .*\|$/);
  // 16.8 GFLOP in 182 ms.
  assert.match(line('W3: at least'), /^\| W3: at least 60 GFLOP\/s \| 92\.\d GFLOP\/s .*\| yes \| – \|$/);
  // The predictor's faster row (1 thread, 123 ms) against onnxruntime at the same count (118 ms).
  assert.match(line("W3: lstm-ts's onnxPredictor"), /1\.04× its time \(123 vs 118 ms, 1 thread\) \| yes \| – \|$/);
  // onnxruntime's faster row is its 2-thread one: 0.158 / 0.107 = 1.48.
  assert.match(line('W4'), /1\.48× its time \(0\.158 vs 0\.107 ms, 2 threads\) \| yes \| – \|$/);
});

test('targets: a missing row is said, not counted as met', () => {
  const table = targetsTable([row(charLm('lstm'), 'lstm-ts:wasm', 2, 60, true)]);
  assert.match(table.find((l) => l.includes('W1: lstm-ts at least 25×'))!, /a row is missing from this run \| – \| – \|$/);
  assert.match(table.find((l) => l.startsWith('| W3'))!, /a row is missing/);
});

test('peakGemmGflops takes the fastest multi-thread wasm product', () => {
  const peak = peakGemmGflops({ 'js 512x512 1t': 5.8, 'wasm 512x512 1t': 52.8, 'wasm 256x256 2t': 81.4, 'wasm 1024x1024 2t': 90.1 });
  assert.equal(peak, 90.1);
  assert.ok(Number.isNaN(peakGemmGflops(null)));
});
