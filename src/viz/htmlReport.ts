/**
 * A standalone HTML report: one file with inline CSS and inline SVG charts, no scripts and no
 * external resources, so it opens offline and can be attached or archived as is.
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import { show } from './args.js';

/** A table in a report section; numbers are right-aligned. */
export interface ReportTable {
  /** Header cells, left to right. */
  columns: readonly string[];
  /** Body rows, each as long as `columns`. */
  rows: readonly (readonly (string | number)[])[];
}

/** One section: a heading followed by whichever of text, chart, table and preformatted text it has. */
export interface ReportSection {
  /** The section's title (an h2). */
  heading: string;
  /** Paragraphs, separated by blank lines. */
  text?: string;
  /** An SVG string, e.g. from `lineChartSvg`; embedded inline. */
  svg?: string;
  /** Shown verbatim in a monospace block (a model summary, a log). */
  pre?: string;
  /** A table, shown after the text and chart and before `pre`. */
  table?: ReportTable;
}

/** Arguments of `htmlReport`. */
export interface HtmlReportArgs {
  /** The page's title and its h1. */
  title: string;
  /** A line under the title, e.g. the data set and its size. */
  subtitle?: string;
  /** The body, in order. */
  sections: readonly ReportSection[];
  /** Printed in the footer; leave it out for byte-identical reports from identical input. */
  generatedAt?: Date | string;
}

