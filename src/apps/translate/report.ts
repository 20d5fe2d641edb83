/**
 * What `lstm translate` writes: the attention heatmap (source characters × output tokens) as
 * SVG, the loss curves of both models, a standalone HTML report and a Markdown report that
 * links the SVGs, and the text summary the command prints.
 *
 * @example
 * const files = await translateFiles(result, 'dates (grammar, seed 42)');
 * for (const [name, content] of Object.entries(files)) await writeFileAtomic(join(out, name), content);
 */
import { heatmapSvg, htmlReport, lossChartSvg } from '../../viz/index.js';
import type { TranslationScores } from './scores.js';
import type { AttentionMap, TranslateResult, TranslateVariant, VariantResult } from './translate.js';

const VARIANT_NAMES: Record<TranslateVariant, string> = { attention: 'LSTM + attention', plain: 'LSTM, no attention' };

/** One decimal, two where one would round 99.98% up to a perfect-looking 100.0% (or 0.02% to 0.0%). */
function pct(x: number): string {
  const one = (100 * x).toFixed(1);
  if ((one === '100.0' && x < 1) || (one === '0.0' && x > 0)) return `${(100 * x).toFixed(2)}%`;
  return `${one}%`;
}

const cpuNote = (r: VariantResult) => (r.trainCpuSeconds === null ? '' : ` (${r.trainCpuSeconds.toFixed(1)} s of CPU)`);

/** The variants that were trained, in the order of the result. */
function trained(result: TranslateResult): [TranslateVariant, VariantResult][] {
  return (Object.entries(result.models) as [TranslateVariant, VariantResult | undefined][]).filter((e): e is [TranslateVariant, VariantResult] => e[1] !== undefined);
}

/**
 * Rows `[method, exact greedy, token greedy, exact beam, token beam, train s, decode s]`, copy baseline last.
 * @example scoreRows(result)[0] // ['LSTM + attention', '99.8%', '100.0%', '99.8%', '100.0%', '95.1', '1.2 + 3.4']
 */
export function scoreRows(result: TranslateResult): string[][] {
  const rows = trained(result).map(([v, r]) => [
    VARIANT_NAMES[v], pct(r.greedy.exact), pct(r.greedy.token), pct(r.beam.exact), pct(r.beam.token),
    `${r.trainSeconds.toFixed(1)}${r.trainCpuSeconds === null ? '' : ` (CPU ${r.trainCpuSeconds.toFixed(1)})`}`, `${r.decodeSeconds.greedy.toFixed(1)} + ${r.decodeSeconds.beam.toFixed(1)}`,
  ]);
  const c = result.copyBaseline;
  rows.push(['copy the source (baseline)', pct(c.exact), pct(c.token), pct(c.exact), pct(c.token), '-', '-']);
  return rows;
}

/** Column names of {@link scoreRows}. */
export function scoreColumns(beamWidth: number): string[] {
  return ['model', 'exact (greedy)', 'token (greedy)', `exact (beam ${beamWidth})`, `token (beam ${beamWidth})`, 'train s (CPU s)', 'decode s (greedy + beam)'];
}

/**
 * The verdict: the attention model against the copy baseline and against the model without
 * attention, in accuracy and in time.
 * @example verdict(result) // 'With attention: 99.8% of the test dates exactly right (greedy) ...'
 */
export function verdict(result: TranslateResult): string {
  const what = result.task === 'dates' ? 'test dates' : 'test pairs';
  const parts: string[] = [];
  const a = result.models.attention;
  const p = result.models.plain;
  const copy = result.copyBaseline.exact;
  for (const [v, r] of trained(result)) {
    const best = Math.max(r.greedy.exact, r.beam.exact);
    parts.push(
      `${VARIANT_NAMES[v]}: ${pct(r.greedy.exact)} of the ${result.samples.test} ${what} exactly right greedily, ${pct(r.beam.exact)} with beam ${result.settings.beamWidth} ` +
        `(token accuracy ${pct(r.greedy.token)}); ${best > copy ? 'beats' : 'does NOT beat'} copying the source (${pct(copy)} exact, ${pct(result.copyBaseline.token)} token). ` +
        `Trained in ${r.trainSeconds.toFixed(1)} s${cpuNote(r)}.`,
    );
  }
  if (a && p) {
    const gap = a.greedy.exact - p.greedy.exact;
    const time = a.trainSeconds / Math.max(p.trainSeconds, 1e-9);
    parts.push(
      gap > 0
        ? `Without attention the model gets ${(100 * gap).toFixed(1)} points fewer exactly right (${pct(p.greedy.exact)} vs ${pct(a.greedy.exact)}; error rate ${pct(1 - p.greedy.exact)} vs ${pct(1 - a.greedy.exact)}), with the same data, epochs and units; attention made training ${time.toFixed(1)}× as long (${a.trainSeconds.toFixed(1)} s vs ${p.trainSeconds.toFixed(1)} s${a.trainCpuSeconds !== null && p.trainCpuSeconds !== null ? `; CPU ${a.trainCpuSeconds.toFixed(1)} s vs ${p.trainCpuSeconds.toFixed(1)} s` : ''}).`
        : `Attention did not help here: ${pct(a.greedy.exact)} exact with it, ${pct(p.greedy.exact)} without; it made training ${time.toFixed(1)}× as long.`,
    );
  }
  return parts.join(' ');
}

function perFormatRows(result: TranslateResult): string[][] | null {
  if (!result.copyPerFormat) return null;
  const variants = trained(result);
  return Object.entries(result.copyPerFormat).map(([format, copy]) => [
    format,
    String(copy.count),
    ...variants.map(([, r]) => pct((r.perFormat?.[format] as TranslationScores | undefined)?.exact ?? NaN)),
    pct(copy.exact),
  ]);
}

