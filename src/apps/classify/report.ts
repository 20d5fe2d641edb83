/**
 * What `lstm classify` prints and writes: a table of accuracy, precision, recall and F1 for
 * the LSTM and each baseline, the LSTM's confusion matrix (text and SVG heatmap), the loss
 * curves and an HTML report.
 */
import type { ClassificationReport } from '../../evaluation/index.js';
import { heatmapSvg, htmlReport, lossChartSvg } from '../../viz/index.js';
import type { ClassifyResult } from './classify.js';

type Method = keyof ClassifyResult['test'];

const METHOD_NAMES: Record<Method, string> = {
  lstm: 'LSTM',
  bagOfWords: 'bag-of-words logistic regression',
  majority: 'majority class',
  lexicon: 'sentiment lexicon (AFINN)',
};

/** `[method, accuracy, precision, recall, f1]` rows. */
export function classifyRows(result: ClassifyResult, lstmName = 'LSTM'): (string | number)[][] {
  return (Object.keys(METHOD_NAMES) as Method[])
    .map((m): [Method, ClassificationReport | null] => [m, result.test[m]])
    .filter((e): e is [Method, ClassificationReport] => e[1] !== null)
    .map(([m, r]) => [m === 'lstm' ? lstmName : METHOD_NAMES[m], r.accuracy, r.precision, r.recall, r.f1]);
}

/** An honest sentence on how the LSTM compares. */
export function classifyVerdict(result: ClassifyResult): string {
  const entries = (Object.keys(METHOD_NAMES) as Method[]).filter((m) => result.test[m] !== null);
  const best = entries.reduce((a, b) => (result.test[b]!.accuracy > result.test[a]!.accuracy ? b : a));
  const lstm = result.test.lstm.accuracy;
  const bow = result.test.bagOfWords.accuracy;
  return `Best test accuracy: ${METHOD_NAMES[best]} (${result.test[best]!.accuracy.toFixed(3)}). ` +
    (lstm > bow
      ? `The LSTM beats the bag-of-words baseline (${lstm.toFixed(3)} vs ${bow.toFixed(3)}).`
      : `The bag-of-words baseline is at least as good as the LSTM here (${bow.toFixed(3)} vs ${lstm.toFixed(3)}).`);
}

function confusionText(result: ClassifyResult): string {
  const m = result.test.lstm.confusionMatrix;
  const corner = 'true \\ predicted';
  // Loops, not Math.max(...): a spread of k² cells overflows the stack past about 350 classes.
  let first = corner.length;
  let cell = 0;
  for (const c of result.classes) {
    first = Math.max(first, c.length);
    cell = Math.max(cell, c.length);
  }
  for (const row of m) for (const v of row) cell = Math.max(cell, String(v).length);
  cell += 2;
  const head = `  ${corner.padEnd(first)}${result.classes.map((c) => c.padStart(cell)).join('')}`;
  return [head, ...m.map((row, i) => `  ${result.classes[i]!.padEnd(first)}${row.map((v) => String(v).padStart(cell)).join('')}`)].join('\n');
}

/** The text summary. */
export function classifySummary(result: ClassifyResult, source: string, lstmName: string, predictions: { text: string; label: string; probability: number }[]): string {
  const fmt = (v: string | number) => (typeof v === 'number' ? v.toFixed(3) : v);
  const rows = classifyRows(result, lstmName);
  const width = rows.reduce((w, r) => Math.max(w, String(r[0]).length), 0);
  return [
    `Data: ${source}; classes ${result.classes.join(', ')}`,
    `Split (seeded): train ${result.samples.train}, validation ${result.samples.validation}, test ${result.samples.test}; vocabulary ${result.vocabulary}, max length ${result.maxLen}`,
    '',
    `Test set (${result.samples.test} texts)`,
    `  ${'method'.padEnd(width)}  ${['accuracy', 'precision', 'recall', 'F1'].map((h) => h.padStart(9)).join('  ')}`,
    ...rows.map((r) => `  ${String(r[0]).padEnd(width)}  ${r.slice(1).map((v) => fmt(v).padStart(9)).join('  ')}`),
    `  (precision/recall/F1: ${result.test.lstm.average === 'binary' ? `class '${result.classes[1]}' as positive` : 'macro average'})`,
    '',
    'LSTM confusion matrix (rows: true class)',
    confusionText(result),
    '',
    classifyVerdict(result),
    ...(predictions.length > 0 ? ['', 'Predictions', ...predictions.map((p) => `  ${p.label} (${p.probability.toFixed(3)})  ${p.text}`)] : []),
  ].join('\n');
}

/** Files of a run: confusion.svg, loss.svg, report.html. */
export async function classifyFiles(result: ClassifyResult, summary: string, settings: Record<string, unknown>, lstmName: string): Promise<Record<string, string>> {
  const confusion = await heatmapSvg({
    title: 'LSTM confusion matrix (test set)',
    rows: result.classes,
    columns: result.classes,
    values: result.test.lstm.confusionMatrix,
    // Numbers in the cells are legible only for small matrices; beyond that they triple the SVG.
    showValues: result.classes.length <= 30,
    xTitle: 'predicted',
    yTitle: 'true',
    colorScheme: 'blues',
  });
  const loss = await lossChartSvg(result.history, { title: 'Training and validation loss' });
  const html = htmlReport({
    title: 'lstm classify',
    sections: [
      { heading: 'Verdict', text: classifyVerdict(result) },
      { heading: 'Test scores', table: { columns: ['method', 'accuracy', 'precision', 'recall', 'F1'], rows: classifyRows(result, lstmName) } },
      { heading: 'Confusion matrix', svg: confusion },
      { heading: 'Loss', svg: loss },
      { heading: 'Summary', pre: summary },
      { heading: 'Settings', pre: JSON.stringify(settings, null, 2) },
    ],
  });
  return { 'confusion.svg': confusion, 'loss.svg': loss, 'report.html': html };
}
