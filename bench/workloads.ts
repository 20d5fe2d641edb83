/**
 * The workloads of issue 4, their FLOP counts and their (seeded, fp32) data.
 *
 * FLOPs are counted the same way for every runner, so a GFLOP/s ratio equals a throughput
 * ratio. Only matrix products are counted (2 per multiply-add): a recurrent layer forward is
 * 2 * G * H * (I + H) * B * T with G = 4 gates for LSTM and 3 for GRU, a Dense layer on every
 * step 2 * H * O * B * T. A training step is counted as 3x the forward (the backward pass does
 * two products per forward product: one for the input gradient, one for the weight gradient).
 */
import { rng } from './common.js';

export type Family = 'W1' | 'W1-GRU' | 'W2' | 'W3' | 'W4';

export interface Workload {
  /** Unique id, e.g. 'W1', 'W3', or 'W3-h1024' for a sweep point. */
  id: string;
  family: Family;
  /** 'charlm': Embedding -> RNN(returnSequences) -> Dense(V, softmax), sparse CE, Adam.
   *  'regression': RNN -> Dense(1), MSE, Adam.
   *  'inference': one RNN layer, forward only. */
  kind: 'charlm' | 'regression' | 'inference';
  cell: 'lstm' | 'gru';
  batch: number;
  seq: number;
  /** Input features per step (the embedding width for 'charlm'). */
  input: number;
  hidden: number;
  /** Vocabulary size ('charlm' only). */
  vocab: number;
  returnSequences: boolean;
  training: boolean;
  /** What one iteration produces and the throughput unit. */
  itemsPerIter: number;
  unit: 'tokens/s' | 'samples/s' | 'forwards/s' | 'sequences/s';
  /** Primary figure: throughput for training, ms per call for inference. */
  primary: 'throughput' | 'ms';
  flopsPerIter: number;
  /**
   * The arithmetic lstm-ts itself does where it is less than flopsPerIter (an Embedding
   * feeding the recurrent layer: the input projection and its gradients run over the distinct
   * tokens, at most the vocabulary, not every position); the Targets table's ceiling uses it.
   */
  lstmTsFlopsPerIter?: number;
  title: string;
}

function rnnFlops(cell: 'lstm' | 'gru', I: number, H: number, B: number, T: number): number {
  const G = cell === 'lstm' ? 4 : 3;
  return 2 * G * H * (I + H) * B * T;
}

export function charLm(cell: 'lstm' | 'gru', hidden = 256, id?: string): Workload {
  const B = 32, T = 64, V = 96, E = 64;
  const fwd = rnnFlops(cell, E, hidden, B, T) + 2 * hidden * V * B * T;
  const G = cell === 'lstm' ? 4 : 3;
  // The input projection and its two gradients over at most V distinct tokens instead of B*T positions.
  const gatheredSaving = 3 * 2 * G * hidden * E * (B * T - Math.min(V, B * T));
  const family: Family = cell === 'lstm' ? 'W1' : 'W1-GRU';
  return {
    id: id ?? family, family, kind: 'charlm', cell, batch: B, seq: T, input: E, hidden, vocab: V,
    returnSequences: true, training: true, itemsPerIter: B * T, unit: 'tokens/s', primary: 'throughput',
    flopsPerIter: 3 * fwd,
    lstmTsFlopsPerIter: 3 * fwd - gatheredSaving,
    title: `char-LM training: Embedding(${V}, ${E}) -> ${cell.toUpperCase()}(${hidden}, returnSequences) -> Dense(${V}, softmax), sparse CE, Adam, batch ${B}, sequence ${T}`,
  };
}

export function timeSeries(): Workload {
  const B = 64, T = 30, H = 64;
  const fwd = rnnFlops('lstm', 1, H, B, T) + 2 * H * 1 * B;
  return {
    id: 'W2', family: 'W2', kind: 'regression', cell: 'lstm', batch: B, seq: T, input: 1, hidden: H, vocab: 0,
    returnSequences: false, training: true, itemsPerIter: B, unit: 'samples/s', primary: 'throughput',
    flopsPerIter: 3 * fwd,
    title: `time-series training: LSTM(${H}) on [${B}, ${T}, 1] -> Dense(1), MSE, Adam`,
  };
}

export function largeInference(hidden = 512, id?: string): Workload {
  const B = 64, T = 100, I = 128;
  return {
    id: id ?? 'W3', family: 'W3', kind: 'inference', cell: 'lstm', batch: B, seq: T, input: I, hidden, vocab: 0,
    returnSequences: true, training: false, itemsPerIter: 1, unit: 'forwards/s', primary: 'ms',
    flopsPerIter: rnnFlops('lstm', I, hidden, B, T),
    title: `large inference: LSTM(${hidden}, returnSequences), input ${I}, batch ${B}, sequence ${T}`,
  };
}

export function latency(): Workload {
  const B = 1, T = 50, I = 32, H = 128;
  return {
    id: 'W4', family: 'W4', kind: 'inference', cell: 'lstm', batch: B, seq: T, input: I, hidden: H, vocab: 0,
    returnSequences: false, training: false, itemsPerIter: 1, unit: 'sequences/s', primary: 'ms',
    flopsPerIter: rnnFlops('lstm', I, H, B, T),
    title: `latency: LSTM(${H}), batch 1, sequence ${T}, input ${I}, last output`,
  };
}

export interface WorkloadData {
  x: Float32Array;
  xShape: number[];
  /** Targets (training workloads): token ids as floats [B, T, 1] or values [B, 1]. */
  y?: Float32Array;
  yShape?: number[];
}

/** The workload's fp32 data; the same seed gives the same bytes in every process. */
export function makeData(w: Workload, seed: number): WorkloadData {
  const r = rng(seed * 7919 + w.batch * 31 + w.seq);
  const { batch: B, seq: T } = w;
  if (w.kind === 'charlm') {
    // A token stream; targets are the next tokens.
    const x = new Float32Array(B * T);
    const y = new Float32Array(B * T);
    for (let b = 0; b < B; b++) {
      let prev = Math.floor(r() * w.vocab);
      for (let t = 0; t < T; t++) {
        const next = Math.floor(r() * w.vocab);
        x[b * T + t] = prev;
        y[b * T + t] = next;
        prev = next;
      }
    }
    return { x, xShape: [B, T], y, yShape: [B, T, 1] };
  }
  if (w.kind === 'regression') {
    // Noisy sine windows; the target is the next value.
    const x = new Float32Array(B * T);
    const y = new Float32Array(B);
    for (let b = 0; b < B; b++) {
      const phase = r() * 2 * Math.PI;
      const freq = 0.1 + 0.3 * r();
      for (let t = 0; t <= T; t++) {
        const v = Math.sin(phase + freq * t) + 0.05 * (r() - 0.5);
        if (t < T) x[b * T + t] = v;
        else y[b] = v;
      }
    }
    return { x, xShape: [B, T, 1], y, yShape: [B, 1] };
  }
  const x = new Float32Array(B * T * w.input);
  for (let i = 0; i < x.length; i++) x[i] = 2 * r() - 1;
  return { x, xShape: [B, T, w.input] };
}

/** One-hot [B, T, V] from token ids (tfjs's WASM backend has no Embedding gradient). */
export function oneHot(ids: Float32Array, vocab: number): Float32Array {
  const out = new Float32Array(ids.length * vocab);
  for (let i = 0; i < ids.length; i++) out[i * vocab + ids[i]!] = 1;
  return out;
}

/** Seeded uniform(-limit, limit) weights. */
export function uniformWeights(n: number, limit: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * r() - 1) * limit;
  return out;
}
