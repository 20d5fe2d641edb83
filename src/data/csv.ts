/**
 * CSV text to a table of strings (parsed by papaparse: quotes, escaped quotes, delimiters and
 * newlines inside quoted cells), and numeric columns with an explicit missing-value policy.
 * Browser-safe; see `csvFile.ts` for reading from disk in Node.
 */
import Papa from 'papaparse';
import { ValueError, assertKnownOptions, assertOneOf } from '../tensor/errors.js';
import { describeValue } from './describe.js';

/** A parsed CSV: column names and rows of cell text, every row as long as `columns`. */
export interface CsvTable {
  /** Column names from the header row (trimmed), or 'column1', 'column2', … without one. */
  columns: string[];
  /** Data rows of untrimmed cell text, header excluded; read numbers with `numericColumn`. */
  rows: string[][];
}

/**
 * Options of {@link parseCsv}.
 * @example parseCsv('a;b\n1;2\n', { delimiter: ';' } satisfies ParseCsvOptions)
 */
export interface ParseCsvOptions {
  /** The first row holds the column names (default true); otherwise columns are 'column1', 'column2', ... */
  header?: boolean;
  /**
   * Cell separator. Default: whichever of ',', ';', tab and '|' occurs most often (outside
   * quotes) in the first line, or ',' when none does.
   */
  delimiter?: string;
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

function guessDelimiter(text: string): string {
  const counts = new Map(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [d, c] of counts) {
    if (c > bestCount) [best, bestCount] = [d, c];
  }
  return best;
}

/**
 * Parses CSV text. A leading byte-order mark is ignored, header names are trimmed, a final
 * newline adds no row, and blank lines are skipped when there is more than one column (with
 * one column a blank line is a missing cell). A row with a different number of cells than the
 * header is an error naming the row.
 * @example
 * parseCsv('name,note\n"Smith, J.","said ""hi"""\n');
 * // { columns: ['name', 'note'], rows: [['Smith, J.', 'said "hi"']] }
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const where = 'parseCsv';
  if (typeof text !== 'string') {
    throw new ValueError(`${where}: argument 'text' expected a string, got ${text === null ? 'null' : typeof text}`);
  }
  assertKnownOptions(where, options, ['header', 'delimiter']);
  const { header = true } = options;
  if (typeof header !== 'boolean') {
    throw new ValueError(`${where}: option 'header' expected true or false, got ${describeValue(header)}`);
  }
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = options.delimiter ?? guessDelimiter(source);
  if (typeof delimiter !== 'string' || delimiter.length === 0 || delimiter.includes('"') || /[\r\n]/.test(delimiter)) {
    throw new ValueError(
      `${where}: option 'delimiter' expected a non-empty string without quotes or newlines, got ${describeValue(delimiter)}`,
    );
  }
  if (source.length === 0) {
    throw new ValueError(`${where}: argument 'text' is empty; expected ${header ? 'a header line' : 'at least one row'}`);
  }
  const parsed = Papa.parse<string[]>(source, { header: false, delimiter, skipEmptyLines: false, dynamicTyping: false });
  const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) {
    const row = fatal.row === undefined ? '' : ` at line ${fatal.row + 1}`;
    throw new ValueError(`${where}: cannot parse argument 'text'${row}: ${fatal.message} (${fatal.code})`);
  }
  const lines = parsed.data;
  // A trailing newline yields one empty row.
  if (lines.length > 0 && /[\r\n]$/.test(source) && lines[lines.length - 1]!.length === 1 && lines[lines.length - 1]![0] === '') {
    lines.pop();
  }
  if (lines.length === 0) {
    throw new ValueError(`${where}: argument 'text' has no rows; expected ${header ? 'a header line' : 'at least one row'}`);
  }
  const width = lines[0]!.length;
  const columns = header
    ? lines[0]!.map((name, i) => name.trim() || `column${i + 1}`)
    : Array.from({ length: width }, (_, i) => `column${i + 1}`);
  const rows: string[][] = [];
  const body = header ? lines.slice(1) : lines;
  body.forEach((cells, i) => {
    if (width > 1 && cells.length === 1 && cells[0] === '') return;
    if (cells.length !== width) {
      const lineNumber = i + 1 + (header ? 1 : 0);
      throw new ValueError(
        `${where}: data row ${rows.length + 1} (line ${lineNumber}) has ${cells.length} cells; expected ${width} like the ${header ? 'header' : 'first row'} (delimiter ${describeValue(delimiter)})`,
      );
    }
    rows.push(cells);
  });
  return { columns, rows };
}

/** What to do with missing cells in `numericColumn`. */
export type MissingPolicy = 'interpolate' | 'drop' | 'ffill' | 'error';

/**
 * Options of {@link numericColumn}.
 * @example numericColumn(table, 'price', { missing: 'ffill' } satisfies NumericColumnOptions)
 */
export interface NumericColumnOptions {
  /**
   * - 'error' (default): throw, naming the first missing row;
   * - 'drop': leave missing rows out (see `rowIndex`);
   * - 'ffill': repeat the last value seen (leading missing cells take the first value);
   * - 'interpolate': linear between the neighbouring values by row position (leading and
   *   trailing missing cells take the nearest value).
   */
  missing?: MissingPolicy;
}

/**
 * One column read by {@link numericColumn}, with how many cells were missing.
 * @example
 * const { values, missing } = numericColumn(table, 'temp', { missing: 'interpolate' });
 * if (missing.count > 0) console.warn(`${missing.count} gaps filled, first at rows ${missing.firstRows}`);
 */
export interface NumericColumn {
  /** The numbers, missing cells filled (or, with 'drop', left out). */
  values: number[];
  /** For each entry of `values`, the 0-based index in `table.rows` it comes from. */
  rowIndex: number[];
  /** The missing cells found, whatever the policy did with them. */
  missing: {
    /** Number of missing cells. */
    count: number;
    /** 1-based data row numbers of the first (up to 10) missing cells. */
    firstRows: number[];
  };
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * True for the cells `numericColumn` treats as missing: empty, NA, N/A, NaN or null (any case,
 * surrounding spaces ignored).
 * @example isMissingCell(' NA ') // true
 */
export function isMissingCell(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

function columnIndex(where: string, table: CsvTable, name: string): number {
  if (typeof table !== 'object' || table === null || !Array.isArray(table.columns) || !Array.isArray(table.rows)) {
    throw new ValueError(`${where}: argument 'table' expected { columns, rows } from parseCsv, got ${describeValue(table)}`);
  }
  const hits = table.columns.reduce<number[]>((acc, c, i) => (c === name ? [...acc, i] : acc), []);
  if (hits.length === 0) {
    throw new ValueError(
      `${where}: unknown column ${describeValue(name)}; available columns: ${table.columns.map((c) => describeValue(c)).join(', ')}`,
    );
  }
  if (hits.length > 1) {
    throw new ValueError(`${where}: column ${describeValue(name)} is ambiguous: it appears ${hits.length} times (positions ${hits.map((h) => h + 1).join(', ')})`);
  }
  return hits[0]!;
}

/**
 * The cells of one column as strings (e.g. dates).
 * @example stringColumn(parseCsv('d,v\n2020-01,1\n'), 'd') // ['2020-01']
 */
export function stringColumn(table: CsvTable, name: string): string[] {
  const c = columnIndex('stringColumn', table, name);
  return table.rows.map((row) => row[c]!);
}

/**
 * One column as numbers. Missing cells (empty, NA, N/A, NaN, null) follow `missing`; any
 * other cell that is not a decimal number is an error naming the column, the 1-based data
 * row and the cell.
 * @example
 * const t = parseCsv('t,v\n1,10\n2,\n3,30\n');
 * numericColumn(t, 'v', { missing: 'interpolate' }).values; // [10, 20, 30]
 */
export function numericColumn(table: CsvTable, name: string, options: NumericColumnOptions = {}): NumericColumn {
  const where = 'numericColumn';
  const c = columnIndex(where, table, name);
  assertKnownOptions(where, options, ['missing']);
  const policy = options.missing ?? 'error';
  assertOneOf(where, 'missing', policy, ['interpolate', 'drop', 'ffill', 'error'] as const);
  const parsed: (number | null)[] = table.rows.map((row, r) => {
    const cell = row[c] ?? '';
    if (isMissingCell(cell)) return null;
    const trimmed = cell.trim();
    if (!NUMBER.test(trimmed)) {
      throw new ValueError(`${where}: column ${describeValue(name)}, data row ${r + 1}: expected a number, got ${describeValue(cell)}`);
    }
    return Number(trimmed);
  });
  const missingRows: number[] = [];
  parsed.forEach((v, r) => {
    if (v === null) missingRows.push(r);
  });
  const missing = { count: missingRows.length, firstRows: missingRows.slice(0, 10).map((r) => r + 1) };
  if (missingRows.length > 0 && policy === 'error') {
    throw new ValueError(
      `${where}: column ${describeValue(name)} has ${missingRows.length} missing cell${missingRows.length === 1 ? '' : 's'}, first at data row ${missingRows[0]! + 1} (${describeValue(table.rows[missingRows[0]!]![c])}); pass { missing: 'interpolate' | 'drop' | 'ffill' }`,
    );
  }
  if (missingRows.length === parsed.length && parsed.length > 0) {
    throw new ValueError(`${where}: column ${describeValue(name)} has no numeric cell: all ${parsed.length} are missing`);
  }
  if (policy === 'drop') {
    const rowIndex = parsed.flatMap((v, r) => (v === null ? [] : [r]));
    return { values: rowIndex.map((r) => parsed[r]!), rowIndex, missing };
  }
  const rowIndex = parsed.map((_, r) => r);
  const known = rowIndex.filter((r) => parsed[r] !== null);
  const values = parsed.map((v, r) => {
    if (v !== null) return v;
    // Nearest known rows before and after r.
    const after = lowerBound(known, r);
    const next = known[after];
    const prev = after > 0 ? known[after - 1] : undefined;
    if (prev === undefined) return parsed[next!]!;
    if (policy === 'ffill' || next === undefined) return parsed[prev]!;
    const a = parsed[prev]!;
    const b = parsed[next]!;
    return a + ((b - a) * (r - prev)) / (next - prev);
  });
  return { values, rowIndex, missing };
}

/** First position in sorted `xs` whose value is >= v. */
function lowerBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
