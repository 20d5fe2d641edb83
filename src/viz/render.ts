/**
 * The one place that turns a Vega-Lite spec into an SVG string: compile with `vega-lite`,
 * run the resulting Vega spec headless (`renderer: 'none'`, no DOM, no canvas) and serialise
 * the scenegraph with `view.toSVG()`.
 *
 * The output is deterministic: the same spec gives byte-identical SVG on every call, in any
 * time zone, with or without `node-canvas` installed, because we
 * - reset Vega's global clip-path and gradient id counters before each render,
 * - force Vega's font-independent text-width estimate (the canvas measurement would depend
 *   on which fonts the machine has),
 * - never load anything: the loader refuses every URL, so specs must carry inline data.
 *
 * `vega` and `vega-lite` are optional peer dependencies, imported on the first render only:
 * the rest of the library neither needs them nor pays for their size and load time (vega's
 * top-level await would also make `require('lstm-ts')` fail if it were reachable statically).
 */
// The type imports say 'import' so that the CommonJS declarations (dist/cjs) can name these
// ES-only packages too.
import type * as Vega from 'vega' with { 'resolution-mode': 'import' };
import type * as VegaLite from 'vega-lite' with { 'resolution-mode': 'import' };
import type { Config, TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { ValueError } from '../tensor/errors.js';
import { importOptional } from '../data/optionalPackage.js';

export type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };

/** The font family used for every text in every chart. */
export const CHART_FONT = 'Helvetica, Arial, sans-serif';

/** The shared look: white background, light grid, no frame around the plot, fixed font. */
export const CHART_CONFIG: Config = {
  background: 'white',
  padding: 8,
  font: CHART_FONT,
  view: { stroke: null },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', color: '#222', offset: 10 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titleColor: '#333',
    labelColor: '#444',
    domainColor: '#888',
    tickColor: '#888',
    gridColor: '#ececec',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'right' },
  range: { category: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] },
};

/** The parts of `vega-scenegraph`'s runtime `textMetrics` object that we use (not in the typings). */
interface TextMetrics {
  width: unknown;
  canvas(use: boolean): void;
}

function textMetricsOf(mod: object): TextMetrics | undefined {
  const tm = (mod as { textMetrics?: unknown }).textMetrics;
  if (typeof tm === 'object' && tm !== null && typeof (tm as { canvas?: unknown }).canvas === 'function') {
    return tm as TextMetrics;
  }
  return undefined;
}

/**
 * The `vega` module, imported once; `where` names the public function in the error when it
 * is not installed. Also used by the heatmap to check colour scheme names.
 */
export function loadVega(where: string): Promise<typeof Vega> {
  return importOptional(where, 'vega', 'chart', () => import('vega'));
}

function loadVegaLite(where: string): Promise<typeof VegaLite> {
  return importOptional(where, 'vega-lite', 'chart', () => import('vega-lite'));
}

/** A Vega loader that refuses every load, so a chart can never reach the network or disk. */
function refusingLoader(vega: typeof Vega): Vega.Loader {
  const loader = vega.loader();
  loader.sanitize = (uri: string) =>
    Promise.reject(
      new ValueError(`renderVegaLite: argument 'spec' must carry its data inline; refusing to load '${uri}'`),
    );
  return loader;
}

/** Renders are serialised: the id counters and the text-metrics switch are process-global. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Compiles a Vega-Lite spec and renders it headless to a standalone SVG string.
 * `CHART_CONFIG` is applied underneath the spec's own `config`, which wins where both set a
 * property. The same spec always gives the same bytes.
 *
 * @example
 * const svg = await renderVegaLite({
 *   data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
 *   mark: 'line',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
 * });
 * writeFileSync('chart.svg', svg);
 */
export function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return Promise.reject(
      new ValueError(`renderVegaLite: argument 'spec' expected a Vega-Lite spec object, got ${describe(spec)}`),
    );
  }
  const run = queue.then(() => renderNow(spec));
  queue = run.catch(() => undefined);
  return run;
}

async function renderNow(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([loadVega('renderVegaLite'), loadVegaLite('renderVegaLite')]);
  const vgSpec = vegaLite.compile(spec, { config: CHART_CONFIG }).spec;
  const metrics = textMetricsOf(vega);
  const previousWidth = metrics?.width;
  metrics?.canvas(false);
  // Vega logs a failed data load (as a warning) or expression instead of throwing; we collect those
  // and fail the render, rather than return a chart with silently missing data.
  const errors: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (method, _level, args) => {
    const ours = args.find((a): a is ValueError => a instanceof ValueError);
    const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
    if (ours) errors.push(ours.message);
    else if (method === 'error' || /^(Loading|Data ingestion) failed/.test(text)) errors.push(`renderVegaLite: ${text}`);
    else console.warn(...args);
  });
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader: refusingLoader(vega), logger });
  try {
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    if (errors.length > 0) throw new ValueError(errors.join('; '));
    return svg;
  } finally {
    view.finalize();
    if (metrics) metrics.width = previousWidth;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