function exampleRows(result: TranslateResult, count = 8): string[][] {
  const variants = trained(result);
  return result.testPairs.slice(0, count).map((pair, i) => [
    pair.source, pair.target, ...variants.flatMap(([, r]) => [r.outputs.greedy[i]!, r.outputs.beam[i]!]),
  ]);
}

function exampleColumns(result: TranslateResult): string[] {
  return ['source', 'target', ...trained(result).flatMap(([v]) => [`${VARIANT_NAMES[v]} (greedy)`, `(beam ${result.settings.beamWidth})`])];
}

/**
 * The text summary printed by the command.
 * @example console.log(translateSummary(result, 'dates'))
 */
export function translateSummary(result: TranslateResult, source: string): string {
  const columns = scoreColumns(result.settings.beamWidth);
  const rows = scoreRows(result);
  const widths = columns.map((c, j) => Math.max(c.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ')}`;
  const s = result.samples;
  return [
    `Data: ${source}; ${s.train} training pairs, ${s.test} held-out test pairs${s.repeatedInTest > 0 ? ` (${s.repeatedInTest} test pairs dropped: their source was in training)` : ''}${s.tooLong > 0 ? `; ${s.tooLong} pairs longer than ${result.settings.maxLength} characters left out` : ''}`,
    `Characters: ${result.vocab.source} source and ${result.vocab.target} target tokens (4 reserved); sources up to ${result.lengths.source}, decoder ${result.lengths.target} steps`,
    '',
    `Test set (${s.test} pairs)`,
    line(columns),
    ...rows.map(line),
    '',
    verdict(result),
  ].join('\n');
}

/**
 * The attention heatmap: one row per output token, one column per source character.
 * @example const svg = await attentionHeatmapSvg(result.attentionMap!)
 */
export async function attentionHeatmapSvg(map: AttentionMap): Promise<string> {
  // A space would be an empty, unreadable axis label.
  const visible = (c: string) => (c === ' ' ? '␣' : c);
  return heatmapSvg({
    title: `Attention: "${map.source.join('')}" → "${map.output.filter((t) => t !== '<end>').join('')}"`,
    rows: map.output.map(visible),
    columns: map.source.map(visible),
    values: map.weights,
    domain: [0, 1],
    xTitle: 'source characters',
    yTitle: 'output tokens',
    legendTitle: 'weight',
    colorScheme: 'blues',
    cellSize: 18,
  });
}

function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${columns.map(esc).join(' | ')} |`, `|${columns.map((_, j) => (j === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/**
 * All files of a run, as name → content: attention.svg (with the attention model), loss.svg,
 * report.html and report.md.
 * @example const files = await translateFiles(result, 'dates (grammar, seed 42)', 'lstm translate')
 */
export async function translateFiles(result: TranslateResult, source: string, command = 'lstm translate'): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const heat = result.attentionMap ? await attentionHeatmapSvg(result.attentionMap) : null;
  if (heat) files['attention.svg'] = heat;
  const history: Record<string, number[]> = {};
  for (const [v, r] of trained(result)) history[`${v} loss`] = r.history['loss'] ?? [];
  const loss = await lossChartSvg(history, { title: 'Training loss (masked cross-entropy per token)', logY: true });
  files['loss.svg'] = loss;
  const columns = scoreColumns(result.settings.beamWidth);
  const rows = scoreRows(result);
  const formats = perFormatRows(result);
  const formatColumns = ['format', 'test pairs', ...trained(result).map(([v]) => `${VARIANT_NAMES[v]} exact`), 'copy exact'];
  const settings = JSON.stringify(result.settings, null, 2);
  const heatText = result.attentionMap
    ? `Where the attention model looked while writing each output token of the longest test source (expected "${result.attentionMap.target}"). Rows are output tokens, columns source characters; each row sums to 1.`
    : '';
  files['report.html'] = htmlReport({
    title: 'lstm translate',
    subtitle: source,
    sections: [
      { heading: 'Verdict', text: verdict(result) },
      { heading: 'Test scores', table: { columns, rows }, text: 'Exact: the whole output equals the target. Token: characters matching position by position, over the longer of output and target.' },
      ...(heat ? [{ heading: 'Attention', svg: heat, text: heatText }] : []),
      ...(formats ? [{ heading: 'Exact accuracy per date format (greedy)', table: { columns: formatColumns, rows: formats } }] : []),
      { heading: 'Examples from the test set', table: { columns: exampleColumns(result), rows: exampleRows(result) } },
      { heading: 'Loss', svg: loss },
      { heading: 'Summary', pre: translateSummary(result, source) },
      { heading: 'Settings', pre: settings },
    ],
  });
  files['report.md'] = [
    `# lstm translate`,
    '',
    source,
    '',
    `Command: \`${command}\``,
    '',
    '## Verdict',
    '',
    verdict(result),
    '',
    '## Test scores',
    '',
    markdownTable(columns, rows),
    '',
    'Exact: the whole output equals the target. Token: characters matching position by position, over the longer of output and target.',
    ...(heat ? ['', '## Attention', '', heatText, '', '![attention heatmap](attention.svg)'] : []),
    ...(formats ? ['', '## Exact accuracy per date format (greedy)', '', markdownTable(formatColumns, formats)] : []),
    '',
    '## Examples from the test set',
    '',
    markdownTable(exampleColumns(result), exampleRows(result)),
    '',
    '## Loss',
    '',
    '![training loss](loss.svg)',
    '',
    '## Settings',
    '',
    '```json',
    settings,
    '```',
    '',
  ].join('\n');
  return files;
}
