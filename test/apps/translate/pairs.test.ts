/** Reading parallel text for `lstm translate --pairs`: the Tatoeba TSV format and errors that name the line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePairs, readPairsFile } from '../../../src/apps/translate/pairs.js';

test('pairs with and without the attribution column, CRLF, blank lines and a BOM', () => {
  const text = 'Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #1158250 (Wittydev)\r\n\r\nHi.\tSalut !\r\n  \nRun!\tCours !\n';
  assert.deepEqual(parsePairs(text), [
    { source: 'Go.', target: 'Va !' },
    { source: 'Hi.', target: 'Salut !' },
    { source: 'Run!', target: 'Cours !' },
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'lstm-pairs-'));
  try {
    writeFileSync(join(dir, 'fra.txt'), `\uFEFF${text}`);
    assert.equal(readPairsFile(join(dir, 'fra.txt'))[0]!.source, 'Go.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('malformed lines are errors that name the file and the line', () => {
  assert.throws(() => parsePairs('a\tb\nno tab here\nc\td', 'x.tsv'), /^ValueError: x\.tsv line 2: expected source<TAB>target\[<TAB>attribution\], found no tab in "no tab here"$/);
  assert.throws(() => parsePairs('a\tb\n\n\t b\n', 'x.tsv'), /x\.tsv line 3: the source \(field 1\) is empty/);
  assert.throws(() => parsePairs('a\t \n', 'x.tsv'), /x\.tsv line 1: the target \(field 2\) is empty/);
  assert.throws(() => parsePairs('a\tb\tc\td\n', 'x.tsv'), /x\.tsv line 1: expected at most 3 tab-separated fields .* found 4/);
  assert.throws(() => parsePairs('\n  \n', 'x.tsv'), /x\.tsv: no pairs found/);
  assert.throws(() => readPairsFile('/nonexistent/pairs.tsv'), /cannot read pairs file '\/nonexistent\/pairs\.tsv': no such file/);
});
