/**
 * The benchmark of issue 4: lstm-ts (each backend and thread count) against TensorFlow.js
 * (cpu and wasm backends), brain.js, onnxruntime-node and PyTorch on the CPU, on the same
 * shapes and fp32 data. Prints the tables and writes BENCHMARKS.md.
 *
 *   npx tsx bench/run.ts            full run (~20 minutes on a 2-core machine)
 *   npx tsx bench/run.ts --quick    few repetitions, small sweep, slow rows skipped (< 3 minutes)
 *   options: --out FILE (default BENCHMARKS.md), --only W1,W3 (workload families),
 *            --no-sweep, --no-memory, --no-busy, --seed N
 *   npx tsx bench/run.ts --busy     only lstm-ts wasm on W1, W1-GRU, W2, W4 (or --only), default threads
 *            vs 1 thread, on the quiet machine and beside a CPU-bound process; prints a table,
 *            writes no file (with --quick: fewer repetitions; --rounds N alternates the rows N times)
 *   npx tsx bench/run.ts --onnx-predict   only W3 (or --only W3,W4): lstm-ts's onnxPredictor beside
 *            onnxruntime-node's own session on the same model, 1 and 2 threads, timed interleaved
 *            in one process; prints medians and the ratio, writes no file (--quick: shorter)
 *
 * Every (runner, workload) pair runs in a fresh child process (bench/worker.ts for the Node
 * runners, bench/torch_bench.py for PyTorch) so that JIT state, heaps and peak-RSS counters of
 * one library never mix with another's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULT_MARKER, median, type JobResult, type JobSpec, type RunnerId } from './common.js';
import { MAIN_WORKLOADS, ROWS, memoryJobs, sweepWorkload, sweeps, timingPolicy } from './plan.js';
import { peakGemmGflops, targetsTable } from './targets.js';
import {
  fmt, medianMs, memoryTable, peakTable, rowName, sweepTable, workloadTable,
  type EnvInfo, type Measured, type SweepCell,
} from './report.js';
import { makeData, type Family, type Workload } from './workloads.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const PYTHON = '/usr/bin/python3';

// ---- arguments ------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
};
const quick = flag('--quick');
const outFile = path.resolve(root, option('--out') ?? 'BENCHMARKS.md');
const only = option('--only')?.split(',') as Family[] | undefined;
const seed = Number(option('--seed') ?? 42);
const doSweep = !flag('--no-sweep');
const doMemory = !flag('--no-memory');
const command = `npx tsx bench/run.ts${argv.length ? ' ' + argv.join(' ') : ''}`;

// ---- child processes -------------------------------------------------------------------------

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lstm-ts-bench-'));
const jobTimeoutMs = (quick ? 150 : 900) * 1000;

function parseResult(stdout: string, stderr: string, status: number | null, signal: string | null): JobResult {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith(RESULT_MARKER));
  if (line) return JSON.parse(line.slice(RESULT_MARKER.length)) as JobResult;
  const tail = (stderr || stdout).trim().split('\n').slice(-3).join(' / ');
  return { ok: false, reason: signal ? `killed (${signal}) after the ${jobTimeoutMs / 1000} s job limit` : `exit ${status}: ${tail.slice(0, 300)}` };
}

/** Runs a child and parses its result line; `undefined` values in `extraEnv` unset a variable. */
function runChild(cmd: string, args: string[], timeoutMs = jobTimeoutMs, extraEnv: Record<string, string | undefined> = {}): JobResult {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(cmd, args, {
    cwd: root, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env,
  });
  return parseResult(r.stdout ?? '', r.stderr ?? '', r.status, r.signal);
}

