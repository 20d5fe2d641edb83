/**
 * Heatmaps: a grid of coloured cells, `values[r][c]` at row `rows[r]` and column
 * `columns[c]`. Used for gate activations over time (rows = units, columns = the characters
 * of a string) and for confusion matrices (with `showValues`, the numbers in the cells).
 *
 * Rows and columns are placed by index, so repeated labels (the two `l`s of "hello") stay
 * separate cells; the labels are only what the axes print.
 *
 * Building a spec needs no Vega: the ink of printed values (black or white, whichever reads
 * better on the cell) is an expression Vega evaluates on the cell's own colour, and the colour
 * scheme name is checked against Vega's list when the heatmap is rendered.
 */
import type { ColorScheme } from 'vega' with { 'resolution-mode': 'import' };
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { ValueError, assertInt, assertKnownOptions } from '../tensor/errors.js';
import { loadVega, renderVegaLite } from './render.js';
import { optionalBoolean, optionalString, show } from './args.js';

/** Arguments of `heatmapSpec` / `heatmapSvg`. */
export interface HeatmapArgs {
  /** Chart title above the grid; none by default. */
  title?: string;
  /** One label per row, top to bottom. */
  rows: readonly string[];
  /** One label per column, left to right. */
  columns: readonly string[];
  /** `rows.length` arrays of `columns.length` finite numbers. */
  values: readonly (readonly number[])[];
  /**
   * Any Vega colour scheme name; default 'viridis' ('blues' suits confusion matrices).
   * `heatmapSvg` refuses an unknown name; `heatmapSpec` leaves that to whoever renders it.
   */
  colorScheme?: string;
  /** Colour domain [min, max]; default the min and max of `values`. */
  domain?: readonly [number, number];
  /** Title of the column axis, e.g. 'predicted'; none by default. */
  xTitle?: string;
  /** Title of the row axis, e.g. 'true'; none by default. */
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
}

/**
 * Black or white text, whichever reads better on the cell's colour: WCAG relative luminance
 * of the colour scale's value for the cell, evaluated by Vega. 'color' is the name Vega-Lite
 * gives the colour scale of the layer.
 */
const INK_EXPR = "luminance(scale('color', datum.v)) > 0.4 ? '#000000' : '#ffffff'";

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
export async function heatmapSvg(args: HeatmapArgs): Promise<string> {
  const spec = buildHeatmapSpec('heatmapSvg', args);
  const colorScheme = args.colorScheme ?? 'viridis';
  const vega = await loadVega('heatmapSvg');
  if (vega.scheme(colorScheme) === undefined) throw unknownScheme('heatmapSvg', colorScheme);
  return renderVegaLite(spec);
}

function unknownScheme(where: string, value: unknown): ValueError {
  return new ValueError(
    `${where}: option 'colorScheme' expected a Vega colour scheme name such as 'viridis', 'blues' or 'redblue', got ${show(value)}`,
  );
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

  const colorScheme: unknown = args.colorScheme ?? 'viridis';
  if (typeof colorScheme !== 'string' || colorScheme.length === 0) throw unknownScheme(where, colorScheme);

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
      cells.push({ r, c, v, label });
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
      mark: { type: 'text', fontSize, baseline: 'middle', align: 'center', color: { expr: INK_EXPR } },
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
