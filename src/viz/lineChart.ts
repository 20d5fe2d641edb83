/**
 * Line charts with several named series and a legend (actual vs predicted, loss vs val_loss),
 * optional vertical rules with labels (the train/test boundary), linear or log y.
 */
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { ValueError, assertInt, assertKnownOptions, assertOneOf } from '../tensor/errors.js';
import { renderVegaLite } from './render.js';
import { optionalBoolean, optionalString, show } from './args.js';

/** How the x values are read: numbers, dates (UTC) or ordered categories. */
export type LineChartXType = 'quantitative' | 'temporal' | 'ordinal';

/** One line: `x[i]` pairs with `y[i]`; a `null` y leaves a gap in the line. */
export interface LineSeries {
  /** Legend label, unique within the chart; series keep their order in the legend and colours. */
  name: string;
  /** Positions along the x axis: numbers, dates or category strings (see `xType`). */
  x: readonly (number | string | Date)[];
  /** Values, one per `x`; finite numbers, or null for a gap. */
  y: readonly (number | null)[];
}

/** A vertical rule across the plot at `x`, labelled at its top. */
export interface LineChartRule {
  /** Where the rule stands, in the same kind of value as the series' x. */
  x: number | string | Date;
  /** Text printed beside the top of the rule, e.g. 'test'. */
  label: string;
}

/** Arguments of `lineChartSpec` / `lineChartSvg`. */
export interface LineChartArgs {
  /** Chart title above the plot; none by default. */
  title?: string;
  /** x axis title; none by default. */
  xTitle?: string;
  /** y axis title; none by default. */
  yTitle?: string;
  /** The lines to draw, at least one. */
  series: readonly LineSeries[];
  /** Default: 'temporal' if any x is a Date, 'ordinal' if any x is a string, else 'quantitative'. */
  xType?: LineChartXType;
  /** Dashed vertical lines with labels, e.g. where the test part starts. */
  rules?: readonly LineChartRule[];
  /** Plot width in pixels (without axes and legend); default 640. */
  width?: number;
  /** Plot height in pixels; default 320. */
  height?: number;
  /** Logarithmic y axis; every non-null y must then be > 0. */
  logY?: boolean;
  /** Draw a dot at every point as well as the line; default false. */
  points?: boolean;
  /** Quantitative x values are whole numbers (epochs, steps): label only integers; default false. */
  integerX?: boolean;
}

const ARG_KEYS = ['title', 'xTitle', 'yTitle', 'series', 'xType', 'rules', 'width', 'height', 'logY', 'points', 'integerX'] as const;
const X_TYPES: readonly LineChartXType[] = ['quantitative', 'temporal', 'ordinal'];

/** One row of the chart's inline data. */
interface LineRow {
  series: string;
  x: number | string;
  y: number | null;
}

/**
 * Builds the Vega-Lite spec of a line chart (without rendering it). Series keep their given
 * order in the legend and colours; ordinal x values keep their order of first appearance;
 * temporal x values (Dates, ISO strings or epoch milliseconds) are shown in UTC.
 *
 * @example
 * const spec = lineChartSpec({
 *   title: 'Monthly passengers',
 *   series: [
 *     { name: 'actual', x: [1, 2, 3, 4], y: [112, 118, 132, 129] },
 *     { name: 'predicted', x: [3, 4], y: [130, 131] },
 *   ],
 *   rules: [{ x: 2.5, label: 'test starts' }],
 * });
 */
export function lineChartSpec(args: LineChartArgs): TopLevelSpec {
  return buildLineChartSpec('lineChartSpec', args);
}

/**
 * Renders a line chart to a standalone SVG string (see `lineChartSpec` for the arguments).
 *
 * @example
 * const svg = await lineChartSvg({
 *   title: 'Loss', xTitle: 'epoch', yTitle: 'loss',
 *   series: [
 *     { name: 'loss', x: [1, 2, 3], y: [0.9, 0.5, 0.3] },
 *     { name: 'val_loss', x: [1, 2, 3], y: [1.0, 0.6, 0.45] },
 *   ],
 * });
 * await writeFileAtomic('tmp/loss.svg', svg);
 */