const nodeChild = (args: string[]): JobResult =>
  runChild(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', path.join(here, 'worker.ts'), ...args]);

const written = new Set<string>();
function writeData(w: Workload): { xShape: number[]; yShape?: number[] } {
  const d = makeData(w, seed);
  if (!written.has(w.id)) {
    writeFileSync(path.join(dataDir, `${w.id}.x.f32`), new Uint8Array(d.x.buffer, d.x.byteOffset, d.x.byteLength));
    if (d.y) writeFileSync(path.join(dataDir, `${w.id}.y.f32`), new Uint8Array(d.y.buffer, d.y.byteOffset, d.y.byteLength));
    written.add(w.id);
  }
  return { xShape: d.xShape, ...(d.yShape ? { yShape: d.yShape } : {}) };
}

/** PyTorch's BLAS (Debian's pthread OpenBLAS) has its own thread pool that torch.set_num_threads
 *  does not limit, so the thread count is also set through the environment. */
/** The OPENBLAS_CORETYPE PyTorch's children run with (chosen below; undefined = autodetect). */
let coretype: string | undefined = process.env['OPENBLAS_CORETYPE'];
const threadEnv = (n: number): Record<string, string | undefined> => ({
  OPENBLAS_NUM_THREADS: String(n), OMP_NUM_THREADS: String(n), MKL_NUM_THREADS: String(n), OPENBLAS_CORETYPE: coretype,
});

let jobCounter = 0;
function runJob(job: JobSpec): JobResult {
  const file = path.join(dataDir, `job-${++jobCounter}.json`);
  if (job.runner === 'torch') {
    writeFileSync(file, JSON.stringify({ ...job, ...writeData(job.workload) }));
    return runChild(PYTHON, [path.join(here, 'torch_bench.py'), file], jobTimeoutMs, threadEnv(job.threads));
  }
  writeFileSync(file, JSON.stringify(job));
  return nodeChild([file]);
}

// ---- environment -----------------------------------------------------------------------------

const t0 = performance.now();
const loadStart = os.loadavg();
const simdFlags = (() => {
  try {
    const flags = /^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(/\s+/) ?? [];
    return ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512_bf16', 'avx512_vp2intersect'].filter((f) => flags.includes(f)).join(', ');
  } catch {
    return '';
  }
})();
const cpuModel = (() => {
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
})();
const pkgVersion = (name: string): string => {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
};
const versions: Record<string, string> = {
  'lstm-ts': (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version,
  '@tensorflow/tfjs': pkgVersion('@tensorflow/tfjs'),
  '@tensorflow/tfjs-backend-wasm': pkgVersion('@tensorflow/tfjs-backend-wasm'),
  'brain.js': pkgVersion('brain.js'),
  'onnxruntime-node': pkgVersion('onnxruntime-node'),
};

const log = (s: string): void => console.log(s);
log(`${command}\n${cpuModel}, ${os.cpus().length} cores, node ${process.version}, load average ${loadStart.map((v) => v.toFixed(2)).join(' ')}`);

// ---- --busy: default threads vs 1 thread, quiet and beside a busy process ---------------------

/**
 * lstm-ts wasm with its default threads (run-time adaptation included) against 1 thread, on the
 * machine as it is and beside one CPU-bound process (a user's other work on a shared machine);
 * rounds alternate the rows so other load hits both alike. Returns the table's lines.
 */
function busyComparison(families: Family[], rounds: number, policy: ReturnType<typeof timingPolicy>): string[] {
  const rows: { name: string; threads: number; options: Record<string, boolean> }[] = [
    { name: 'default threads', threads: os.availableParallelism(), options: { defaultThreads: true } },
    { name: '1 thread', threads: 1, options: {} },
  ];
  const table: string[] = [
    '| workload | machine | default threads, ms | 1 thread, ms | default speed ÷ 1-thread speed | threads in use at end |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const w of MAIN_WORKLOADS.filter((x) => families.includes(x.family) && x.id === x.family)) {
    for (const busy of [false, true]) {
      const hog = busy ? spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }) : null;
      try {
        // Each row's figure is the median of its per-round medians.
        const perRound: number[][] = rows.map(() => []);
        const inUse: string[] = [];
        for (let round = 0; round < rounds; round++) {
          for (const [i, row] of rows.entries()) {
            const job: JobSpec = { runner: 'lstm-ts:wasm', threads: row.threads, workload: w, timing: policy, seed, dataDir, options: { ...row.options, quick } };
            const r = runJob(job);
            const m = r.ok && r.samplesMs ? median(r.samplesMs) : NaN;
            perRound[i]!.push(m);
            if (row.options['defaultThreads']) inUse.push(String(r.facts?.['threadsInUseAtEnd'] ?? '?'));
            log(`  ${w.id.padEnd(6)} ${busy ? 'busy ' : 'quiet'} ${row.name.padEnd(16)} ${r.ok ? `${fmt(m).padStart(9)} ms median (n=${r.samplesMs?.length}, cpu/wall ${fmt(r.cpuPerWall ?? NaN, 2)}, load ${os.loadavg()[0]!.toFixed(1)})` : `not measured: ${r.reason}`}`);
          }
        }
        const ms = perRound.map((xs) => median(xs));
        table.push(`| ${w.id} | ${busy ? 'beside a busy process' : 'as it is'} | ${fmt(ms[0]!)} | ${fmt(ms[1]!)} | ${fmt(ms[1]! / ms[0]!, 2)}× | ${inUse.join(', ')} |`);
      } finally {
        hog?.kill('SIGKILL');
      }
    }
  }
  return table;
}

