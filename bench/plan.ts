/**
 * What is measured: the rows (runner x thread count) of each workload, the scaling sweep and
 * the memory jobs. A new lstm-ts backend or thread count is one more entry in `ROWS` (plus its
 * `RunnerId` in common.ts and a case in worker.ts).
 */
import type { RunnerId, TimingPolicy } from './common.js';
import { charLm, largeInference, latency, timeSeries, type Family, type Workload } from './workloads.js';

export interface RowSpec {
  runner: RunnerId;
  threads: number;
  label: string;
  families: Family[];
  /** Families this row skips in --quick mode (one iteration takes many seconds). */
  quickSkip?: Family[];
  options?: Record<string, string | number | boolean>;
  /** The lstm-ts row others are compared with. */
  baseline?: boolean;
}

const ALL: Family[] = ['W1', 'W1-GRU', 'W2', 'W3', 'W4'];

export const ROWS: RowSpec[] = [
  { runner: 'lstm-ts:wasm', threads: 2, label: 'lstm-ts wasm', families: ALL, baseline: true },
  { runner: 'lstm-ts:wasm', threads: 1, label: 'lstm-ts wasm', families: ALL },
  { runner: 'lstm-ts:wasm', threads: 2, label: 'lstm-ts wasm, GRU resetAfter=false', families: ['W1-GRU'], options: { resetAfter: false } },
  { runner: 'lstm-ts:fast', threads: 1, label: 'lstm-ts js (TypeScript kernels)', families: ALL, quickSkip: ['W1', 'W1-GRU', 'W3'] },
  { runner: 'lstm-ts:reference', threads: 1, label: 'lstm-ts reference (float64)', families: ALL, quickSkip: ['W1', 'W1-GRU', 'W3'] },
  { runner: 'tfjs:cpu', threads: 1, label: 'tfjs cpu', families: ALL, quickSkip: ['W1', 'W1-GRU', 'W3'] },
  { runner: 'tfjs:wasm', threads: 1, label: 'tfjs wasm', families: ALL },
  { runner: 'brain.js', threads: 1, label: 'brain.js', families: ALL, options: {} },
  { runner: 'onnxruntime', threads: 1, label: 'onnxruntime-node', families: ['W3', 'W4'] },
  { runner: 'onnxruntime', threads: 2, label: 'onnxruntime-node', families: ['W3', 'W4'] },
  { runner: 'lstm-ts:onnxruntime', threads: 1, label: 'lstm-ts onnxPredictor on onnxruntime-node', families: ['W3', 'W4'] },
  { runner: 'lstm-ts:onnxruntime', threads: 2, label: 'lstm-ts onnxPredictor on onnxruntime-node', families: ['W3', 'W4'] },
  { runner: 'torch', threads: 1, label: 'PyTorch', families: ALL },
  { runner: 'torch', threads: 2, label: 'PyTorch', families: ALL, quickSkip: ALL },
];

export const MAIN_WORKLOADS: Workload[] = [charLm('lstm'), charLm('gru'), timeSeries(), largeInference(), latency()];

export interface SweepSpec {
  family: 'W1' | 'W3';
  hidden: number[];
  rows: { runner: RunnerId; threads: number; label: string }[];
}

export function sweeps(quick: boolean): SweepSpec[] {
  // Quick mode: two small sizes plus the workload's own size (reused from the main run).
  const full = [64, 128, 256, 512, 1024];
  return [
    {
      family: 'W1', hidden: quick ? [64, 128, 256] : full,
      rows: [
        { runner: 'lstm-ts:wasm', threads: 2, label: 'lstm-ts wasm' },
        { runner: 'torch', threads: 1, label: 'PyTorch' },
      ],
    },
    {
      family: 'W3', hidden: quick ? [64, 128, 512] : full,
      rows: [
        { runner: 'lstm-ts:wasm', threads: 2, label: 'lstm-ts wasm' },
        ...(quick ? [] : [{ runner: 'tfjs:wasm' as const, threads: 1, label: 'tfjs wasm' }]),
        { runner: 'onnxruntime', threads: 1, label: 'onnxruntime-node' },
        { runner: 'torch', threads: 1, label: 'PyTorch' },
      ],
    },
  ];
}

export function sweepWorkload(family: 'W1' | 'W3', hidden: number): Workload {
  return family === 'W1' ? charLm('lstm', hidden, `W1-h${hidden}`) : largeInference(hidden, `W3-h${hidden}`);
}

export function timingPolicy(quick: boolean): TimingPolicy {
  return quick
    ? { warmup: 1, warmupMs: 300, minReps: 2, maxReps: 100, budgetMs: 1200 }
    : { warmup: 1, warmupMs: 1500, minReps: 3, maxReps: 300, budgetMs: 8000 };
}

/** Steady-state memory: lstm-ts (wasm, 2 threads) training steps with RSS after each (W1's 200 steps take
 *  about 4 minutes, so --quick traces only W2). */
export function memoryJobs(quick: boolean): { workload: Workload; steps: number }[] {
  return [
    ...(quick ? [] : [{ workload: charLm('lstm'), steps: 200 }]),
    { workload: timeSeries(), steps: 200 },
  ];
}