export function lineChartSvg(args: LineChartArgs): Promise<string> {
  try {
    return renderVegaLite(buildLineChartSpec('lineChartSvg', args));
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Builds the spec; `where` is the public function named in error messages (for charts built
 * on the line chart, such as `lossChartSvg`).
 * @example const spec = buildLineChartSpec('lossChartSvg', { series: [{ name: 'loss', x: [1, 2], y: [0.9, 0.4] }] });
 */
export function buildLineChartSpec(where: string, args: LineChartArgs): TopLevelSpec {
  if (typeof args !== 'object' || args === null) {
    throw new ValueError(`${where}: argument 'args' expected an object, got ${args === null ? 'null' : typeof args}`);
  }
  assertKnownOptions(where, args, ARG_KEYS);
  const title = optionalString(where, 'title', args.title);
  const xTitle = optionalString(where, 'xTitle', args.xTitle);
  const yTitle = optionalString(where, 'yTitle', args.yTitle);
  const width = args.width ?? 640;
  const height = args.height ?? 320;
  assertInt(where, 'width', width, 20, 20000);
  assertInt(where, 'height', height, 20, 20000);
  const logY = optionalBoolean(where, 'logY', args.logY) ?? false;
  const points = optionalBoolean(where, 'points', args.points) ?? false;
  const integerX = optionalBoolean(where, 'integerX', args.integerX) ?? false;

  const series = checkSeries(where, args.series);
  const xType = args.xType ?? inferXType(series);
  assertOneOf(where, 'xType', xType, X_TYPES);

  const rows: LineRow[] = [];
  series.forEach((s, k) => {
    for (let i = 0; i < s.x.length; i++) {
      const y = s.y[i] ?? null;
      if (y !== null && (typeof y !== 'number' || !Number.isFinite(y))) {
        throw new ValueError(
          `${where}: argument 'series[${k}].y[${i}]' expected a finite number or null, got ${show(y)}`,
        );
      }
      if (logY && y !== null && y <= 0) {
        throw new ValueError(
          `${where}: argument 'series[${k}].y[${i}]' expected a value > 0 because logY is true, got ${y}`,
        );
      }
      rows.push({ series: s.name, x: toX(where, `series[${k}].x[${i}]`, s.x[i], xType), y });
    }
  });

  const rules = checkRules(where, args.rules).map((r, k) => ({
    x: toX(where, `rules[${k}].x`, r.x, xType),
    label: r.label,
  }));

  const xEncoding = {
    field: 'x',
    type: xType,
    title: xTitle ?? null,
    ...(xType === 'quantitative' ? { scale: { zero: false, nice: false } } : {}),
    ...(xType === 'quantitative' && integerX ? { axis: { format: 'd', tickMinStep: 1 } } : {}),
    ...(xType === 'temporal' ? { scale: { type: 'utc' as const } } : {}),
    ...(xType === 'ordinal' ? { sort: null } : {}),
  };
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 1.8, point: points, invalid: 'break-paths-filter-domains' },
      encoding: {
        x: xEncoding,
        y: {
          field: 'y',
          type: 'quantitative',
          title: yTitle ?? null,
          scale: logY ? { type: 'log' } : { zero: false },
        },
        color: {
          field: 'series',
          type: 'nominal',
          scale: { domain: series.map((s) => s.name) },
          legend: { title: null, symbolType: 'stroke', symbolStrokeWidth: 2 },
        },
      },
    },
  ];
  if (rules.length > 0) {
    layers.push(
      {
        data: { values: rules },
        mark: { type: 'rule', color: '#555', strokeDash: [5, 4], strokeWidth: 1.2 },
        encoding: { x: xEncoding },
      },
      {
        data: { values: rules },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 2, fontSize: 11, color: '#444' },
        encoding: { x: xEncoding, y: { value: 0 }, text: { field: 'label', type: 'nominal' } },
      },
    );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title !== undefined ? { title } : {}),
    width,
    height,
    layer: layers,
  };
}

