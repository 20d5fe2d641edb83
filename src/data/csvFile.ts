/**
 * Reading a CSV file from disk (Node only: uses node:fs).
 */
import { readFileSync } from 'node:fs';
import { fileReadReason } from './fileReadReason.js';
import { ValueError } from '../tensor/errors.js';
import { type CsvTable, type ParseCsvOptions, parseCsv } from './csv.js';
import { describeValue } from './describe.js';

/**
 * Reads a UTF-8 CSV file and parses it with `parseCsv`.
 * @example
 * const table = readCsvFile('data/co2.csv');
 * const co2 = numericColumn(table, 'CO2', { missing: 'interpolate' }).values;
 */
export function readCsvFile(path: string, options: ParseCsvOptions = {}): CsvTable {
  const where = 'readCsvFile';
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(`${where}: argument 'path' expected a file path, got ${describeValue(path)}`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = fileReadReason(e);
    throw new ValueError(`${where}: cannot read argument 'path' ${describeValue(path)}: ${reason}`);
  }
  try {
    return parseCsv(text, options);
  } catch (e) {
    if (e instanceof ValueError) throw new ValueError(`${where}(${describeValue(path)}): ${e.message}`);
    throw e;
  }
}