const WHERE = 'htmlReport';
const ARG_KEYS = ['title', 'subtitle', 'sections', 'generatedAt'] as const;
const SECTION_KEYS = ['heading', 'text', 'svg', 'pre', 'table'] as const;

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#222;font:15px/1.5 Helvetica,Arial,sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 28px 40px}
header h1{font-size:26px;margin:8px 0 2px}
header p.subtitle{color:#555;margin:0 0 8px;font-size:16px}
section{background:#fff;border:1px solid #e2e4e8;border-radius:6px;padding:16px 20px;margin:18px 0}
section h2{font-size:18px;margin:0 0 10px}
section p{margin:0 0 10px}
figure{margin:10px 0;overflow-x:auto}
figure svg{max-width:100%;height:auto;display:block}
pre{background:#f3f4f6;border:1px solid #e2e4e8;border-radius:4px;padding:10px 12px;overflow-x:auto;font:13px/1.4 Menlo,Consolas,'DejaVu Sans Mono',monospace;white-space:pre}
table{border-collapse:collapse;margin:10px 0;font-size:14px}
th,td{border-bottom:1px solid #e2e4e8;padding:4px 12px;text-align:left}
th{background:#f3f4f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
footer{color:#777;font-size:13px;margin-top:24px}
`.trim();

/**
 * Builds a standalone HTML page from sections of text, charts, tables and preformatted
 * blocks. All text is HTML-escaped; SVGs are embedded inline with their element ids
 * prefixed per section (Vega numbers its clip paths from 1 in every chart, so two charts on
 * one page would otherwise share ids). An SVG containing a script, an event-handler
 * attribute or a link to an external resource is refused.
 *
 * @example
 * const html = htmlReport({
 *   title: 'Airline passengers forecast',
 *   sections: [
 *     { heading: 'Forecast', svg: await lineChartSvg({ series: [...] }), text: 'Test RMSE 21.3.' },
 *     { heading: 'Metrics', table: { columns: ['model', 'RMSE'], rows: [['LSTM', 21.3], ['naive', 48.1]] } },
 *     { heading: 'Model', pre: summaryText },
 *   ],
 * });
 * await writeFileAtomic('out/report.html', html);
 */
export function htmlReport(args: HtmlReportArgs): string {
  if (typeof args !== 'object' || args === null) {
    throw new ValueError(`${WHERE}: argument 'args' expected an object, got ${show(args)}`);
  }
  assertKnownOptions(WHERE, args, ARG_KEYS);
  const title = requireString('title', args.title);
  const subtitle = args.subtitle === undefined ? undefined : requireString('subtitle', args.subtitle);
  if (!Array.isArray(args.sections)) {
    throw new ValueError(`${WHERE}: argument 'sections' expected an array of { heading, ... }, got ${show(args.sections)}`);
  }
  const generatedAt = formatGeneratedAt(args.generatedAt);

  const body = (args.sections as readonly unknown[]).map((s, i) => renderSection(s, i)).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...(subtitle !== undefined ? [`<p class="subtitle">${escapeHtml(subtitle)}</p>`] : []),
    '</header>',
    body,
    ...(generatedAt !== undefined ? [`<footer>Generated ${escapeHtml(generatedAt)}</footer>`] : []),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Escapes `&`, `<`, `>`, `"` and `'` so any string can sit in HTML text or a quoted attribute.
 *
 * @example
 * escapeHtml('<script>alert("x")</script>') // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function renderSection(value: unknown, i: number): string {
  const at = `sections[${i}]`;
  if (typeof value !== 'object' || value === null) {
    throw new ValueError(`${WHERE}: argument '${at}' expected an object { heading, text?, svg?, pre?, table? }, got ${show(value)}`);
  }
  assertKnownOptions(`${WHERE}: ${at}`, value, SECTION_KEYS);
  const s = value as Partial<ReportSection>;
  const parts = [`<section id="section-${i + 1}">`, `<h2>${escapeHtml(requireString(`${at}.heading`, s.heading))}</h2>`];
  if (s.text !== undefined) {
    const paragraphs = requireString(`${at}.text`, s.text)
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    for (const p of paragraphs) parts.push(`<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  }
  if (s.svg !== undefined) parts.push(`<figure>${inlineSvg(`${at}.svg`, s.svg, `s${i + 1}-`)}</figure>`);
  if (s.table !== undefined) parts.push(renderTable(`${at}.table`, s.table));
  if (s.pre !== undefined) parts.push(`<pre>${escapeHtml(requireString(`${at}.pre`, s.pre))}</pre>`);
  parts.push('</section>');
  return parts.join('\n');
}

/** Checks an SVG string and prepares it for inline use: ids prefixed, XML prolog and namespaces dropped. */
function inlineSvg(argName: string, value: unknown, prefix: string): string {
  let svg = requireString(argName, value).trim();
  svg = svg.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/^<!DOCTYPE[^>]*>\s*/i, '');
  if (!/^<svg[\s>]/.test(svg) || !/<\/svg>$/.test(svg)) {
    throw new ValueError(`${WHERE}: argument '${argName}' expected an SVG string starting with <svg and ending with </svg>, got ${show(svg)}`);
  }
  if (/<script[\s>/]/i.test(svg) || /<foreignObject[\s>/]/i.test(svg) || /<[^>]*\son[a-z]+\s*=/i.test(svg)) {
    throw new ValueError(`${WHERE}: argument '${argName}' expected an SVG without scripts, event handlers or foreignObject`);
  }
  // Inline SVG in HTML needs no namespace declarations; dropping them leaves no URL at all.
  svg = svg.replace(/^<svg([^>]*)>/, (_m, attrs: string) => `<svg${attrs.replace(/\s+xmlns(:[a-z]+)?="[^"]*"/gi, '')}>`);
  if (/(?:href|src)\s*=\s*["']?\s*(?!#)[a-z][a-z0-9+.-]*:/i.test(svg) || /url\(\s*["']?\s*(?!#)[a-z][a-z0-9+.-]*:/i.test(svg) || /@import/i.test(svg)) {
    throw new ValueError(`${WHERE}: argument '${argName}' expected an SVG without links to external resources`);
  }
  return svg
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${prefix}${id}"`)
    .replace(/url\(#([^)"']+)\)/g, (_m, id: string) => `url(#${prefix}${id})`)
    .replace(/(\s(?:xlink:)?href)="#([^"]+)"/g, (_m, attr: string, id: string) => `${attr}="#${prefix}${id}"`);
}

function renderTable(argName: string, value: unknown): string {
  if (typeof value !== 'object' || value === null) {
    throw new ValueError(`${WHERE}: argument '${argName}' expected { columns, rows }, got ${show(value)}`);
  }
  assertKnownOptions(`${WHERE}: ${argName}`, value, ['columns', 'rows']);
  const { columns, rows } = value as Partial<ReportTable>;
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new ValueError(`${WHERE}: argument '${argName}.columns' expected a non-empty array of strings, got ${show(columns)}`);
  }
  if (!Array.isArray(rows)) {
    throw new ValueError(`${WHERE}: argument '${argName}.rows' expected an array of rows, got ${show(rows)}`);
  }
  const head = columns.map((c, j) => `<th>${escapeHtml(requireString(`${argName}.columns[${j}]`, c))}</th>`).join('');
  const body = rows.map((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== columns.length) {
      throw new ValueError(
        `${WHERE}: argument '${argName}.rows[${r}]' expected ${columns.length} cells (one per column), got ${Array.isArray(row) ? row.length : show(row)}`,
      );
    }
    const cells = row.map((cell: unknown, j) => {
      if (typeof cell === 'number') return `<td class="num">${escapeHtml(formatNumber(cell))}</td>`;
      if (typeof cell === 'string') return `<td>${escapeHtml(cell)}</td>`;
      throw new ValueError(`${WHERE}: argument '${argName}.rows[${r}][${j}]' expected a string or number, got ${show(cell)}`);
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

/** Integers as they are; other numbers to 4 decimals (or 4 significant digits when tiny). */
function formatNumber(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  if (Math.abs(v) < 1e-3) return v.toExponential(3);
  return String(Number(v.toFixed(4)));
}

function formatGeneratedAt(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new ValueError(`${WHERE}: option 'generatedAt' expected a valid Date or a string, got Invalid Date`);
    }
    return value.toISOString();
  }
  if (typeof value === 'string') return value;
  throw new ValueError(`${WHERE}: option 'generatedAt' expected a Date or a string, got ${show(value)}`);
}

function requireString(argName: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new ValueError(`${WHERE}: argument '${argName}' expected a string, got ${show(value)}`);
  }
  return value;
}
