/**
 * Worker threads that run shares of the WebAssembly kernels. Each worker instantiates the
 * same compiled module over the same shared memory and then sits in the module's workerLoop
 * (see assembly/threads.ts): the whole job protocol lives in WebAssembly and shared memory,
 * so no message passes per job. Node uses worker_threads, browsers use Web Workers; both
 * need SharedArrayBuffer, i.e. a cross-origin-isolated page in a browser.
 */
import type { WasmRuntime } from './runtime.js';

interface PoolWorker {
  terminate(): unknown;
}

/**
 * Code each worker runs: instantiate the module over the shared memory, announce itself in
 * its mailbox, then run job shares until told to quit. The protocol's other half is
 * dispatch() in assembly/threads.ts; offsets are those of assembly/control.ts.
 */
const SERVE_JOBS = `
function serveJobs(module, memory, control, slot) {
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  kernels.setControl(control);
  const m = new Int32Array(memory.buffer, control, 1024);
  const box = 64 + slot * 16;
  // Read the counter before announcing readiness: the main thread only posts to ready
  // workers, so every post lands after this read and is seen as new.
  let seen = Atomics.load(m, box);
  Atomics.store(m, box + 1, 1);
  for (;;) {
    let spins = 0;
    while (Atomics.load(m, box) === seen) {
      // Spin briefly first: in a recurrent loop the next product follows within microseconds.
      if (++spins > 20000) { Atomics.wait(m, box, seen); spins = 0; }
    }
    seen = Atomics.load(m, box);
    if (Atomics.load(m, 1) !== 0) break;
    kernels.workerShare(slot);
  }
  Atomics.store(m, box + 1, 0);
}
`;
// Workers inherit the parent's Node flags, so this source is read as CommonJS or as an ES
// module (--input-type=module, --experimental-default-type=module): it must use neither
// require nor import. getBuiltinModule works in both, and is what found worker_threads here.
const NODE_WORKER_SOURCE = `${SERVE_JOBS}
const { workerData } = process.getBuiltinModule('node:worker_threads');
serveJobs(workerData.module, workerData.memory, workerData.control, workerData.slot);
`;
const BROWSER_WORKER_SOURCE = `${SERVE_JOBS}
self.onmessage = (event) => {
  const { module, memory, control, slot } = event.data;
  serveJobs(module, memory, control, slot);
};
`;

interface NodeWorkerCtor {
  new (code: string, options: { eval: true; workerData: unknown }): PoolWorker & {
    unref(): void;
    on(event: 'error', listener: (error: unknown) => void): void;
  };
}

const workers: PoolWorker[] = [];
let failureReported = false;

function reportWorkerFailure(error: unknown): void {
  if (failureReported) return;
  failureReported = true;
  const message = error instanceof Error ? error.message : String(error);
  console.warn(`lstm-ts: a wasm worker thread failed to start (${message}); the work it would have shared runs on the calling thread`);
}

function nodeWorkerThreads(): { Worker: NodeWorkerCtor } | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:worker_threads') as { Worker: NodeWorkerCtor } | undefined;
}

function spawn(rt: WasmRuntime, slot: number): PoolWorker | null {
  const data = { module: rt.module, memory: rt.memory, control: rt.control, slot };
  const wt = nodeWorkerThreads();
  if (wt) {
    const worker = new wt.Worker(NODE_WORKER_SOURCE, { eval: true, workerData: data });
    // A worker waiting for jobs must not keep the process alive.
    worker.unref();
    // A worker that fails to start never announces itself, so the calling thread keeps doing
    // its share; without a listener the failure would instead end the user's process.
    worker.on('error', (error) => reportWorkerFailure(error));
    return worker;
  }
  if (typeof Worker !== 'undefined' && typeof Blob !== 'undefined' && typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(url);
    worker.postMessage(data);
    return worker;
  }
  return null;
}

/**
 * Grows or shrinks the pool to `count` workers. Growing is asynchronous underneath: a new
 * worker takes jobs once it has started (until then the calling thread does its share).
 * Shrinking stops every worker and starts the wanted number again.
 */
export function resizePool(rt: WasmRuntime, count: number): void {
  if (!rt.sharedMemory) return;
  if (count < workers.length) {
    rt.exports.stopWorkers();
    const deadline = Date.now() + 2000;
    while (rt.exports.readyWorkers() > 0 && Date.now() < deadline) {
      // Workers leave their loop within microseconds of the wake-up.
    }
    for (const w of workers.splice(0)) w.terminate();
    rt.exports.resetWorkers();
  }
  while (workers.length < count) {
    const worker = spawn(rt, workers.length);
    if (!worker) return;
    workers.push(worker);
  }
}

/** Waits (asynchronously) until `count` workers have started; for tests and benchmarks. */
export async function waitForWorkers(rt: WasmRuntime, count: number, timeoutMs = 10000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (rt.exports.readyWorkers() < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return rt.exports.readyWorkers();
}
