/**
 * Turns the collected job results into the console tables and BENCHMARKS.md.
 */
import { median, type JobResult, type RunnerId } from './common.js';
import type { Workload } from './workloads.js';

export interface Measured {
  workload: Workload;
  runner: RunnerId;
  threads: number;
  label: string;
  baseline?: boolean;
  result: JobResult;
  /** 1-minute load average when the job started. */
  load1: number;
  /** Why the row was not run at all (e.g. --quick, torch missing). */
  skipped?: string;
}

export interface EnvInfo {
  command: string;
  date: string;
  node: string;
  cpuModel: string;
  cores: number;
  memGiB: number;
  loadStart: number[];
  loadEnd: number[];
  totalSeconds: number;
  versions: Record<string, string>;
  gemmGflops: Record<string, number> | null;
  torch: Record<string, unknown> | null;
  torchSkip: string | null;
  quick: boolean;
}

const fmt = (v: number, digits = 3): string => {
  if (!Number.isFinite(v)) return 'n/a';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  return v.toPrecision(digits);
};

const rowName = (m: Pick<Measured, 'label' | 'threads'>): string => `${m.label} (${m.threads} thread${m.threads > 1 ? 's' : ''})`;

export function medianMs(m: Measured): number {
  return m.result.ok && m.result.samplesMs ? median(m.result.samplesMs) : NaN;
}

export function gflops(m: Measured): number {
  return m.workload.flopsPerIter / (medianMs(m) / 1000) / 1e9;
}

function throughput(m: Measured): number {
  return m.workload.itemsPerIter / (medianMs(m) / 1000);
}

function spread(m: Measured): string {
  const s = m.result.samplesMs ?? [];
  if (s.length === 0) return '';
  return `${fmt(Math.min(...s))}–${fmt(Math.max(...s))}, n=${s.length}`;
}

/** One workload's table. Speed ratio = lstm-ts wasm (2 threads)'s median time / the row's (2x = twice as fast as lstm-ts). */
export function workloadTable(rows: Measured[]): string[] {
  const w = rows[0]!.workload;
  const base = rows.find((r) => r.baseline && r.result.ok);
  const baseMs = base ? medianMs(base) : NaN;
  const out: string[] = [];
  const primaryHead = w.primary === 'ms' ? 'median ms / call' : `median ${w.unit}`;
  out.push(`| runner | ${primaryHead} | ms / iteration (min–max, n) | GFLOP/s | speed vs lstm-ts wasm | CPU/wall | load | notes |`);
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    if (r.skipped || !r.result.ok) {
      out.push(`| ${rowName(r)} | — | — | — | — | — | — | not measured: ${r.skipped ?? r.result.reason ?? 'failed'} |`);
      continue;
    }
    const ms = medianMs(r);
    const primary = w.primary === 'ms' ? fmt(ms) : fmt(throughput(r));
    const ratio = ms > 0 && Number.isFinite(baseMs) ? baseMs / ms : NaN;
    const ratioText = r.baseline && r.label === base?.label ? '1 (baseline)' : `${fmt(ratio)}×`;
    const notes = [r.result.sameWorkload === false ? '**not the same workload**' : '', r.result.note ?? ''].filter(Boolean).join(': ');
    const name = r.result.sameWorkload === false ? `*${rowName(r)}*` : rowName(r);
    out.push(`| ${name} | ${primary} | ${fmt(ms)} (${spread(r)}) | ${fmt(gflops(r))} | ${r.result.sameWorkload === false ? `(${ratioText})` : ratioText} | ${fmt(r.result.cpuPerWall ?? NaN, 2)} | ${r.load1.toFixed(1)} | ${notes} |`);
  }
  return out;
}

export interface SweepCell { hidden: number; byRow: Map<string, Measured> }

