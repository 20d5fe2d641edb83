/**
 * Labelled texts for `lstm classify`: the bundled UCI Sentiment Labelled Sentences, or the
 * user's CSV/TSV, JSON (an array of objects) or JSONL file with a text and a label field.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ValueError } from '../../tensor/errors.js';
import { OptionError } from '../optionError.js';
import { parseCsv } from '../../data/index.js';
import { loadSentimentSentences } from '../../data/node.js';

/**
 * Texts with one label each, ready for `classifyTexts`.
 * @example
 * const { texts, labels, source } = loadLabelledTexts({ data: 'reviews.csv', textColumn: 'review', labelColumn: 'stars' });
 * const result = await classifyTexts({ texts, labels });
 */
export interface LabelledTexts {
  /** The documents, in file order. */
  texts: string[];
  /** One label per text, as strings ('positive'/'negative' for the bundled set; numbers and booleans stringified). */
  labels: string[];
  /** Where they came from: the bundled set's citation or the file path. */
  source: string;
}

/** Which file and fields {@link loadLabelledTexts} reads. */
export interface LabelledTextsSpec {
  /** 'uci-sentiment' or a path to a .csv, .tsv, .json or .jsonl file. */
  data: string;
  /** Column (CSV/TSV) or field (JSON) holding the text (default 'text'). */
  textColumn?: string;
  /** Column or field holding the label (default 'label'). */
  labelColumn?: string;
}

function fromRecords(records: unknown[], spec: Required<Omit<LabelledTextsSpec, 'data'>>, source: string, rowName: string): LabelledTexts {
  const texts: string[] = [];
  const labels: string[] = [];
  records.forEach((record, i) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new ValueError(`${source}: ${rowName} ${i + 1} is not an object with '${spec.textColumn}' and '${spec.labelColumn}'`);
    }
    const r = record as Record<string, unknown>;
    for (const field of [spec.textColumn, spec.labelColumn]) {
      if (!(field in r)) {
        // Missing from the first record, the name is most likely wrong; further down, the data is.
        throw new (i === 0 ? OptionError : ValueError)(`${source}: ${rowName} ${i + 1} has no field '${field}'; it has ${Object.keys(r).join(', ') || 'none'} (use --text-column/--label-column)`);
      }
    }
    const text = r[spec.textColumn];
    const label = r[spec.labelColumn];
    if (typeof text !== 'string') throw new ValueError(`${source}: ${rowName} ${i + 1}: '${spec.textColumn}' expected a string, got ${JSON.stringify(text)}`);
    if (label === null || label === '' || (typeof label !== 'string' && typeof label !== 'number' && typeof label !== 'boolean')) {
      throw new ValueError(`${source}: ${rowName} ${i + 1}: '${spec.labelColumn}' expected a label, got ${JSON.stringify(label)}`);
    }
    texts.push(text);
    labels.push(String(label));
  });
  if (texts.length === 0) throw new ValueError(`${source}: no labelled texts`);
  if (texts.every((t) => t.trim() === '')) throw new ValueError(`${source}: every text is empty`);
  return { texts, labels, source };
}

/** Loads labelled texts; errors name the file, the row and the field. @example loadLabelledTexts({ data: 'uci-sentiment' }) */
export function loadLabelledTexts(spec: LabelledTextsSpec, resolvePath: (p: string) => string = (p) => p): LabelledTexts {
  if (spec.data === 'uci-sentiment') {
    const sentences = loadSentimentSentences();
    return {
      texts: sentences.map((s) => s.text),
      labels: sentences.map((s) => (s.label === 1 ? 'positive' : 'negative')),
      source: 'UCI Sentiment Labelled Sentences (amazon, imdb, yelp; from the sentiment package)',
    };
  }
  const path = resolvePath(spec.data);
  const fields = { textColumn: spec.textColumn ?? 'text', labelColumn: spec.labelColumn ?? 'label' };
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValueError(`cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.json' || ext === '.jsonl') {
    let records: unknown[];
    if (ext === '.json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (error) {
        throw new ValueError(`${path}: not valid JSON (${(error as Error).message})`);
      }
      if (!Array.isArray(parsed)) throw new ValueError(`${path}: expected a JSON array of objects, got ${typeof parsed}`);
      records = parsed;
    } else {
      records = raw.split('\n').flatMap((line, i) => {
        if (line.trim() === '') return [];
        try {
          return [JSON.parse(line) as unknown];
        } catch {
          throw new ValueError(`${path}: line ${i + 1} is not valid JSON`);
        }
      });
    }
    return fromRecords(records, fields, path, ext === '.json' ? 'record' : 'line');
  }
  const table = parseCsv(raw, ext === '.tsv' ? { delimiter: '\t' } : {});
  const missing = [fields.textColumn, fields.labelColumn].filter((c) => !table.columns.includes(c));
  if (missing.length > 0) {
    throw new OptionError(`${path}: no column ${missing.map((c) => `'${c}'`).join(', ')}; columns are: ${table.columns.join(', ')} (use --text-column/--label-column)`);
  }
  const ti = table.columns.indexOf(fields.textColumn);
  const li = table.columns.indexOf(fields.labelColumn);
  const records = table.rows.map((row) => ({ [fields.textColumn]: row[ti] ?? '', [fields.labelColumn]: row[li] ?? '' }));
  return fromRecords(records, fields, path, 'data row');
}