if (flag('--busy')) {
  const table = busyComparison(only ?? ['W1', 'W1-GRU', 'W2', 'W4'], Number(option('--rounds') ?? 1), timingPolicy(quick));
  log('');
  log(table.join('\n'));
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

// ---- --onnx-predict: our onnxruntime-backed predict beside onnxruntime's own session ------------

if (flag('--onnx-predict')) {
  const policy = timingPolicy(quick);
  const families: Family[] = only ?? ['W3'];
  const table: string[] = [
    '| workload | threads | lstm-ts onnxPredictor, ms | onnxruntime session, ms | ratio (ours ÷ theirs) | bare session on our export, ms | max abs diff vs predict | load (1 min) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const w of MAIN_WORKLOADS.filter((x) => families.includes(x.family) && x.kind === 'inference')) {
    for (const threads of [1, 2]) {
      const r = runJob({ runner: 'lstm-ts:onnxruntime', threads, workload: w, timing: policy, seed, dataDir, options: { quick } });
      const f = r.facts ?? {};
      const load = os.loadavg()[0]!.toFixed(1);
      const ms = r.ok && r.samplesMs ? median(r.samplesMs) : NaN;
      log(`  ${w.id.padEnd(5)} ${threads} thread(s) ${r.ok ? `ours ${fmt(ms)} ms, onnxruntime ${f['onnxruntimeMedianMs']} ms, ratio ${f['ratioVsOnnxruntime']} (n=${r.samplesMs?.length} each, load ${load})` : `not measured: ${r.reason}`}`);
      table.push(r.ok
        ? `| ${w.id} | ${threads} | ${fmt(ms)} | ${f['onnxruntimeMedianMs']} | ${f['ratioVsOnnxruntime']}× | ${f['bareSessionOnOurExportMedianMs']} | ${f['maxAbsDiffVsPredict']} | ${load} |`
        : `| ${w.id} | ${threads} | — | — | — | — | — | not measured: ${r.reason} |`);
    }
  }
  log('');
  log(table.join('\n'));
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

const torchProbe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
let torchSkip: string | null = null;
let torchInfo: Record<string, unknown> | null = null;
const coretypeTrials: string[] = [];
let chosenCoretype: string | undefined;
if (torchProbe.error || torchProbe.status !== 0) {
  torchSkip = `\`${PYTHON} -c "import torch"\` failed (${(torchProbe.error?.message ?? torchProbe.stderr.trim().split('\n').pop() ?? '').slice(0, 120)}); install Debian's python3-torch and libopenblas0-pthread`;
  log(`PyTorch: skipped: ${torchSkip}`);
} else {
  // OpenBLAS picks its kernels from OPENBLAS_CORETYPE when set (this machine's environment may
  // pin one, e.g. Haswell = AVX2 only) or from CPU detection. Try the inherited value,
  // autodetection and the AVX-512 and AVX2 kernels; PyTorch runs with the fastest.
  const inherited = process.env['OPENBLAS_CORETYPE'];
  const candidates: (string | undefined)[] = [...new Set([inherited, undefined, 'SkylakeX', 'Haswell'])];
  let best = -1;
  for (const c of candidates) {
    coretype = c;
    const probe = runChild(PYTHON, [path.join(here, 'torch_bench.py'), '--coretype-probe'], 120_000, threadEnv(1)) as unknown as Record<string, unknown>;
    const g = probe['ok'] ? Number(probe['gflops']) : NaN;
    const detected = probe['detectedCore'] ? ` (detected ${probe['detectedCore']})` : '';
    coretypeTrials.push(`${c === undefined ? 'unset (autodetect)' : c}${c === inherited && c !== undefined ? ' (inherited)' : ''}${detected}: ${Number.isFinite(g) ? `${g} GFLOP/s` : String(probe['reason'])}`);
    if (g > best) {
      best = g;
      chosenCoretype = c;
    }
  }
  coretype = chosenCoretype;
  log(`OpenBLAS core types, 512x512 matmul on 1 thread: ${coretypeTrials.join('; ')}; using ${coretype ?? 'autodetection'}`);
  const r = runChild(PYTHON, [path.join(here, 'torch_bench.py'), '--info', '1'], 300_000, threadEnv(1)) as unknown as Record<string, unknown>;
  const r2 = runChild(PYTHON, [path.join(here, 'torch_bench.py'), '--info', '2'], 300_000, threadEnv(2)) as unknown as Record<string, unknown>;
  if (r['ok']) {
    torchInfo = r;
    if (r2['ok']) Object.assign(r['matmulGflops'] as object, r2['matmulGflops']);
    log(`PyTorch ${r['version']}: ${r['blasInfo']}, loaded ${(r['loadedBlas'] as string[]).join(', ')}, OPENBLAS_CORETYPE=${r['openblasCoretype']}, matmul GFLOP/s ${JSON.stringify(r['matmulGflops'])}`);
  } else {
    torchSkip = String(r['reason']);
  }
}
const gemm = nodeChild(['--gemm-info']) as JobResult & { gemmGflops?: Record<string, number> };
log(`lstm-ts gemm GFLOP/s: ${JSON.stringify(gemm.gemmGflops ?? gemm.reason)}`);

// ---- the jobs --------------------------------------------------------------------------------

const policy = timingPolicy(quick);
const measured: Measured[] = [];

function measure(w: Workload, row: { runner: RunnerId; threads: number; label: string; baseline?: boolean; options?: Record<string, string | number | boolean> }, skip?: string): Measured {
  const base = { workload: w, runner: row.runner, threads: row.threads, label: row.label, load1: os.loadavg()[0]!, ...(row.baseline ? { baseline: true } : {}) };
  if (skip) return { ...base, result: { ok: false, reason: skip }, skipped: skip };
  const job: JobSpec = { runner: row.runner, threads: row.threads, workload: w, timing: policy, seed, dataDir, options: { ...row.options, quick } };
  const started = performance.now();
  const result = runJob(job);
  const m: Measured = { ...base, result };
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  log(`  ${w.id.padEnd(9)} ${rowName(row).padEnd(44)} ${result.ok ? `${fmt(medianMs(m)).padStart(9)} ms median (n=${result.samplesMs?.length}, cpu/wall ${fmt(result.cpuPerWall ?? NaN, 2)})` : `not measured: ${result.reason}`}  [${secs} s, load ${base.load1.toFixed(1)}]`);
  return m;
}

for (const w of MAIN_WORKLOADS) {
  if (only && !only.includes(w.family)) continue;
  log(`${w.id}: ${w.title}`);
  for (const row of ROWS) {
    if (!row.families.includes(w.family)) continue;
    let skip: string | undefined;
    if (row.runner === 'torch' && torchSkip) skip = torchSkip;
    else if (quick && row.quickSkip?.includes(w.family)) skip = 'skipped in --quick (slow, or to stay under 3 minutes); run the full mode';
    measured.push(measure(w, row, skip));
  }
}

const sweepCells = new Map<string, SweepCell[]>();
if (doSweep) {
  for (const s of sweeps(quick)) {
    if (only && !only.includes(s.family)) continue;
    log(`sweep ${s.family}: hidden ${s.hidden.join(', ')}`);
    const cells: SweepCell[] = [];
    for (const h of s.hidden) {
      const w = sweepWorkload(s.family, h);
      const byRow = new Map<string, Measured>();
      for (const row of s.rows) {
        // The sweep point at the workload's own size reuses the main measurement.
        const same = measured.find((m) => m.workload.id === s.family && m.runner === row.runner && m.threads === row.threads && m.workload.hidden === h && !m.result.note?.includes('resetAfter=false'));
        if (same && same.result.ok) {
          byRow.set(row.label, same);
          continue;
        }
        if (row.runner === 'torch' && torchSkip) continue;
        byRow.set(row.label, measure(w, row));
      }
      cells.push({ hidden: h, byRow });
    }
    sweepCells.set(s.family, cells);
  }
}

const memory: Measured[] = [];
if (doMemory) {
  for (const mj of memoryJobs(quick)) {
    if (only && !only.includes(mj.workload.family)) continue;
    log(`memory: ${mj.workload.id}, ${mj.steps} training steps, lstm-ts wasm`);
    const job: JobSpec = { runner: 'lstm-ts:wasm', threads: 2, workload: mj.workload, timing: policy, seed, dataDir, memorySteps: mj.steps };
    const load1 = os.loadavg()[0]!;
    const result = runJob(job);
    memory.push({ workload: mj.workload, runner: 'lstm-ts:wasm', threads: 2, label: 'lstm-ts wasm', load1, result });
    log(result.ok && result.memory ? `  RSS ${fmt(result.memory.rssMiB[0]!, 4)} MiB after step 1, ${fmt(result.memory.rssMiB[result.memory.rssMiB.length - 1]!, 4)} MiB after step ${mj.steps}` : `  not measured: ${result.reason}`);
  }
}

// Beside a busy process: every main training/latency workload, default threads vs 1 thread.
const busyFamilies = (['W1', 'W1-GRU', 'W2', 'W4'] as Family[]).filter((f) => !only || only.includes(f));
let busyTable: string[] = [];
if (!flag('--no-busy') && busyFamilies.length) {
  log('beside a busy process: default threads vs 1 thread');
  busyTable = busyComparison(busyFamilies, quick ? 1 : 2, policy);
}

rmSync(dataDir, { recursive: true, force: true });

// ---- the report ------------------------------------------------------------------------------

const env: EnvInfo = {
  command, date: new Date().toISOString(), node: process.version, cpuModel, cores: os.cpus().length,
  memGiB: os.totalmem() / 2 ** 30, loadStart, loadEnd: os.loadavg(), totalSeconds: (performance.now() - t0) / 1000,
  versions, gemmGflops: gemm.gemmGflops ?? null, torch: torchInfo, torchSkip, quick,
};

const md: string[] = [];
const p = (...lines: string[]): void => { md.push(...lines); };

p('# Benchmarks', '');
p(`Generated by \`${command}\` (${quick ? 'quick mode: few repetitions, small sweep, the slowest rows skipped' : 'full mode'}) on ${env.date}, in ${(env.totalSeconds / 60).toFixed(1)} minutes. Re-run with \`npm run bench\` (\`tsx bench/run.ts\`); \`--quick\` finishes in under 3 minutes.`, '');
p('## Machine', '');
p(`- CPU: ${env.cpuModel} (\`/proc/cpuinfo\`; SIMD flags ${simdFlags || 'unknown'}), ${env.cores} cores, ${env.memGiB.toFixed(0)} GiB RAM; Node ${env.node}; ${os.type()} ${os.release()}`);
p(`- Load average (1, 5, 15 min) at start: ${env.loadStart.map((v) => v.toFixed(2)).join(', ')}; at end: ${env.loadEnd.map((v) => v.toFixed(2)).join(', ')}. The machine is shared with other processes, so single runs are noisy: every figure is a median over repetitions, and each row lists the 1-minute load average when it started.`);
p(`- Versions: ${Object.entries(env.versions).map(([k, v]) => `${k} ${v}`).join(', ')}${torchInfo ? `, PyTorch ${torchInfo['version']}` : ''}.`);
if (env.gemmGflops) p(`- lstm-ts's own matrix products, n×n×n fp32 (js = \`src/kernels/fast/gemm.ts\`, plain TypeScript; wasm = \`src/kernels/wasm/assembly/gemm.ts\`, SIMD, 1t/2t threads): ${Object.entries(env.gemmGflops).map(([k, v]) => `${k} ${v} GFLOP/s`).join(', ')}.`);
if (torchInfo) {
  const gf = torchInfo['matmulGflops'] as Record<string, number>;
  const loaded = (torchInfo['loadedBlas'] as string[]).join(' ');
  const optimisedBlas = /openblas|mkl|blis/i.test(loaded) && (gf['512x512 1t'] ?? 0) > 20;
  p(`- PyTorch ${torchInfo['version']} (Debian \`python3-torch\`), built with ${torchInfo['blasInfo']} (it uses whatever \`libblas.so.3\` the system selects); BLAS library actually loaded: ${(torchInfo['loadedBlas'] as string[]).map((l) => `\`${l}\``).join(', ') || 'none found'}; OpenBLAS kernel choice (1-thread 512³ matmul): ${coretypeTrials.join('; ')}, so PyTorch runs with \`OPENBLAS_CORETYPE\` ${chosenCoretype === undefined ? 'unset (OpenBLAS detects the CPU)' : `= ${chosenCoretype}`}; ${torchInfo['cpuCapability']}; \`OPENBLAS_NUM_THREADS\`/\`OMP_NUM_THREADS\` set to each row's thread count. **Its matrix multiply: ${Object.entries(gf).map(([k, v]) => `${k.replace(/ (\d)t$/, ', $1 thread$1')} ${v} GFLOP/s`).join('; ').replace(/thread1/g, 'thread').replace(/thread2/g, 'threads')}**${optimisedBlas ? ', so the PyTorch rows below use an optimised BLAS, not the slow reference one.' : '. **Warning: this looks like the reference BLAS; the PyTorch rows are crippled (install libopenblas0-pthread).**'}`);
} else {
  p(`- PyTorch: not measured: ${env.torchSkip}.`);
}
p('');
p('## Method', '');
p('- Same shapes and the same seeded fp32 data for every runner (generated in `bench/workloads.ts`; PyTorch reads the same bytes from files). Weights are each library\'s own initialisation (the recurrent kernels glorot-uniform in the JS libraries to keep set-up fast; the values do not change the work).');
p('- Each (runner, workload) pair runs in its own fresh process. Untimed warm-up calls first, then timed repetitions; the figure is the **median**, with min–max and the count next to it.');
p('- **Speed vs lstm-ts wasm** = lstm-ts wasm (2 threads, the default here)\'s median time ÷ the row\'s median time: 2× means that runner is twice as fast as lstm-ts, 0.5× half as fast. Rows in *italics* (brain.js) are not the same workload; their ratios are in parentheses and only indicative.');
p('- **GFLOP/s** counts only the matrix products, identically for every runner: a recurrent layer forward is 2·G·H·(I+H)·B·T (G = 4 for LSTM, 3 for GRU), a Dense layer on every step 2·H·O·B·T, and a training step 3× the forward.');
p('- lstm-ts rows: `wasm` is the default engine (WebAssembly SIMD kernels, relaxed-SIMD fused multiply-add where available, with the given number of threads); `js` is `setBackend(\'js\')` (the plain TypeScript kernels); `reference` the float64 reference kernels. tfjs-backend-wasm runs single-threaded here (Node offers it no multithreaded build); 2-thread rows of onnxruntime-node and PyTorch run on a 2-core machine that other processes also use: whenever another process holds a core, a second thread that must meet the first at every time step (OpenMP barriers, spinning pools) loses time instead of gaining it, so compare 2-thread rows with the load column in mind. The CPU/wall column (process CPU time ÷ wall time while timing) shows how many threads were busy.');
p('');
p('## Summary', '');
p('| workload | lstm-ts wasm | fastest runner on the same workload | its speed vs lstm-ts | peers lstm-ts wasm beats |', '| --- | ---: | --- | ---: | --- |');
for (const w of MAIN_WORKLOADS) {
  const rows = measured.filter((m) => m.workload.id === w.id && m.result.ok && m.result.sameWorkload !== false);
  const base = rows.find((m) => m.baseline);
  if (!base) continue;
  const bms = medianMs(base);
  const best = [...rows].sort((a, b) => medianMs(a) - medianMs(b))[0]!;
  const slower = rows.filter((m) => !m.runner.startsWith('lstm-ts') && medianMs(m) > bms).map((m) => rowName(m));
  const primary = w.primary === 'ms' ? `${fmt(bms)} ms` : `${fmt(w.itemsPerIter / (bms / 1000))} ${w.unit}`;
  p(`| ${w.id} | ${primary} | ${rowName(best)}${best === base ? ' (lstm-ts itself)' : ''} | ${fmt(bms / medianMs(best))}× | ${slower.join(', ') || 'none'} |`);
}
p('');
p('## Targets', '');
p('The speed targets of issues 4 and 15, from this run\'s medians (lstm-ts with its default 2 threads). The machine is shared, so runs differ by about ±10%: a ratio near its threshold can land on either side. The last column is the ratio lstm-ts would reach if every floating-point operation it does for the workload ran at its own fastest matrix-product rate measured in this run (no gate math, no copies, no waiting; on W1 and W1-GRU lstm-ts projects each of the 96 distinct tokens once instead of all 2,048 positions, so it does 18% and 17% less arithmetic than the GFLOP figure the workload tables use): a target above it cannot be met by trimming overhead, only with a faster product (WebAssembly SIMD is 128 bits wide; the PyTorch rows run OpenBLAS with AVX-512).', '');
p(...targetsTable(measured, peakGemmGflops(gemm.gemmGflops)), '');
for (const w of MAIN_WORKLOADS) {
  const rows = measured.filter((m) => m.workload.id === w.id);
  if (rows.length === 0) continue;
  p(`## ${w.id}: ${w.title}`, '');
  p(`${fmt(w.flopsPerIter / 1e9)} GFLOP per ${w.training ? 'training step' : 'forward'}; ${w.primary === 'ms' ? 'ms per call' : `${w.unit} = ${w.itemsPerIter} / seconds per step`}.`, '');
  p(...workloadTable(rows), '');
}
for (const [family, cells] of sweepCells) {
  const names = [...new Set(cells.flatMap((c) => [...c.byRow.keys()]))];
  const w0 = cells[0] ? sweepWorkload(family as 'W1' | 'W3', cells[0].hidden) : null;
  p(`## Scaling: ${family} over hidden size`, '');
  p(`${w0 ? w0.title.replace(`LSTM(${w0.hidden},`, 'LSTM(H,') : ''}, H as listed; lstm-ts wasm with 2 threads, the peers with 1; median ms per ${family === 'W1' ? 'training step' : 'forward'}. "FLOP ×" is how much the work grows from the previous size (towards 4× per doubling once H dominates the input width); "lstm-ts cost ×" is how much lstm-ts's time grows.`, '');
  p(...sweepTable(family as 'W1' | 'W3', names, cells), '');
}
if (busyTable.length > 2) {
  p('## Beside a busy process', '');
  p('lstm-ts wasm with its default threads (all cores, with the run-time choice between one thread and all of them) against one thread, on the machine as it is and beside one CPU-bound process (`node -e "for(;;){}"`), in rounds that alternate the two rows; each figure is the median of the per-round medians. Issue 15\'s target: beside the busy process the default runs at least 0.9× its own 1-thread speed.', '');
  p(...busyTable, '');
}
if (memory.length) {
  p('## Memory', '');
  for (const m of memory) {
    p(`### Steady-state training, ${m.workload.id} (lstm-ts wasm, 2 threads, ${m.result.memory?.steps ?? '?'} steps of trainOnBatch)`, '');
    p(...memoryTable(m), '');
  }
}
const peakRows = measured.filter((m) => m.workload.id === 'W1' && m.result.ok);
if (peakRows.length) {
  p('### Peak memory on W1 (each runner in its own process; includes the runtime itself)', '');
  p(...peakTable(peakRows), '');
}
p('## Runner details', '');
const seenFacts = new Set<string>();
for (const m of [...measured, ...memory]) {
  if (!m.result.ok || !m.result.facts) continue;
  const key = rowName(m);
  const facts = Object.entries(m.result.facts).filter(([k]) => k !== 'maxAbsDiffVsLstmTs' && k !== 'modelBytes' && k !== 'tensorLeakPerStep' && k !== 'threads');
  if (seenFacts.has(key) || facts.length === 0) continue;
  seenFacts.add(key);
  p(`- ${key}: ${facts.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
}
const leaks = measured.filter((m) => ((m.result.facts?.['tensorLeakPerStep'] as number | undefined) ?? 0) > 0);
for (const m of leaks) p(`- ${m.workload.id}, ${rowName(m)}: tfjs tensors left per step: ${m.result.facts!['tensorLeakPerStep']}`);
const onnxChecks = measured.filter((m) => m.runner === 'onnxruntime' && m.result.ok);
if (onnxChecks.length) {
  p(`- onnxruntime-node, same-math check: with the same weights, the ONNX model and lstm-ts agree on the first two sequences of each workload to a largest absolute difference of ${onnxChecks.map((m) => `${m.result.facts?.['maxAbsDiffVsLstmTs']} (${m.workload.id}, ${m.threads}t)`).join(', ')}.`);
}
p('');
const notMeasured = measured.filter((m) => !m.result.ok);
p('## Not measured', '');
if (notMeasured.length === 0) p('Every row listed above was measured. Limits of the comparison:', '');
for (const m of notMeasured) p(`- ${m.workload.id}, ${rowName(m)}: ${m.result.reason}`);
p('- brain.js has no batched recurrent training or inference, no Adam and no sequence-to-one LSTM loss, so none of its rows is the same workload (each row says how it differs). onnxruntime-node is inference-only here (W3, W4). tfjs\'s GRU has only resetAfter=false; PyTorch\'s GRU only the reset-after form; lstm-ts is shown with both.');
p('');

const text = md.join('\n');
// Written to a temporary name and renamed, so an interrupted run never leaves half a file.
writeFileSync(`${outFile}.tmp`, text);
renameSync(`${outFile}.tmp`, outFile);
log('');
log(text);
log(`\nwrote ${path.relative(process.cwd(), outFile)} in ${(env.totalSeconds / 60).toFixed(1)} minutes`);
