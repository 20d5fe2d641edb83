/** parseCsv, numericColumn, stringColumn and readCsvFile: quoting, delimiters, missing values, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numericColumn, parseCsv, stringColumn } from '../../src/data/csv.js';
import { readCsvFile } from '../../src/data/csvFile.js';

test('quoted cells keep commas, escaped quotes and newlines', () => {
  const t = parseCsv('name,note,value\n"Smith, J.","said ""hi""",3\n"two\nlines",,4\n');
  assert.deepEqual(t.columns, ['name', 'note', 'value']);
  assert.deepEqual(t.rows, [
    ['Smith, J.', 'said "hi"', '3'],
    ['two\nlines', '', '4'],
  ]);
});

test('header handling, delimiters, CRLF, BOM and blank lines', () => {
  assert.deepEqual(parseCsv('1,2\n3,4', { header: false }), { columns: ['column1', 'column2'], rows: [['1', '2'], ['3', '4']] });
  assert.deepEqual(parseCsv('a;b\n1;2\n3;4\n'), { columns: ['a', 'b'], rows: [['1', '2'], ['3', '4']] });
  assert.deepEqual(parseCsv('a\tb\n1,5\t2\n'), { columns: ['a', 'b'], rows: [['1,5', '2']] });
  assert.deepEqual(parseCsv('a|b\n1|2', { delimiter: '|' }).rows, [['1', '2']]);
  assert.deepEqual(parseCsv('\uFEFF a ,b\r\n1,2\r\n'), { columns: ['a', 'b'], rows: [['1', '2']] });
  // Blank lines are skipped with several columns...
  assert.deepEqual(parseCsv('a,b\n1,2\n\n3,4\n').rows, [['1', '2'], ['3', '4']]);
  // ...but with one column a blank line is a missing cell.
  assert.deepEqual(parseCsv('v\n1\n\n3\n').rows, [['1'], [''], ['3']]);
  assert.deepEqual(parseCsv('a,b\n'), { columns: ['a', 'b'], rows: [] });
});

test('ragged rows, bad quoting and empty text are errors naming the row', () => {
  assert.throws(() => parseCsv('a,b\n1,2\n3,4,5\n'), /parseCsv: data row 2 \(line 3\) has 3 cells; expected 2 like the header \(delimiter ","\)/);
  assert.throws(() => parseCsv('a,b\n"open,2\n'), /parseCsv: cannot parse argument 'text' at line 2: Quoted field unterminated \(MissingQuotes\)/);
  assert.throws(() => parseCsv(''), /parseCsv: argument 'text' is empty; expected a header line/);
  assert.throws(() => parseCsv('a', { delimiter: '' }), /parseCsv: option 'delimiter' expected a non-empty string/);
  assert.throws(() => parseCsv('a', { headers: true } as never), /parseCsv: unknown option 'headers'/);
  assert.throws(() => parseCsv(42 as never), /parseCsv: argument 'text' expected a string, got number/);
});

const withGaps = parseCsv('t,v\n1,10\n2,\n3,NA\n4,40\n5,nan\n');

test('numericColumn: missing cells counted and handled by each policy', () => {
  const interp = numericColumn(withGaps, 'v', { missing: 'interpolate' });
  assert.deepEqual(interp.values, [10, 20, 30, 40, 40]);
  assert.deepEqual(interp.missing, { count: 3, firstRows: [2, 3, 5] });
  assert.deepEqual(interp.rowIndex, [0, 1, 2, 3, 4]);
  assert.deepEqual(numericColumn(withGaps, 'v', { missing: 'ffill' }).values, [10, 10, 10, 40, 40]);
  const dropped = numericColumn(withGaps, 'v', { missing: 'drop' });
  assert.deepEqual(dropped.values, [10, 40]);
  assert.deepEqual(dropped.rowIndex, [0, 3]);
  assert.deepEqual(numericColumn(withGaps, 't').values, [1, 2, 3, 4, 5]);
  // Leading gaps take the first value with ffill and interpolate.
  const leading = parseCsv('v\nN/A\n2\n4\n');
  assert.deepEqual(numericColumn(leading, 'v', { missing: 'ffill' }).values, [2, 2, 4]);
  assert.deepEqual(numericColumn(leading, 'v', { missing: 'interpolate' }).values, [2, 2, 4]);
  assert.deepEqual(numericColumn(parseCsv('v\n -1.5e2 \n+.5\n'), 'v').values, [-150, 0.5]);
});

test('numericColumn errors name the column, the data row and the cell', () => {
  assert.throws(
    () => numericColumn(withGaps, 'v'),
    /numericColumn: column "v" has 3 missing cells, first at data row 2 \(""\); pass \{ missing: 'interpolate' \| 'drop' \| 'ffill' \}/,
  );
  const bad = parseCsv('date,price\n2020-01,1.5\n2020-02,"1,234"\n2020-03,abc\n');
  assert.throws(() => numericColumn(bad, 'price', { missing: 'drop' }), /numericColumn: column "price", data row 2: expected a number, got "1,234"/);
  assert.throws(() => numericColumn(bad, 'Price'), /numericColumn: unknown column "Price"; available columns: "date", "price"/);
  assert.throws(() => numericColumn(parseCsv('v\nNA\n'), 'v', { missing: 'ffill' }), /numericColumn: column "v" has no numeric cell: all 1 are missing/);
  assert.throws(() => numericColumn(withGaps, 'v', { missing: 'mean' as never }), /numericColumn: option 'missing' expected one of 'interpolate', 'drop', 'ffill', 'error', got "mean"/);
  assert.throws(() => numericColumn(parseCsv('a,a\n1,2\n'), 'a'), /numericColumn: column "a" is ambiguous: it appears 2 times \(positions 1, 2\)/);
});

test('stringColumn returns the cells as text', () => {
  assert.deepEqual(stringColumn(withGaps, 't'), ['1', '2', '3', '4', '5']);
  assert.throws(() => stringColumn(withGaps, 'x'), /stringColumn: unknown column "x"; available columns: "t", "v"/);
});

test('readCsvFile reads from disk and names a missing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-csv-'));
  try {
    const path = join(dir, 'data.csv');
    writeFileSync(path, 'a,b\n1,"x,y"\n');
    assert.deepEqual(readCsvFile(path), { columns: ['a', 'b'], rows: [['1', 'x,y']] });
    writeFileSync(path, 'a,b\n1\n');
    assert.throws(() => readCsvFile(path), /readCsvFile\(".*data\.csv"\): parseCsv: data row 1 \(line 2\) has 1 cells; expected 2/);
    assert.throws(() => readCsvFile(join(dir, 'nope.csv')), /readCsvFile: cannot read argument 'path' ".*nope\.csv": no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
