/**
 * TensorFlow.js rows: the pure-JS 'cpu' backend and '@tensorflow/tfjs-backend-wasm'
 * (XNNPACK; multithreading only where the runtime offers it, which Node does not here).
 *
 * tfjs's WASM backend has no gradient kernel for Embedding (its gather's gradient needs
 * UnsortedSegmentSum), so on 'wasm' the char-LM feeds one-hot vectors into a bias-free Dense
 * layer: the same math (a row lookup is a one-hot product), slightly more work.
 * tfjs's GRU only implements resetAfter = false (the original GRU).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { lastCpuPerWall, peakRssMiB, rssMiB, timeIt, type JobResult, type JobSpec } from '../common.js';
import { makeData, oneHot, type Workload } from '../workloads.js';

function rnnLayer(w: Workload, first: boolean, inputShape?: number[]): tf.layers.Layer {
  const args = {
    units: w.hidden,
    returnSequences: w.returnSequences,
    // tfjs's orthogonal initialiser takes tens of seconds at these sizes (untimed set-up only).
    recurrentInitializer: 'glorotUniform' as const,
    ...(first ? { inputShape } : {}),
  };
  return w.cell === 'lstm' ? tf.layers.lstm(args) : tf.layers.gru(args);
}

export async function runTfjs(job: JobSpec): Promise<JobResult> {
  const backend = job.runner.split(':')[1]!;
  if (backend === 'wasm') {
    if (job.threads > 1) return { ok: false, reason: 'tfjs-backend-wasm has no multithreaded build usable from Node' };
  }
  // The cpu backend prints a banner recommending tfjs-node; the orchestrator ignores stdout.
  await tf.setBackend(backend);
  await tf.ready();
  tf.randomUniform([1]).dispose();
  const facts: Record<string, string | number | boolean> = { backend: tf.getBackend(), version: tf.version.tfjs };
  if (backend === 'wasm') {
    facts['simd'] = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    facts['multithread'] = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  }
  const w = job.workload;
  const data = makeData(w, job.seed);
  const model = tf.sequential();
  let x: tf.Tensor;
  let y: tf.Tensor | null = null;
  let note = '';
  if (w.kind === 'charlm') {
    if (backend === 'wasm') {
      model.add(tf.layers.dense({ units: w.input, useBias: false, inputShape: [w.seq, w.vocab] }));
      x = tf.tensor3d(oneHot(data.x, w.vocab), [w.batch, w.seq, w.vocab]);
      note = 'one-hot input -> Dense(64, no bias) instead of Embedding (no Embedding gradient on wasm)';
    } else {
      model.add(tf.layers.embedding({ inputDim: w.vocab, outputDim: w.input, inputLength: w.seq }));
      x = tf.tensor2d(data.x, [w.batch, w.seq]);
    }
    model.add(rnnLayer(w, false));
    model.add(tf.layers.dense({ units: w.vocab, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
    y = tf.tensor(data.y!, data.yShape!);
  } else if (w.kind === 'regression') {
    model.add(rnnLayer(w, true, [w.seq, w.input]));
    model.add(tf.layers.dense({ units: 1 }));
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
    x = tf.tensor(data.x, data.xShape);
    y = tf.tensor(data.y!, data.yShape!);
  } else {
    model.add(rnnLayer(w, true, [w.seq, w.input]));
    x = tf.tensor(data.x, data.xShape);
  }
  if (w.cell === 'gru') note = [note, 'GRU with resetAfter=false (the only variant tfjs has)'].filter(Boolean).join('; ');

  let check = 0;
  const step = w.training
    ? async () => { check = (await model.trainOnBatch(x, y!)) as number; }
    : () => {
        const out = model.predict(x, { batchSize: w.batch }) as tf.Tensor;
        const v = out.dataSync();
        check = v[v.length - 1]!;
        out.dispose();
      };
  let rssSetup = 0;
  let tensorsBefore = 0;
  const samplesMs = await timeIt(step, job.timing, () => {
    rssSetup = rssMiB();
    tensorsBefore = tf.memory().numTensors;
  });
  facts['tensorLeakPerStep'] = (tf.memory().numTensors - tensorsBefore) / samplesMs.length;
  return {
    ok: true, cpuPerWall: lastCpuPerWall, samplesMs, sameWorkload: true, rssSetupMiB: rssSetup, peakRssMiB: peakRssMiB(), facts, check,
    ...(note ? { note } : {}),
  };
}