export function sweepTable(family: 'W1' | 'W3', rowNames: string[], cells: SweepCell[]): string[] {
  const out: string[] = [];
  const head = ['hidden', 'GFLOP / iteration'];
  for (const n of rowNames) head.push(`${n}: ms`, `${n}: GFLOP/s`);
  head.push('FLOP × vs previous size', 'lstm-ts cost × vs previous size', rowNames.slice(1).map((n) => `${n} speed vs lstm-ts`).join(', '));
  out.push(`| ${head.join(' | ')} |`);
  out.push(`|${head.map(() => ' ---: ').join('|')}|`);
  let prevMs = NaN;
  let prevFlops = 0;
  for (const c of cells) {
    const cols: string[] = [String(c.hidden)];
    const any = [...c.byRow.values()][0];
    cols.push(any ? fmt(any.workload.flopsPerIter / 1e9) : '');
    for (const n of rowNames) {
      const m = c.byRow.get(n);
      if (!m || !m.result.ok) {
        cols.push('—', '—');
        continue;
      }
      cols.push(fmt(medianMs(m)), fmt(gflops(m)));
    }
    const base = c.byRow.get(rowNames[0]!);
    const baseMs = base && base.result.ok ? medianMs(base) : NaN;
    cols.push(any && prevFlops > 0 ? `${fmt(any.workload.flopsPerIter / prevFlops)}×` : '');
    prevFlops = any ? any.workload.flopsPerIter : 0;
    cols.push(Number.isFinite(prevMs) && Number.isFinite(baseMs) ? `${fmt(baseMs / prevMs)}×` : '');
    prevMs = baseMs;
    cols.push(rowNames.slice(1).map((n) => {
      const m = c.byRow.get(n);
      return m && m.result.ok ? `${fmt(baseMs / medianMs(m))}×` : '—';
    }).join(', '));
    out.push(`| ${cols.join(' | ')} |`);
  }
  void family;
  return out;
}

export function memoryTable(m: Measured): string[] {
  const t = m.result.memory;
  if (!m.result.ok || !t) return [`Not measured: ${m.result.reason ?? 'failed'}`];
  const out: string[] = [];
  const at = (s: number): string => fmt(t.rssMiB[s - 1] ?? NaN, 4);
  const marks = [1, 10, 20, 50, 100, 150, 200, t.steps].filter((s, i, a) => s <= t.steps && a.indexOf(s) === i);
  out.push(`| step | ${marks.join(' | ')} |`);
  out.push(`| --- |${marks.map(() => ' ---: ').join('|')}|`);
  out.push(`| RSS (MiB) | ${marks.map(at).join(' | ')} |`);
  const heap = new Map(t.heapAfterGcMiB.map((h) => [h.step, h.mib]));
  out.push(`| JS heap after GC (MiB) | ${marks.map((s) => (heap.has(s) ? fmt(heap.get(s)!, 4) : '')).join(' | ')} |`);
  const from = Math.min(20, t.steps);
  const growth = (t.rssMiB[t.steps - 1] ?? NaN) - (t.rssMiB[from - 1] ?? NaN);
  const maxAfter = Math.max(...t.rssMiB.slice(from - 1));
  // RSS saw-tooths with the garbage collector, so compare the two halves after warm-up rather
  // than fitting a line through the teeth.
  const mid = Math.floor((from + t.steps) / 2);
  const firstHalf = t.rssMiB.slice(from, mid);
  const secondHalf = t.rssMiB.slice(mid);
  const h0 = heap.get(from) ?? NaN;
  const h1 = heap.get(t.steps) ?? NaN;
  out.push('');
  out.push(
    `RSS change from step ${from} to step ${t.steps}: ${fmt(growth, 3)} MiB. RSS over steps ${from + 1}–${mid}: median ${fmt(median(firstHalf), 4)}, max ${fmt(Math.max(...firstHalf), 4)} MiB; ` +
      `over steps ${mid + 1}–${t.steps}: median ${fmt(median(secondHalf), 4)}, max ${fmt(Math.max(...secondHalf), 4)} MiB (max after step ${from}: ${fmt(maxAfter, 4)} MiB). ` +
      `JS heap after a forced GC: ${fmt(h0, 4)} MiB at step ${from}, ${fmt(h1, 4)} MiB at step ${t.steps} (${fmt(h1 - h0, 2)} MiB). ` +
      `Median step ${fmt(median(t.msPerStep))} ms; process peak RSS ${fmt(m.result.peakRssMiB ?? NaN, 4)} MiB.`,
  );
  return out;
}


export function peakTable(rows: Measured[]): string[] {
  const out = ['| runner | RSS after set-up and warm-up (MiB) | peak RSS of the process (MiB) |', '| --- | ---: | ---: |'];
  for (const r of rows) {
    if (!r.result.ok) continue;
    out.push(`| ${r.result.sameWorkload === false ? `*${rowName(r)}* (not the same workload)` : rowName(r)} | ${fmt(r.result.rssSetupMiB ?? NaN, 4)} | ${fmt(r.result.peakRssMiB ?? NaN, 4)} |`);
  }
  return out;
}

export { fmt, rowName };
