/**
 * A small line chart drawn as inline SVG markup: linear axes with round ticks, any number of
 * series (line, dashed line or dots), optional vertical markers and a legend. Used for the
 * loss curve and the forecast; enough for both without a charting library.
 */
import { esc } from './dom.ts';

export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  /** CSS class of the line (colours live in the stylesheet). */
  className: string;
  style?: 'line' | 'dashed' | 'dots';
}

export interface ChartArgs {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  /** Vertical markers, e.g. where the held-out test part begins. */
  markers?: readonly { x: number; label: string }[];
  width?: number;
  height?: number;
  /** Labels the x ticks (e.g. index → date); default: the number. */
  xTickFormat?: (x: number) => string;
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // The round step whose tick count comes closest to `count`.
  const step = [0.5, 1, 2, 2.5, 5, 10]
    .map((m) => m * magnitude)
    .reduce((best, s) => (Math.abs((hi - lo) / s - count) < Math.abs((hi - lo) / best - count) ? s : best));
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function tickText(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  if (a !== 0 && a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

/** The chart as an `<svg>` element's markup, with the title as its accessible name. */
export function lineChartSvg(args: ChartArgs): string {
  const width = args.width ?? 640;
  const height = args.height ?? 260;
  const m = { left: 56, right: 12, top: 44, bottom: 40 };
  const all = args.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = [...all.map((p) => p[0]), ...(args.markers ?? []).map((mk) => mk.x)];
  const ys = all.map((p) => p[1]);
  let [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) (y0 -= 0.5), (y1 += 0.5);
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const px = (x: number): number => m.left + ((x - x0) / (x1 - x0)) * (width - m.left - m.right);
  const py = (y: number): number => height - m.bottom - ((y - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const fx = args.xTickFormat ?? tickText;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(args.title)}">`);
  parts.push(`<text class="chart-title" x="${m.left}" y="16">${esc(args.title)}</text>`);
  for (const t of niceTicks(y0, y1)) {
    const y = py(t).toFixed(1);
    parts.push(`<line class="grid" x1="${m.left}" x2="${width - m.right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="tick" x="${m.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(tickText(t))}</text>`);
  }
  for (const t of niceTicks(x0, x1, 6)) {
    const x = px(t).toFixed(1);
    parts.push(`<line class="axis" x1="${x}" x2="${x}" y1="${height - m.bottom}" y2="${height - m.bottom + 4}"/>`);
    parts.push(`<text class="tick" x="${x}" y="${height - m.bottom + 16}" text-anchor="middle">${esc(fx(t))}</text>`);
  }
  parts.push(`<line class="axis" x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}"/>`);
  parts.push(`<text class="axis-label" x="${(m.left + width - m.right) / 2}" y="${height - 6}" text-anchor="middle">${esc(args.xLabel)}</text>`);
  parts.push(`<text class="axis-label" transform="translate(14 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(args.yLabel)}</text>`);
  for (const mk of args.markers ?? []) {
    const x = px(mk.x).toFixed(1);
    parts.push(`<line class="marker" x1="${x}" x2="${x}" y1="${m.top}" y2="${height - m.bottom}"/>`);
    parts.push(`<text class="marker-label" x="${Number(x) + 4}" y="${m.top + 10}">${esc(mk.label)}</text>`);
  }
  for (const s of args.series) {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (pts.length === 0) continue;
    if (s.style === 'dots') {
      for (const [x, y] of pts) parts.push(`<circle class="${s.className}" cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5"/>`);
    } else {
      const d = pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
      parts.push(`<path class="${s.className}${s.style === 'dashed' ? ' dashed' : ''}" d="${d}"/>`);
    }
  }
  // Legend in its own row under the title.
  let lx = m.left;
  for (const s of args.series) {
    const sample = s.style === 'dots'
      ? `<circle class="${s.className}" cx="${lx + 8}" cy="29" r="3"/>`
      : `<line class="${s.className}${s.style === 'dashed' ? ' dashed' : ''}" x1="${lx}" x2="${lx + 16}" y1="29" y2="29"/>`;
    parts.push(`${sample}<text class="legend" x="${lx + 20}" y="33">${esc(s.name)}</text>`);
    lx += 30 + s.name.length * 6.2;
  }
  parts.push('</svg>');
  return parts.join('');
}
