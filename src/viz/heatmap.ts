/**
 * Heatmaps: a grid of coloured cells, `values[r][c]` at row `rows[r]` and column
 * `columns[c]`. Used for gate activations over time (rows = units, columns = the characters
 * of a string) and for confusion matrices (with `showValues`, the numbers in the cells).
 *
 * Rows and columns are placed by index, so repeated labels (the two `l`s of "hello") stay
 * separate cells; the labels are only what the axes print.
 */
import * as vega from 'vega';
import type { ColorScheme } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { ValueError, assertInt, assertKnownOptions } from '../tensor/errors.js';
import { renderVegaLite } from './render.js';
import { optionalBoolean, optionalString, show } from './args.js';

/** Arguments of `heatmapSpec` / `heatmapSvg`. */
export interface HeatmapArgs {
  title?: string;
  /** One label per row, top to bottom. */
  rows: readonly string[];
  /** One label per column, left to right. */
  columns: readonly string[];
  /** `rows.length` arrays of `columns.length` finite numbers. */
  values: readonly (readonly number[])[];
  /** Any Vega colour scheme name; default 'viridis' ('blues' suits confusion matrices). */
  colorScheme?: string;
  /** Colour domain [min, max]; default the min and max of `values`. */
  domain?: readonly [number, number];
  xTitle?: string;
  yTitle?: string;
  /** Title of the colour legend; default none. */
  legendTitle?: string;
  /** Print each value in its cell; default false (meant for small grids). */
  showValues?: boolean;
  /** Decimals printed with `showValues`; default 0 if every value is an integer, else 2. */
  decimals?: number;
  /** Cell width and height in pixels; default 20, or wide enough for the printed values. */
  cellSize?: number;
}

const ARG_KEYS = [
  'title', 'rows', 'columns', 'values', 'colorScheme', 'domain', 'xTitle', 'yTitle',
  'legendTitle', 'showValues', 'decimals', 'cellSize',
] as const;

/** One cell of the chart's inline data. */
interface Cell {
  r: number;
  c: number;
  v: number;
  label: string;
  ink: string;
}

/**
 * Builds the Vega-Lite spec of a heatmap (without rendering it).
 *
 * @example
 * const spec = heatmapSpec({
 *   title: 'Confusion matrix',
 *   rows: ['cat', 'dog'], columns: ['cat', 'dog'],
 *   values: [[48, 2], [5, 45]],
 *   colorScheme: 'blues', showValues: true, xTitle: 'predicted', yTitle: 'true',
 * });
 */
export function heatmapSpec(args: HeatmapArgs): TopLevelSpec {
  return buildHeatmapSpec('heatmapSpec', args);
}

/**
 * Renders a heatmap to a standalone SVG string (see `heatmapSpec` for the arguments).
 *
 * @example
 * // Input-gate activations of 3 units over the characters of "hello".
 * const svg = await heatmapSvg({
 *   title: 'Input gate', rows: ['unit 0', 'unit 1', 'unit 2'], columns: [...'hello'],
 *   values: [[0.1, 0.9, 0.5, 0.5, 0.2], [0.8, 0.7, 0.1, 0.1, 0.9], [0.3, 0.3, 0.6, 0.6, 0.4]],
 *   domain: [0, 1],
 * });
 */
export function heatmapSvg(args: HeatmapArgs): Promise<string> {
  try {
    return renderVegaLite(buildHeatmapSpec('heatmapSvg', args));
  } catch (err) {
    return Promise.reject(err);
  }
}

