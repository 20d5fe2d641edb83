/**
 * Charts as standalone SVG (Vega-Lite rendered headless in Node, no browser, no canvas) and
 * a self-contained HTML report that embeds them. Write the results with
 * `writeFileAtomic` from `src/io/atomicWrite.ts`.
 *
 * Rendering needs the optional peer dependencies `vega` and `vega-lite` (npm install vega
 * vega-lite); without them the `...Svg` functions reject with `MissingPackageError`. The
 * `...Spec` functions and `htmlReport` need neither.
 */
export { renderVegaLite, CHART_CONFIG, CHART_FONT, type TopLevelSpec } from './render.js';
export { MissingPackageError, type OptionalPackageRole } from '../data/optionalPackage.js';
export {
  lineChartSpec,
  lineChartSvg,
  type LineChartArgs,
  type LineChartRule,
  type LineChartXType,
  type LineSeries,
} from './lineChart.js';
export { lossChartSvg, type LossChartOptions } from './lossChart.js';
export { heatmapSpec, heatmapSvg, type HeatmapArgs } from './heatmap.js';
export {
  htmlReport,
  escapeHtml,
  type HtmlReportArgs,
  type ReportSection,
  type ReportTable,
} from './htmlReport.js';
