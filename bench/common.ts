/**
 * Shared pieces of the benchmark: the job and result types that travel between the
 * orchestrator (`run.ts`) and the per-job child processes (`worker.ts`, `torch_bench.py`),
 * a seeded RNG, the timing loop and the statistics.
 *
 * Every measured (runner, workload) pair runs in its own fresh process so that JIT state,
 * garbage-collector heaps and peak-memory counters of one library never leak into another.
 */
import type { Workload } from './workloads.js';

/** A peer or an lstm-ts backend. New backends (e.g. WASM kernels) are new ids here. */
export type RunnerId =
  | 'lstm-ts:wasm'
  | 'lstm-ts:fast'
  | 'lstm-ts:reference'
  | 'tfjs:cpu'
  | 'tfjs:wasm'
  | 'brain.js'
  | 'onnxruntime'
  /** lstm-ts's predict on onnxruntime-node (onnxPredictor), timed beside onnxruntime's own session. */
  | 'lstm-ts:onnxruntime'
  | 'torch';

/** How many timed repetitions a job does: at least `minReps`, then more while within budget. */
export interface TimingPolicy {
  /** Untimed calls: at least `warmup`, and more until `warmupMs` have passed (JIT warm-up). */
  warmup: number;
  warmupMs: number;
  minReps: number;
  maxReps: number;
  /** Stop adding repetitions once this much time was spent on timed ones (after minReps). */
  budgetMs: number;
}

/** One unit of work for a child process. */
export interface JobSpec {
  runner: RunnerId;
  threads: number;
  workload: Workload;
  timing: TimingPolicy;
  seed: number;
  /** Directory with the workload's data as raw little-endian float32 files (for Python). */
  dataDir: string;
  /** Runner-specific switches, e.g. `{ resetAfter: false }` for a GRU row. */
  options?: Record<string, string | number | boolean>;
  /** When set, the job is a steady-state memory trace of this many training steps. */
  memorySteps?: number;
}

export interface MemoryTrace {
  steps: number;
  /** RSS in MiB after each step (index 0 = after step 1). */
  rssMiB: number[];
  /** Heap used (MiB) after a forced GC, at the listed steps. */
  heapAfterGcMiB: { step: number; mib: number }[];
  msPerStep: number[];
}

export interface JobResult {
  ok: boolean;
  /** Why the job could not run (ok = false). */
  reason?: string;
  /** Milliseconds per workload iteration (one batch / one forward), one entry per repetition. */
  samplesMs?: number[];
  /** True when the runner computes exactly the workload; false for approximations (brain.js). */
  sameWorkload?: boolean;
  /** What differs from the workload or how the number was obtained. */
  note?: string;
  /** RSS (MiB) once the model and data were set up, before the first timed call. */
  rssSetupMiB?: number;
  /** Peak RSS (MiB) of the whole process (getrusage maxrss). */
  peakRssMiB?: number;
  memory?: MemoryTrace;
  /** Free-form facts (versions, flags, checks) shown in the report. */
  facts?: Record<string, string | number | boolean>;
  /** Process CPU time / wall time during the timed repetitions (about the number of busy threads). */
  cpuPerWall?: number;
  /** Last loss or output checksum, so a broken runner is noticed. */
  check?: number;
}

/** mulberry32: a tiny seeded generator, identical wherever the data is generated. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * Runs `fn` untimed (at least once, `warmup` times and for `warmupMs`), calls `afterWarmup`, then times it at least `minReps` times and keeps going
 * while the timed total is under `budgetMs` (up to `maxReps`). Returns ms per call.
 */
export async function timeIt(
  fn: () => unknown | Promise<unknown>,
  policy: TimingPolicy,
  afterWarmup?: () => void,
): Promise<number[]> {
  const w0 = performance.now();
  for (let i = 0; i < Math.max(1, policy.warmup) || performance.now() - w0 < policy.warmupMs; i++) await fn();
  afterWarmup?.();
  const samples: number[] = [];
  let spent = 0;
  const cpu0 = process.cpuUsage();
  while (samples.length < policy.maxReps && (samples.length < policy.minReps || spent < policy.budgetMs)) {
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    samples.push(dt);
    spent += dt;
  }
  const cpu = process.cpuUsage(cpu0);
  lastCpuPerWall = (cpu.user + cpu.system) / 1000 / spent;
  return samples;
}

/** Process CPU time / wall time over the timed repetitions of the last `timeIt` (≈ threads busy). */
export let lastCpuPerWall = NaN;

export const MiB = 1024 * 1024;

export function rssMiB(): number {
  return process.memoryUsage().rss / MiB;
}

/** Peak resident set size of this process in MiB (Linux reports maxRSS in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Marker the orchestrator looks for in a child's stdout (libraries print banners there). */
export const RESULT_MARKER = '@@BENCH_RESULT ';
