/**
 * onnxruntime-node rows (inference workloads only): the LSTM model is built in
 * `../onnxModel.ts` from seeded Keras-layout weights. Before timing, the same weights are
 * loaded into an lstm-ts model and both are run on two sequences of the workload's input; the
 * largest difference is reported, so the ONNX graph is known to compute the same layer.
 */
import * as ort from 'onnxruntime-node';
import { createRequire } from 'node:module';
import { Tensor } from '../../src/index.js';
import { setKernelVariant } from '../../src/kernels/dispatch.js';
import { lastCpuPerWall, peakRssMiB, rssMiB, timeIt, type JobResult, type JobSpec } from '../common.js';
import { buildLstmModel, type KerasLstmWeights } from '../onnxModel.js';
import { makeData, uniformWeights, type Workload } from '../workloads.js';
import { buildModel } from './lstmTs.js';

const require = createRequire(import.meta.url);

/** The seeded Keras-layout LSTM weights of an inference workload (shared with ./onnxPredict.ts). */
export function benchLstmWeights(w: Workload, seed: number): KerasLstmWeights {
  const I = w.input;
  const H = w.hidden;
  const limit = 1 / Math.sqrt(H);
  return {
    kernel: uniformWeights(I * 4 * H, limit, seed + 1),
    recurrentKernel: uniformWeights(H * 4 * H, limit, seed + 2),
    bias: uniformWeights(4 * H, limit, seed + 3),
  };
}

export async function runOnnx(job: JobSpec): Promise<JobResult> {
  const w = job.workload;
  if (w.training) return { ok: false, reason: 'onnxruntime-node runs inference only' };
  if (w.cell !== 'lstm') return { ok: false, reason: 'only the LSTM model is built' };
  const I = w.input;
  const H = w.hidden;
  const weights = benchLstmWeights(w, job.seed);
  const bytes = buildLstmModel({ inputSize: I, hidden: H, returnSequences: w.returnSequences, weights });
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: job.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const data = makeData(w, job.seed);

  // Same-math check against lstm-ts on the first (up to) two sequences.
  const nCheck = Math.min(2, w.batch);
  const xCheck = data.x.slice(0, nCheck * w.seq * I);
  const ortCheck = await session.run({ x: new ort.Tensor('float32', xCheck, [nCheck, w.seq, I]) });
  setKernelVariant('fast');
  const ref = buildModel({ ...w, batch: nCheck });
  ref.build([nCheck, w.seq, I]);
  ref.setWeights([
    new Tensor(weights.kernel, [I, 4 * H]),
    new Tensor(weights.recurrentKernel, [H, 4 * H]),
    new Tensor(weights.bias, [4 * H]),
  ]);
  const ours = ref.predict(new Tensor(xCheck, [nCheck, w.seq, I])).data;
  const theirs = ortCheck['y']!.data as Float32Array;
  let maxDiff = 0;
  if (ours.length !== theirs.length) throw new Error(`onnx check: ${ours.length} vs ${theirs.length} values`);
  for (let i = 0; i < ours.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - theirs[i]!));

  const feeds = { x: new ort.Tensor('float32', data.x, data.xShape) };
  let check = 0;
  const step = async () => {
    const out = await session.run(feeds);
    const y = out['y']!.data as Float32Array;
    check = y[y.length - 1]!;
  };
  let rssSetup = 0;
  const samplesMs = await timeIt(step, job.timing, () => { rssSetup = rssMiB(); });
  const version = (require('onnxruntime-node/package.json') as { version: string }).version;
  return {
    ok: true, cpuPerWall: lastCpuPerWall, samplesMs, sameWorkload: true, rssSetupMiB: rssSetup, peakRssMiB: peakRssMiB(), check,
    note: 'ONNX LSTM op (time-major) wrapped in Transposes for batch-major in/out',
    facts: { version, maxAbsDiffVsLstmTs: Number(maxDiff.toExponential(2)), modelBytes: bytes.length },
  };
}
