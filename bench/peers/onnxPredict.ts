/**
 * The 'lstm-ts:onnxruntime' row (inference workloads): lstm-ts's `onnxPredictor(model)`,
 * which exports the model with our own ONNX exporter into memory and runs it on
 * onnxruntime-node, beside onnxruntime's own session on the same model (the onnxruntime row's
 * hand-built graph, `../onnxModel.ts`, with the same seeded weights and session options).
 *
 * Both run in this one process, their calls interleaved, so machine load hits them alike; the
 * row's samples are ours and its facts hold onnxruntime's median and the ratio. A third
 * interleaved series, a bare session on our exported bytes, separates what our graph costs
 * from what the predictor adds per call (input checks, the weight comparison, wrapping).
 */
import * as ort from 'onnxruntime-node';
import { Tensor, exportOnnxBytes } from '../../src/index.js';
import { onnxPredictor } from '../../src/index.node.js';
import { setKernelVariant } from '../../src/kernels/dispatch.js';
import { median, peakRssMiB, rssMiB, type JobResult, type JobSpec } from '../common.js';
import { buildLstmModel } from '../onnxModel.js';
import { makeData } from '../workloads.js';
import { buildModel } from './lstmTs.js';
import { benchLstmWeights } from './onnx.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`onnx predict check: ${a.length} vs ${b.length} values`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

export async function runOnnxPredict(job: JobSpec): Promise<JobResult> {
  const w = job.workload;
  if (w.training) return { ok: false, reason: 'onnxruntime-node runs inference only' };
  if (w.cell !== 'lstm') return { ok: false, reason: 'only the LSTM model is built' };
  const I = w.input;
  const H = w.hidden;
  const weights = benchLstmWeights(w, job.seed);
  const sessionOptions = {
    intraOpNumThreads: job.threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  } as const;

  const model = buildModel(w);
  model.setWeights([
    new Tensor(weights.kernel, [I, 4 * H]),
    new Tensor(weights.recurrentKernel, [H, 4 * H]),
    new Tensor(weights.bias, [4 * H]),
  ]);
  const predictor = onnxPredictor(model, { sessionOptions });
  const theirs = await ort.InferenceSession.create(buildLstmModel({ inputSize: I, hidden: H, returnSequences: w.returnSequences, weights }), { executionProviders: ['cpu'], ...sessionOptions });
  const bare = await ort.InferenceSession.create(exportOnnxBytes(model), { executionProviders: ['cpu'], ...sessionOptions });

  const data = makeData(w, job.seed);
  const x = new Tensor(data.x, data.xShape);
  const theirFeeds = { x: new ort.Tensor('float32', data.x, data.xShape) };
  const bareFeeds = { input: new ort.Tensor('float32', data.x, data.xShape) };
  let check = 0;
  const runs: [string, () => Promise<ArrayLike<number>>][] = [
    ['ours', async () => (await predictor.predict(x)).data],
    ['onnxruntime', async () => (await theirs.run(theirFeeds))['y']!.data as Float32Array],
    ['bare', async () => (await bare.run(bareFeeds))['output']!.data as Float32Array],
  ];

  // Same math: our predictor against lstm-ts's own kernels and against onnxruntime's session.
  setKernelVariant('fast');
  const [ours, onnx] = [await runs[0]![1](), await runs[1]![1]()];
  const diffVsPredict = maxAbsDiff(ours, model.predict(x, { batchSize: w.batch }).data);
  const diffVsOnnxruntime = maxAbsDiff(ours, onnx);

  // Interleaved timing: each round times every series once, in rotating order.
  const samples = runs.map((): number[] => []);
  const policy = job.timing;
  const w0 = performance.now();
  for (let i = 0; i < Math.max(1, policy.warmup) || performance.now() - w0 < policy.warmupMs; i++) for (const [, f] of runs) await f();
  const rssSetup = rssMiB();
  let spent = 0;
  for (let round = 0; round < policy.maxReps && (round < policy.minReps || spent < policy.budgetMs * runs.length); round++) {
    for (let k = 0; k < runs.length; k++) {
      const j = (round + k) % runs.length;
      const t0 = performance.now();
      const y = await runs[j]![1]();
      const dt = performance.now() - t0;
      samples[j]!.push(dt);
      spent += dt;
      check = y[y.length - 1]!;
    }
  }
  const [oursMs, theirMs, bareMs] = samples.map((s) => median(s)) as [number, number, number];
  await Promise.all([predictor.dispose(), theirs.release(), bare.release()]);
  const round2 = (v: number): number => Number(v.toPrecision(3));
  return {
    ok: true, samplesMs: samples[0]!, sameWorkload: true, rssSetupMiB: rssSetup, peakRssMiB: peakRssMiB(), check,
    note: 'onnxPredictor(model): our in-memory ONNX export on onnxruntime-node, timed interleaved with onnxruntime\'s own session on the same model',
    facts: {
      onnxruntimeMedianMs: round2(theirMs),
      bareSessionOnOurExportMedianMs: round2(bareMs),
      ratioVsOnnxruntime: round2(oursMs / theirMs),
      maxAbsDiffVsPredict: Number(diffVsPredict.toExponential(2)),
      maxAbsDiffVsOnnxruntime: Number(diffVsOnnxruntime.toExponential(2)),
      exports: predictor.exportCount,
    },
  };
}