function buildHeatmapSpec(where: string, args: HeatmapArgs): TopLevelSpec {
  if (typeof args !== 'object' || args === null) {
    throw new ValueError(`${where}: argument 'args' expected an object, got ${show(args)}`);
  }
  assertKnownOptions(where, args, ARG_KEYS);
  const title = optionalString(where, 'title', args.title);
  const xTitle = optionalString(where, 'xTitle', args.xTitle);
  const yTitle = optionalString(where, 'yTitle', args.yTitle);
  const legendTitle = optionalString(where, 'legendTitle', args.legendTitle);
  const showValues = optionalBoolean(where, 'showValues', args.showValues) ?? false;
  const rows = checkLabels(where, 'rows', args.rows);
  const columns = checkLabels(where, 'columns', args.columns);
  const values = checkValues(where, args.values, rows.length, columns.length);

  const colorScheme = args.colorScheme ?? 'viridis';
  const scheme: unknown = typeof colorScheme === 'string' ? vega.scheme(colorScheme) : undefined;
  if (scheme === undefined) {
    throw new ValueError(
      `${where}: option 'colorScheme' expected a Vega colour scheme name such as 'viridis', 'blues' or 'redblue', got ${show(colorScheme)}`,
    );
  }

  let lo = Infinity;
  let hi = -Infinity;
  for (const row of values) for (const v of row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const domain = checkDomain(where, args.domain) ?? [lo, hi];

  const allIntegers = values.every((row) => row.every((v) => Number.isInteger(v)));
  const decimals = args.decimals ?? (allIntegers ? 0 : 2);
  assertInt(where, 'decimals', decimals, 0, 10);

  const cells: Cell[] = [];
  let widest = 0;
  values.forEach((row, r) =>
    row.forEach((v, c) => {
      const label = v.toFixed(decimals);
      widest = Math.max(widest, label.length);
      const t = domain[1] === domain[0] ? 0.5 : (v - domain[0]) / (domain[1] - domain[0]);
      cells.push({ r, c, v, label, ink: inkFor(colorAt(scheme, Math.min(1, Math.max(0, t)))) });
    }),
  );

  // Small grids with printed values (confusion matrices) get cells wide enough for
  // horizontal column labels too, up to 90 px; 6.5 px is about one 11 px label character.
  const longestColumn = columns.reduce((m, s) => Math.max(m, s.length), 0);
  const fitColumnLabels = showValues && columns.length <= 12 ? Math.min(90, Math.ceil(longestColumn * 6.5) + 8) : 0;
  const cellSize = args.cellSize ?? (showValues ? Math.max(24, widest * 7 + 10, fitColumnLabels) : 20);
  assertInt(where, 'cellSize', cellSize, 4, 400);
  const fontSize = Math.max(6, Math.min(12, Math.floor(cellSize / 2.4)));
  const horizontalLabels = longestColumn <= 3 || longestColumn * 6.5 + 4 <= cellSize;

  const x = {
    field: 'c',
    type: 'ordinal' as const,
    title: xTitle ?? null,
    axis: {
      labelExpr: 'heatmapColumns[datum.value]',
      labelAngle: horizontalLabels ? 0 : -45,
      ticks: false,
      domain: false,
      labelPadding: 4,
    },
  };
  const y = {
    field: 'r',
    type: 'ordinal' as const,
    title: yTitle ?? null,
    axis: { labelExpr: 'heatmapRows[datum.value]', ticks: false, domain: false, labelPadding: 4 },
  };
  const layer: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      mark: { type: 'rect', stroke: 'white', strokeWidth: cellSize >= 12 ? 0.5 : 0 },
      encoding: {
        x,
        y,
        color: {
          field: 'v',
          type: 'quantitative',
          scale: { scheme: colorScheme as ColorScheme, domain: [domain[0], domain[1]] },
          legend: { title: legendTitle ?? null, gradientLength: Math.max(60, Math.min(200, rows.length * cellSize)) },
        },
      },
    },
  ];
  if (showValues) {
    layer.push({
      mark: { type: 'text', fontSize, baseline: 'middle', align: 'center', color: { expr: 'datum.ink' } },
      encoding: { x, y, text: { field: 'label', type: 'nominal' } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title !== undefined ? { title } : {}),
    params: [
      { name: 'heatmapRows', value: rows },
      { name: 'heatmapColumns', value: columns },
    ],
    data: { values: cells },
    width: { step: cellSize },
    height: { step: cellSize },
    config: { axis: { grid: false } },
    layer,
  };
}

function checkLabels(where: string, name: 'rows' | 'columns', value: unknown): string[] {
  if (!Array.isArray(value)) {
    throw new ValueError(`${where}: argument '${name}' expected an array of strings, got ${show(value)}`);
  }
  if (value.length === 0) {
    throw new ValueError(`${where}: argument '${name}' expected at least one label, got an empty array`);
  }
  value.forEach((s: unknown, i) => {
    if (typeof s !== 'string') {
      throw new ValueError(`${where}: argument '${name}[${i}]' expected a string, got ${show(s)}`);
    }
  });
  return value as string[];
}

function checkValues(where: string, value: unknown, nRows: number, nCols: number): number[][] {
  if (!Array.isArray(value) || value.length !== nRows) {
    throw new ValueError(
      `${where}: argument 'values' expected ${nRows} rows (one per label in 'rows'), got ${Array.isArray(value) ? `${value.length} rows` : show(value)}`,
    );
  }
  value.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== nCols) {
      throw new ValueError(
        `${where}: argument 'values[${r}]' expected ${nCols} values (one per label in 'columns'), got ${Array.isArray(row) ? row.length : show(row)}`,
      );
    }
    row.forEach((v: unknown, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValueError(`${where}: argument 'values[${r}][${c}]' expected a finite number, got ${show(v)}`);
      }
    });
  });
  return value as number[][];
}

function checkDomain(where: string, value: unknown): [number, number] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) || value.length !== 2 ||
    typeof value[0] !== 'number' || typeof value[1] !== 'number' ||
    !Number.isFinite(value[0]) || !Number.isFinite(value[1]) || !(value[0] < value[1])
  ) {
    throw new ValueError(`${where}: option 'domain' expected [min, max] with finite min < max, got ${show(value)}`);
  }
  return [value[0], value[1]];
}

/** The colour of `scheme` (an interpolator or a list of colours) at t in [0, 1]. */
function colorAt(scheme: unknown, t: number): string {
  if (typeof scheme === 'function') return String((scheme as (t: number) => unknown)(t));
  if (Array.isArray(scheme) && scheme.length > 0) {
    return String(scheme[Math.min(scheme.length - 1, Math.floor(t * scheme.length))]);
  }
  return '#808080';
}

/** Black or white text, whichever reads better on `background` ('#rrggbb' or 'rgb(r, g, b)'). */
function inkFor(background: string): string {
  let rgb: number[] | undefined;
  const hex = /^#([0-9a-f]{6})$/i.exec(background);
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  } else {
    const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(background);
    if (m) rgb = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (!rgb) return '#000000';
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.4 ? '#000000' : '#ffffff';
}
