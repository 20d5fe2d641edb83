/**
 * The speed targets (issue 4, raised by issue 15), checked against one run's medians: every
 * ratio below comes from rows measured in the same invocation, so they share the machine's
 * conditions.
 */
import type { RunnerId } from './common.js';
import { fmt, gflops, medianMs, type Measured } from './report.js';

interface Target {
  what: string;
  /** The measured figure as text and whether it meets the target; null when a row is missing. */
  check(rows: Measured[]): { figure: string; met: boolean } | null;
  /**
   * The best figure lstm-ts could reach if every floating-point operation it does for the
   * workload (lstmTsFlopsPerIter where set) ran at `peakGflops` (its own matrix product's best
   * rate in the same run) with no other cost:
   * a target beyond it cannot be met by removing overhead, only by a faster product.
   */
  ceiling?(rows: Measured[], peakGflops: number): string | null;
}

const okRows = (rows: Measured[], family: string) => rows.filter((m) => m.workload.id === family && m.result.ok && !m.skipped);
const baseline = (rows: Measured[], family: string) => okRows(rows, family).find((m) => m.baseline);
/** The fastest row of a peer (over its thread counts). */
const fastest = (rows: Measured[], family: string, runner: RunnerId) =>
  okRows(rows, family).filter((m) => m.runner === runner).sort((a, b) => medianMs(a) - medianMs(b))[0];

/** lstm-ts's throughput as a multiple of the peer's (time ratio). */
function speedup(family: string, runner: RunnerId, atLeast: number, peer: string): Target {
  return {
    what: `${family}: lstm-ts at least ${atLeast}× ${peer}`,
    check(rows) {
      const ours = baseline(rows, family);
      const theirs = fastest(rows, family, runner);
      if (!ours || !theirs) return null;
      const ratio = medianMs(theirs) / medianMs(ours);
      return { figure: `${fmt(ratio, 3)}× (${fmt(medianMs(ours))} vs ${fmt(medianMs(theirs))} ms, ${theirs.threads} thread${theirs.threads > 1 ? 's' : ''})`, met: ratio >= atLeast };
    },
    ceiling(rows, peakGflops) {
      const ours = baseline(rows, family);
      const theirs = fastest(rows, family, runner);
      if (!ours || !theirs || !(peakGflops > 0)) return null;
      const floorMs = (ours.workload.lstmTsFlopsPerIter ?? ours.workload.flopsPerIter) / (peakGflops * 1e9) * 1000;
      return `${fmt(medianMs(theirs) / floorMs, 3)}× (${fmt(floorMs)} ms at ${fmt(peakGflops)} GFLOP/s)`;
    },
  };
}

export const TARGETS: Target[] = [
  speedup('W1', 'tfjs:wasm', 25, 'tfjs wasm'),
  speedup('W1', 'torch', 1.0, 'PyTorch CPU (its faster thread count)'),
  speedup('W1-GRU', 'torch', 1.0, 'PyTorch CPU (its faster thread count)'),
  speedup('W2', 'tfjs:wasm', 35, 'tfjs wasm'),
  speedup('W2', 'torch', 0.7, 'PyTorch CPU (its faster thread count)'),
  {
    what: 'W3: at least 60 GFLOP/s',
    check(rows) {
      const ours = baseline(rows, 'W3');
      return ours ? { figure: `${fmt(gflops(ours))} GFLOP/s (${fmt(medianMs(ours))} ms)`, met: gflops(ours) >= 60 } : null;
    },
  },
  {
    what: "W3: lstm-ts's onnxPredictor within 1.2× of onnxruntime-node on its own graph (same thread count)",
    check(rows) {
      const ours = fastest(rows, 'W3', 'lstm-ts:onnxruntime');
      const theirs = ours && okRows(rows, 'W3').find((m) => m.runner === 'onnxruntime' && m.threads === ours.threads);
      if (!ours || !theirs) return null;
      const ratio = medianMs(ours) / medianMs(theirs);
      return { figure: `${fmt(ratio, 3)}× its time (${fmt(medianMs(ours))} vs ${fmt(medianMs(theirs))} ms, ${ours.threads} thread${ours.threads > 1 ? 's' : ''})`, met: ratio <= 1.2 };
    },
  },
  {
    what: 'W4: latency within 2× of onnxruntime-node (its faster thread count)',
    check(rows) {
      const ours = baseline(rows, 'W4');
      const theirs = fastest(rows, 'W4', 'onnxruntime');
      if (!ours || !theirs) return null;
      const ratio = medianMs(ours) / medianMs(theirs);
      return { figure: `${fmt(ratio, 3)}× its time (${fmt(medianMs(ours))} vs ${fmt(medianMs(theirs))} ms, ${theirs.threads} thread${theirs.threads > 1 ? 's' : ''})`, met: ratio <= 2 };
    },
  },
];

/**
 * The targets table, one row per target, for BENCHMARKS.md. `peakGflops`: lstm-ts's fastest
 * matrix product in the same run (2 threads), for the column of the best ratio it allows.
 */
export function targetsTable(rows: Measured[], peakGflops = NaN): string[] {
  const out = [
    '| target | this run | met | at most, if all the work ran at lstm-ts\'s own matrix-product peak |',
    '| --- | --- | --- | --- |',
  ];
  for (const t of TARGETS) {
    const r = t.check(rows);
    const bound = t.ceiling?.(rows, peakGflops) ?? '–';
    out.push(`| ${t.what} | ${r ? r.figure : 'a row is missing from this run'} | ${r ? (r.met ? 'yes' : '**no**') : '–'} | ${bound} |`);
  }
  return out;
}

/** lstm-ts's best multi-thread matrix-product rate among the sizes bench measured, or NaN. */
export function peakGemmGflops(gemmGflops: Record<string, number> | null | undefined): number {
  const wasm = Object.entries(gemmGflops ?? {}).filter(([k]) => k.startsWith('wasm') && !k.endsWith(' 1t')).map(([, v]) => v);
  return wasm.length ? Math.max(...wasm) : NaN;
}
