/** Data set loaders reading from node_modules: Moby Dick, vega-datasets CSVs, sentiment sentences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MissingPackageError,
  loadCo2,
  loadMobyDick,
  loadSeattleWeather,
  loadSentimentSentences,
  loadSp500,
  readPackageFile,
} from '../../src/data/node.js';
import { numericColumn, stringColumn } from '../../src/data/index.js';

test('Moby Dick: chapters 1..135 and the epilogue, in order, without front matter', () => {
  const text = loadMobyDick();
  assert.ok(text.startsWith('CHAPTER 1. Loomings.\n\nCall me Ishmael. Some years ago'), text.slice(0, 60));
  assert.ok(text.length > 1_000_000, `length ${text.length}`);
  assert.ok(text.endsWith('only found another orphan.\n'));
  const ch2 = text.indexOf('CHAPTER 2. The Carpet-Bag.');
  const ch10 = text.indexOf('CHAPTER 10. A Bosom Friend.');
  const ch100 = text.indexOf('CHAPTER 100. Leg and Arm.');
  const ch135 = text.indexOf('CHAPTER 135. The Chase.—Third Day.');
  const epilogue = text.indexOf('Epilogue "AND I ONLY AM ESCAPED');
  assert.ok(ch2 > 0 && ch2 < ch10 && ch10 < ch100 && ch100 < ch135 && ch135 < epilogue, [ch2, ch10, ch100, ch135, epilogue].join());
  assert.ok(!text.includes('ETYMOLOGY.'));
  assert.ok(!text.includes('\r'));
  // Parts are separated by exactly one blank line.
  assert.ok(text.includes('place this "Spouter" may be.\n\nCHAPTER 3. The Spouter-Inn.'));
  const full = loadMobyDick({ frontMatter: true });
  assert.ok(full.startsWith('CONTENTS'));
  assert.ok(full.endsWith(text));
});

test('CO2 from vega-datasets: first row 1958-03-01, 315.70', () => {
  const t = loadCo2();
  assert.deepEqual(t.columns, ['Date', 'CO2', 'adjusted CO2']);
  assert.deepEqual(t.rows[0], ['1958-03-01', '315.70', '314.44']);
  const co2 = numericColumn(t, 'CO2');
  assert.equal(co2.values[0], 315.7);
  assert.equal(co2.missing.count, 0);
  assert.ok(t.rows.length > 700);
});

test('Seattle weather and S&P 500 tables', () => {
  const w = loadSeattleWeather();
  assert.deepEqual(w.columns, ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
  assert.deepEqual(w.rows[0], ['2012-01-01', '0.0', '12.8', '5.0', '4.7', 'drizzle']);
  assert.equal(w.rows.length, 1461);
  const sp = loadSp500();
  assert.deepEqual(sp.columns, ['date', 'price']);
  assert.deepEqual(sp.rows[0], ['Jan 1 2000', '1394.46']);
  assert.equal(stringColumn(sp, 'date').at(-1), 'Mar 1 2010');
});

test('3,000 sentiment sentences with labels 0/1, 1,000 per source', () => {
  const s = loadSentimentSentences();
  assert.equal(s.length, 3000);
  assert.ok(s.every((r) => r.label === 0 || r.label === 1));
  assert.equal(s.filter((r) => r.label === 1).length, 1500);
  for (const source of ['amazon', 'imdb', 'yelp'] as const) assert.equal(s.filter((r) => r.source === source).length, 1000);
  assert.ok(s.every((r) => r.text.length > 0 && r.text === r.text.trim()));
  assert.deepEqual(s[0], { text: 'So there is no way for me to plug it in here in the US unless I go by a converter.', label: 0, source: 'amazon' });
});

test('a missing package or file is named', () => {
  assert.throws(() => readPackageFile('no-such-package-lstm-ts', 'data/x.csv'), (e: unknown) => {
    assert.ok(e instanceof MissingPackageError);
    assert.equal(e.packageName, 'no-such-package-lstm-ts');
    assert.equal(
      e.message,
      "readPackageFile: needs the data package 'no-such-package-lstm-ts', which is not installed; run: npm install no-such-package-lstm-ts",
    );
    return true;
  });
  assert.throws(() => readPackageFile('vega-datasets', 'data/missing.csv'), /readPackageFile: package 'vega-datasets' \(at .*vega-datasets\) has no file 'data\/missing\.csv'/);
});

test('bad loader options are named', () => {
  assert.throws(() => loadMobyDick({ frontmatter: true } as never), /loadMobyDick: unknown option 'frontmatter'; expected one of: frontMatter/);
  assert.throws(() => loadMobyDick({ frontMatter: 'yes' } as never), /loadMobyDick: option 'frontMatter' expected true or false, got "yes"/);
  assert.throws(() => readPackageFile('', 'a'), /readPackageFile: argument 'pkg' expected a non-empty string, got ""/);
});
