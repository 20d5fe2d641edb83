/**
 * One heatmap of a gate or state over time: rows are units, columns are time steps (the
 * input characters), colour is the value. Every cell carries its value in a `<title>` (the
 * browser's tooltip) and in data attributes, so hover readouts and clicks need no lookup
 * tables. `data-rows`/`data-cols` on the `<svg>` give its dimensions to tests and scripts.
 */
import { esc, showChar } from './dom.ts';

export type Palette = 'sequential' | 'diverging';

export interface HeatmapArgs {
  /** Short key, e.g. 'i' or 'c', written to `data-gate`. */
  key: string;
  title: string;
  /** `[units][time]`. */
  values: readonly (readonly number[])[];
  /** One label per column (the characters). */
  columns: readonly string[];
  /** Colour range; values outside are clamped. */
  domain: readonly [number, number];
  palette: Palette;
}

type Rgb = readonly [number, number, number];
const WHITE: Rgb = [247, 247, 247];
const BLUE_LIGHT: Rgb = [240, 246, 252];
const BLUE_DARK: Rgb = [8, 48, 107];
const BLUE: Rgb = [33, 102, 172];
const RED: Rgb = [178, 24, 43];

function mix(a: Rgb, b: Rgb, t: number): string {
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Colour of `value`: light-to-dark blue for gates in [0, 1], blue-white-red around zero for states. */
export function colour(value: number, domain: readonly [number, number], palette: Palette): string {
  const [lo, hi] = domain;
  const t = Math.min(1, Math.max(0, (value - lo) / (hi - lo || 1)));
  if (palette === 'sequential') return mix(BLUE_LIGHT, BLUE_DARK, t);
  return t < 0.5 ? mix(BLUE, WHITE, t * 2) : mix(WHITE, RED, (t - 0.5) * 2);
}

const CELL_W = 13;
const LEFT = 34;
const TOP = 4;
const LEGEND_W = 64;

/** Cell height: tall enough to hover, short enough that 64 units still fit on a screen. */
function cellHeight(rows: number): number {
  return Math.max(4, Math.min(12, Math.floor(256 / Math.max(rows, 1))));
}

/** Where cell (unit u, step t) sits in a heatmap of `rows` units: for highlighting a step. */
export function cellBox(rows: number, u: number, t: number): { x: number; y: number; width: number; height: number } {
  const ch = cellHeight(rows);
  return { x: LEFT + t * CELL_W, y: TOP + u * ch, width: CELL_W, height: ch };
}

export function heatmapSvg(args: HeatmapArgs): string {
  const rows = args.values.length;
  const cols = args.columns.length;
  const ch = cellHeight(rows);
  const gridW = cols * CELL_W;
  const gridH = rows * ch;
  const width = LEFT + gridW + 12 + LEGEND_W;
  const height = TOP + Math.max(gridH, 40) + 20;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" data-gate="${esc(args.key)}" data-rows="${rows}" data-cols="${cols}" ` +
      `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ` +
      `aria-label="${esc(args.title)}: ${rows} units by ${cols} time steps; hover a cell for its value">`,
  );
  const labelEvery = Math.max(1, Math.ceil(10 / ch));
  for (let u = 0; u < rows; u += labelEvery) {
    parts.push(`<text class="tick" x="${LEFT - 4}" y="${TOP + u * ch + ch / 2}" text-anchor="end" dominant-baseline="middle">u${u}</text>`);
  }
  for (let u = 0; u < rows; u++) {
    const row = args.values[u]!;
    for (let t = 0; t < cols; t++) {
      const v = row[t]!;
      const label = `unit ${u}, step ${t} '${showChar(args.columns[t]!)}': ${v.toFixed(4)}`;
      parts.push(
        `<rect class="cell" data-u="${u}" data-t="${t}" data-v="${v}" x="${LEFT + t * CELL_W}" y="${TOP + u * ch}" width="${CELL_W}" height="${ch}" ` +
          `fill="${colour(v, args.domain, args.palette)}"><title>${esc(label)}</title></rect>`,
      );
    }
  }
  for (let t = 0; t < cols; t++) {
    parts.push(`<text class="char" x="${LEFT + t * CELL_W + CELL_W / 2}" y="${TOP + gridH + 13}" text-anchor="middle">${esc(showChar(args.columns[t]!))}</text>`);
  }
  // Colour legend: a vertical bar with the domain's ends.
  const lx = LEFT + gridW + 12;
  const steps = 16;
  const barH = Math.max(gridH, 40);
  for (let k = 0; k < steps; k++) {
    const v = args.domain[1] - ((k + 0.5) / steps) * (args.domain[1] - args.domain[0]);
    parts.push(`<rect x="${lx}" y="${TOP + (k * barH) / steps}" width="10" height="${barH / steps + 0.5}" fill="${colour(v, args.domain, args.palette)}"/>`);
  }
  parts.push(`<text class="tick" x="${lx + 14}" y="${TOP + 8}">${esc(args.domain[1].toFixed(2))}</text>`);
  parts.push(`<text class="tick" x="${lx + 14}" y="${TOP + barH}">${esc(args.domain[0].toFixed(2))}</text>`);
  // The selected time step's outline, moved by the step-through view.
  parts.push(`<rect class="cursor" x="${LEFT}" y="${TOP}" width="${CELL_W}" height="${gridH}" visibility="hidden"/>`);
  parts.push('</svg>');
  return parts.join('');
}
