/** The date grammar of `lstm translate`: every format, deterministic per seed, valid ISO targets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATE_FORMATS, DATE_YEARS, formatDate, generateDatePairs, ordinal } from '../../../src/apps/translate/grammar.js';

// Written by hand from a calendar: 3 March 2021 was a Wednesday, 9 November 1989 a Thursday.
const EXPECTED: Record<string, [string, string]> = {
  'Do of Month YYYY': ['3rd of March 2021', '9th of November 1989'],
  'Mon D, YY': ['Mar 3, 21', 'Nov 9, 89'],
  'MM/DD/YYYY': ['03/03/2021', '11/09/1989'],
  'Weekday, Month D, YYYY': ['Wednesday, March 3, 2021', 'Thursday, November 9, 1989'],
  'YYYY.MM.DD': ['2021.03.03', '1989.11.09'],
  'D Month YYYY': ['3 March 2021', '9 November 1989'],
  'Month Do, YYYY': ['March 3rd, 2021', 'November 9th, 1989'],
  'D Mon YYYY': ['3 Mar 2021', '9 Nov 1989'],
  'DD.MM.YYYY': ['03.03.2021', '09.11.1989'],
  'M/D/YY': ['3/3/21', '11/9/89'],
  'Wkd D Mon YYYY': ['Wed 3 Mar 2021', 'Thu 9 Nov 1989'],
  'month D YYYY': ['march 3 2021', 'november 9 1989'],
  'YYYYMMDD': ['20210303', '19891109'],
  'the Do of month, YYYY': ['the 3rd of march, 2021', 'the 9th of november, 1989'],
  'MONTH D, YYYY': ['MARCH 3, 2021', 'NOVEMBER 9, 1989'],
  'D-Mon-YYYY': ['3-Mar-2021', '9-Nov-1989'],
  'YYYY-MM-DD': ['2021-03-03', '1989-11-09'],
};

test('every format of the grammar writes the dates as documented', () => {
  assert.deepEqual(Object.keys(DATE_FORMATS).sort(), Object.keys(EXPECTED).sort());
  for (const [format, [a, b]] of Object.entries(EXPECTED)) {
    assert.equal(formatDate('2021-03-03', format), a, format);
    assert.equal(formatDate('1989-11-09', format), b, format);
  }
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31, 111].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '31st', '111th']);
  assert.throws(() => formatDate('2021-02-30', 'YYYYMMDD'), /argument 'iso' expected a calendar date as YYYY-MM-DD, got '2021-02-30'/);
  assert.throws(() => formatDate('2021-03-03', 'DD/MM'), /unknown format 'DD\/MM'/);
});

test('the same seed gives the same pairs, another seed others; every format and valid ISO targets', () => {
  const a = generateDatePairs(3000, 7);
  assert.deepEqual(generateDatePairs(3000, 7), a);
  const b = generateDatePairs(3000, 8);
  assert.ok(a.filter((p, i) => p.source === b[i]!.source).length < 30, 'another seed draws other pairs');
  const counts = new Map<string, number>();
  for (const p of a) {
    counts.set(p.format, (counts.get(p.format) ?? 0) + 1);
    // The source is what the format writes for the target's date: one reading per source.
    assert.equal(formatDate(p.target, p.format), p.source);
    const year = Number(p.target.slice(0, 4));
    assert.ok(year >= DATE_YEARS.first && year <= DATE_YEARS.last, p.target);
  }
  // 17 formats drawn uniformly: about 176 each in 3000.
  for (const format of Object.keys(DATE_FORMATS)) assert.ok((counts.get(format) ?? 0) > 100, `${format}: ${counts.get(format)}`);
  assert.equal(generateDatePairs(0, 1).length, 0);
  assert.throws(() => generateDatePairs(-1, 1), /count/);
});

test('two-digit years name one century: 50-99 → 1950s-1990s, 00-49 → 2000s-2040s', () => {
  for (const p of generateDatePairs(2000, 3).filter((q) => q.format === 'M/D/YY' || q.format === 'Mon D, YY')) {
    const yy = Number(p.source.slice(-2));
    assert.equal(Number(p.target.slice(0, 4)), yy >= 50 ? 1900 + yy : 2000 + yy, p.source);
  }
});