function checkSeries(where: string, value: unknown): LineSeries[] {
  if (!Array.isArray(value)) {
    throw new ValueError(`${where}: argument 'series' expected an array of { name, x, y }, got ${show(value)}`);
  }
  if (value.length === 0) {
    throw new ValueError(`${where}: argument 'series' expected at least one series, got an empty array`);
  }
  const names = new Set<string>();
  return value.map((s: unknown, k) => {
    if (typeof s !== 'object' || s === null) {
      throw new ValueError(`${where}: argument 'series[${k}]' expected an object { name, x, y }, got ${show(s)}`);
    }
    assertKnownOptions(`${where}: series[${k}]`, s, ['name', 'x', 'y']);
    const { name, x, y } = s as Partial<LineSeries>;
    if (typeof name !== 'string' || name === '') {
      throw new ValueError(`${where}: argument 'series[${k}].name' expected a non-empty string, got ${show(name)}`);
    }
    if (names.has(name)) {
      throw new ValueError(`${where}: argument 'series[${k}].name' expected a unique name, got '${name}' twice`);
    }
    names.add(name);
    if (!Array.isArray(x)) {
      throw new ValueError(`${where}: argument 'series[${k}].x' expected an array, got ${show(x)}`);
    }
    if (!Array.isArray(y)) {
      throw new ValueError(`${where}: argument 'series[${k}].y' expected an array, got ${show(y)}`);
    }
    if (x.length !== y.length) {
      throw new ValueError(
        `${where}: argument 'series[${k}].y' expected ${x.length} values (the length of series[${k}].x), got ${y.length}`,
      );
    }
    if (x.length === 0) {
      throw new ValueError(`${where}: argument 'series[${k}].x' expected at least one point, got an empty array`);
    }
    return { name, x, y };
  });
}

function checkRules(where: string, value: unknown): LineChartRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ValueError(`${where}: option 'rules' expected an array of { x, label }, got ${show(value)}`);
  }
  return value.map((r: unknown, k) => {
    if (typeof r !== 'object' || r === null) {
      throw new ValueError(`${where}: option 'rules[${k}]' expected an object { x, label }, got ${show(r)}`);
    }
    assertKnownOptions(`${where}: rules[${k}]`, r, ['x', 'label']);
    const { x, label } = r as Partial<LineChartRule>;
    if (typeof label !== 'string') {
      throw new ValueError(`${where}: option 'rules[${k}].label' expected a string, got ${show(label)}`);
    }
    if (x === undefined) {
      throw new ValueError(`${where}: option 'rules[${k}].x' expected a number, string or Date, got undefined`);
    }
    return { x, label };
  });
}

function inferXType(series: readonly LineSeries[]): LineChartXType {
  let sawString = false;
  for (const s of series) {
    for (const x of s.x) {
      if (x instanceof Date) return 'temporal';
      if (typeof x === 'string') sawString = true;
    }
  }
  return sawString ? 'ordinal' : 'quantitative';
}

/** Converts one x value to what the chart's data holds for `xType`. */
function toX(where: string, argName: string, x: unknown, xType: LineChartXType): number | string {
  if (xType === 'quantitative') {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new ValueError(`${where}: argument '${argName}' expected a finite number (xType 'quantitative'), got ${show(x)}`);
    }
    return x;
  }
  if (xType === 'temporal') {
    const ms = x instanceof Date ? x.getTime() : typeof x === 'string' ? Date.parse(x) : typeof x === 'number' ? x : NaN;
    if (!Number.isFinite(ms)) {
      throw new ValueError(
        `${where}: argument '${argName}' expected a valid Date, date string or epoch milliseconds (xType 'temporal'), got ${show(x)}`,
      );
    }
    return ms;
  }
  if (typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x))) return x;
  throw new ValueError(`${where}: argument '${argName}' expected a string or finite number (xType 'ordinal'), got ${show(x)}`);
}
