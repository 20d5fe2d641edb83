/**
 * lstm-ts rows: one per kernel backend ('fast', 'reference'; future WASM kernels and thread
 * counts plug in as further `RunnerId`s handled here). Uses only the public model API
 * (`sequential`, `compile`, `trainOnBatch`, `predict`) plus `setKernelVariant`.
 */
import { layers, optimizers, sequential, setSeed, Tensor, type Sequential } from '../../src/index.js';
import { setKernelVariant, type KernelVariant } from '../../src/kernels/dispatch.js';
import { backendInfo, setBackend, setNumThreads, whenThreadsReady } from '../../src/kernels/backend.js';
import { lastCpuPerWall, peakRssMiB, rssMiB, timeIt, type JobResult, type JobSpec, type MemoryTrace, MiB } from '../common.js';
import { makeData, type Workload } from '../workloads.js';

function rnnLayer(w: Workload, resetAfter: boolean, first: boolean) {
  const shape = first ? { inputShape: [w.seq, w.input] } : {};
  // Non-orthogonal recurrent init only to keep set-up fast for large hidden sizes; the values
  // do not affect the timings.
  const common = { units: w.hidden, returnSequences: w.returnSequences, recurrentInitializer: 'glorotUniform' as const, ...shape };
  return w.cell === 'lstm' ? layers.lstm(common) : layers.gru({ ...common, resetAfter });
}

export function buildModel(w: Workload, resetAfter = true): Sequential {
  if (w.kind === 'charlm') {
    const m = sequential({
      layers: [
        layers.embedding({ inputDim: w.vocab, outputDim: w.input, inputLength: w.seq }),
        rnnLayer(w, resetAfter, false),
        layers.dense({ units: w.vocab, activation: 'softmax' }),
      ],
    });
    m.compile({ optimizer: optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
    return m;
  }
  if (w.kind === 'regression') {
    const m = sequential({ layers: [rnnLayer(w, resetAfter, true), layers.dense({ units: 1 })] });
    m.compile({ optimizer: optimizers.adam({ learningRate: 1e-3 }), loss: 'meanSquaredError' });
    return m;
  }
  return sequential({ layers: [rnnLayer(w, resetAfter, true)] });
}

export async function runLstmTs(job: JobSpec): Promise<JobResult> {
  // 'wasm': the default engine (WebAssembly SIMD, job.threads threads); 'fast': the plain
  // TypeScript kernels (setBackend('js')); 'reference': the float64 reference kernels.
  const engine = job.runner.split(':')[1] as 'wasm' | KernelVariant;
  const variant: KernelVariant = engine === 'reference' ? 'reference' : 'fast';
  setKernelVariant(variant);
  if (engine === 'wasm') {
    setBackend('wasm');
    // options.defaultThreads: the user's default (no setNumThreads), i.e. all cores, with the
    // run-time thread adaptation that only the default gets.
    if (job.options?.['defaultThreads'] !== true) setNumThreads(job.threads);
    const ready = await whenThreadsReady();
    if (ready !== job.threads) return { ok: false, reason: `only ${ready} of ${job.threads} threads started` };
  } else {
    setBackend('js');
  }
  setSeed(job.seed);
  const w = job.workload;
  const resetAfter = job.options?.['resetAfter'] !== false;
  const data = makeData(w, job.seed);
  const model = buildModel(w, resetAfter);
  const x = new Tensor(data.x, data.xShape);
  const y = data.y ? new Tensor(data.y, data.yShape!) : null;
  let check = 0;
  const step = w.training
    ? () => { check = model.trainOnBatch(x, y!) as number; }
    : () => { const out = model.predict(x, { batchSize: w.batch }); check = out.data[out.data.length - 1]!; };
  const facts: Record<string, string | number | boolean> = { kernel: engine === 'wasm' ? `wasm (${backendInfo().relaxedSimd ? 'relaxed SIMD' : 'SIMD'})` : variant };
  if (w.cell === 'gru') facts['resetAfter'] = resetAfter;

  if (job.memorySteps) {
    const memory = await memoryTrace(step, job.memorySteps);
    return { ok: true, sameWorkload: true, memory, peakRssMiB: peakRssMiB(), facts, check };
  }
  let rssSetup = 0;
  const samplesMs = await timeIt(step, job.timing, () => { rssSetup = rssMiB(); });
  if (engine === 'wasm') {
    const info = backendInfo() as unknown as Record<string, unknown>;
    if (info['threadsInUse'] !== undefined) facts['threadsInUseAtEnd'] = Number(info['threadsInUse']);
  }
  return { ok: true, cpuPerWall: lastCpuPerWall, samplesMs, sameWorkload: true, rssSetupMiB: rssSetup, peakRssMiB: peakRssMiB(), facts, check };
}

/** RSS after every step and the GC'd heap at a few checkpoints, for `steps` training steps. */
export async function memoryTrace(step: () => void, steps: number): Promise<MemoryTrace> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const checkpoints = new Set([1, 10, 20, 50, 100, 150, 200, steps]);
  const trace: MemoryTrace = { steps, rssMiB: [], heapAfterGcMiB: [], msPerStep: [] };
  for (let s = 1; s <= steps; s++) {
    const t0 = performance.now();
    step();
    trace.msPerStep.push(performance.now() - t0);
    trace.rssMiB.push(rssMiB());
    if (gc && checkpoints.has(s)) {
      gc();
      trace.heapAfterGcMiB.push({ step: s, mib: process.memoryUsage().heapUsed / MiB });
    }
  }
  return trace;
}
