/**
 * Child-process entry: runs one job and prints `@@BENCH_RESULT {json}` on stdout.
 *   node --expose-gc --import tsx bench/worker.ts JOB.json
 *   node --import tsx bench/worker.ts --gemm-info      (lstm-ts's own matrix-product GFLOP/s)
 */
import { readFileSync } from 'node:fs';
import { RESULT_MARKER, median, type JobResult, type JobSpec } from './common.js';

type Gemm = typeof import('../src/kernels/fast/gemm.js').gemm;

/** Median GFLOP/s of one n x n x n float32 product. */
function gemmGflops(gemm: Gemm, n: number): number {
  const a = new Float32Array(n * n).map(() => Math.random());
  const b = new Float32Array(n * n).map(() => Math.random());
  const c = new Float32Array(n * n);
  const reps = Math.max(3, Math.round(4e9 / (2 * n ** 3)));
  for (let i = 0; i < 2; i++) gemm(false, false, n, n, n, a, 0, b, 0, c, 0, false);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    gemm(false, false, n, n, n, a, 0, b, 0, c, 0, false);
    times.push(performance.now() - t0);
  }
  return Math.round((2 * n ** 3) / (median(times) / 1000) / 1e8) / 10;
}

/** lstm-ts's own products: the TypeScript one, and the wasm one on 1 and 2 threads. */
async function gemmInfo(): Promise<Record<string, number>> {
  const backend = await import('../src/kernels/backend.js');
  const { gemm: gemmJs } = await import('../src/kernels/fast/gemm.js');
  const { gemm: gemmAny } = await import('../src/kernels/gemm.js');
  const engines: [string, Gemm, number][] = [['js', gemmJs, 1], ['wasm', gemmAny, 1], ['wasm', gemmAny, 2]];
  const out: Record<string, number> = {};
  for (const [engine, gemm, threads] of engines) {
    if (engine === 'wasm') {
      backend.setNumThreads(threads);
      await backend.whenThreadsReady();
    }
    for (const n of [256, 512, 1024]) out[`${engine} ${n}x${n} ${threads}t`] = gemmGflops(gemm, n);
  }
  return out;
}

async function runJob(job: JobSpec): Promise<JobResult> {
  switch (job.runner) {
    case 'lstm-ts:wasm':
    case 'lstm-ts:fast':
    case 'lstm-ts:reference':
      return (await import('./peers/lstmTs.js')).runLstmTs(job);
    case 'tfjs:cpu':
    case 'tfjs:wasm':
      return (await import('./peers/tfjs.js')).runTfjs(job);
    case 'brain.js':
      return (await import('./peers/brain.js')).runBrain(job);
    case 'onnxruntime':
      return (await import('./peers/onnx.js')).runOnnx(job);
    case 'lstm-ts:onnxruntime':
      return (await import('./peers/onnxPredict.js')).runOnnxPredict(job);
    default:
      return { ok: false, reason: `runner ${job.runner} is not a Node runner` };
  }
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  let result: unknown;
  try {
    if (arg === '--gemm-info') result = { ok: true, gemmGflops: await gemmInfo() };
    else result = await runJob(JSON.parse(readFileSync(arg!, 'utf8')) as JobSpec);
  } catch (e) {
    result = { ok: false, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
  // Some peers keep worker threads alive; the result is out, so leave now.
  process.exit(0);
}

void main();
