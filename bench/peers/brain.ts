/**
 * brain.js rows, where its API can express something close to the workload. None is the same
 * workload, and every row says how it differs:
 *
 * - brain.js recurrent nets process one sequence at a time (no batch dimension) and update the
 *   weights after every sequence with its built-in RMSProp-like rule (not Adam).
 * - W1: `recurrent.LSTM` / `recurrent.GRU` with inputSize 64 (its embedding), inputRange 96,
 *   hiddenLayers [H], outputSize 96 is the same network as Embedding -> LSTM -> Dense(softmax),
 *   but it adds a start and an end token (65 steps for 64 tokens, 97 outputs) and trains per
 *   sequence. Throughput is measured on a few sequences and reported per batch of 32.
 * - W2: `recurrent.LSTMTimeStep` (1 in, 64 hidden, 1 out) can only learn to predict the next
 *   value at every step (sequence-to-sequence), not one target per window; one epoch over the
 *   64 windows of 31 values (30 inputs + the target) is one iteration.
 * - W3/W4: `LSTMTimeStep.run` on one sequence at a time; it also applies its output layer at
 *   every step. W3 is timed on a few of the 64 sequences and scaled to 64.
 */
import brain from 'brain.js';
import { createRequire } from 'node:module';
import { lastCpuPerWall, peakRssMiB, rssMiB, timeIt, type JobResult, type JobSpec } from '../common.js';
import { makeData } from '../workloads.js';

interface BrainRecurrent {
  initialize(): void;
  bindEquation(): void;
  trainPattern(input: number[], logErrorRate?: boolean): number | undefined;
  train(data: unknown, options: Record<string, unknown>): { error: number; iterations: number };
  run(input: unknown): unknown;
}
type BrainCtor = new (options: Record<string, unknown>) => BrainRecurrent;
const recurrent = (brain as unknown as { recurrent: Record<string, BrainCtor> }).recurrent;

export async function runBrain(job: JobSpec): Promise<JobResult> {
  const w = job.workload;
  const data = makeData(w, job.seed);
  const quick = job.options?.['quick'] === true;
  const version = (createRequire(import.meta.url)('brain.js/package.json') as { version: string }).version;
  let step: () => void;
  let scale = 1;
  let note: string;
  let check = 0;

  if (w.kind === 'charlm') {
    const Ctor = w.cell === 'lstm' ? recurrent['LSTM']! : recurrent['GRU']!;
    const net = new Ctor({ inputSize: w.input, inputRange: w.vocab, hiddenLayers: [w.hidden], outputSize: w.vocab, learningRate: 1e-3 });
    net.initialize();
    const seqs: number[][] = [];
    for (let b = 0; b < w.batch; b++) seqs.push(Array.from(data.x.subarray(b * w.seq, (b + 1) * w.seq)));
    const per = quick ? 2 : 4;
    let next = 0;
    step = () => {
      for (let k = 0; k < per; k++) {
        check = net.trainPattern(seqs[next]!, true) ?? 0;
        next = (next + 1) % seqs.length;
      }
    };
    scale = w.batch / per;
    note = `batch 1 (one update per sequence), brain.js RMSProp rule, start/end tokens (65 steps, ${w.vocab + 1} outputs); ${w.cell === 'gru' ? 'its GRU is the reset-before form; ' : ''}timed on ${per} sequences, scaled to ${w.batch}`;
  } else if (w.kind === 'regression') {
    const net = new recurrent['LSTMTimeStep']!({ inputSize: 1, hiddenLayers: [w.hidden], outputSize: 1, learningRate: 1e-3 });
    const windows: number[][] = [];
    for (let b = 0; b < w.batch; b++) {
      windows.push([...Array.from(data.x.subarray(b * w.seq, (b + 1) * w.seq)), data.y![b]!]);
    }
    step = () => { check = net.train(windows, { iterations: 1, errorThresh: 0 }).error; };
    note = 'LSTMTimeStep predicts the next value at every step (loss on 30 outputs, not 1), one update per window, brain.js RMSProp rule';
  } else {
    const net = new recurrent['LSTMTimeStep']!({ inputSize: w.input, hiddenLayers: [w.hidden], outputSize: w.input });
    net.initialize();
    net.bindEquation();
    const seqs: number[][][] = [];
    const count = w.batch === 1 ? 1 : quick ? 1 : 2;
    for (let b = 0; b < count; b++) {
      const s: number[][] = [];
      for (let t = 0; t < w.seq; t++) {
        const o = (b * w.seq + t) * w.input;
        s.push(Array.from(data.x.subarray(o, o + w.input)));
      }
      seqs.push(s);
    }
    step = () => {
      for (const s of seqs) {
        const out = net.run(s) as ArrayLike<number>;
        check = out[0]!;
      }
    };
    scale = w.batch / count;
    note = w.batch === 1
      ? `LSTMTimeStep.run also applies a ${w.hidden}->${w.input} output layer at every step`
      : `not batched: LSTMTimeStep.run one sequence at a time, timed on ${count} of ${w.batch} sequences and scaled; also applies an output layer every step; returns only the last output`;
  }
  let rssSetup = 0;
  const raw = await timeIt(step, job.timing, () => { rssSetup = rssMiB(); });
  return {
    ok: true, cpuPerWall: lastCpuPerWall, samplesMs: raw.map((ms) => ms * scale), sameWorkload: false, note,
    rssSetupMiB: rssSetup, peakRssMiB: peakRssMiB(), facts: { version }, check,
  };
}
