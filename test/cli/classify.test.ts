/** `lstm classify` on a tiny budget: exit codes, outputs, files, and one-line errors for bad data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lines, run } from './fakeIo.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'lstm-classify-'));

test('classify on the bundled UCI sentences reports every method, writes files, predicts sentences', async () => {
  const dir = tempDir();
  try {
    const r = await run(['classify', '--epochs', '1', '--units', '4', '--out', dir, '--json', '--predict', 'great phone', 'awful battery']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      classes: string[];
      samples: { train: number; validation: number; test: number };
      test: Record<string, { accuracy: number; f1: number; confusionMatrix: number[][] } | null>;
      predictions: { text: string; label: string }[];
    };
    assert.deepEqual(json.classes, ['negative', 'positive']);
    assert.deepEqual(json.samples, { train: 2160, validation: 240, test: 600 });
    for (const m of ['lstm', 'bagOfWords', 'majority', 'lexicon']) assert.ok(json.test[m] && Number.isFinite(json.test[m].accuracy), m);
    // The majority baseline and the lexicon scorer do not train: their figures are fixed by the split.
    assert.ok(json.test['majority']!.accuracy > 0.45 && json.test['majority']!.accuracy < 0.55);
    assert.equal(json.test['lstm']!.confusionMatrix.flat().reduce((a, b) => a + b, 0), 600);
    assert.deepEqual(json.predictions.map((p) => p.text), ['great phone', 'awful battery']);
    for (const f of ['confusion.svg', 'loss.svg', 'report.html', 'result.json']) assert.ok(existsSync(join(dir, f)), f);
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /bag-of-words logistic regression/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('classify reads JSONL and CSV with named columns (three classes: macro averages)', async () => {
  const dir = tempDir();
  try {
    const words = { red: ['apple', 'cherry', 'blood'], green: ['grass', 'leaf', 'frog'], blue: ['sky', 'sea', 'ice'] };
    const records = Object.entries(words).flatMap(([label, ws]) => Array.from({ length: 20 }, (_, i) => ({ sentence: `the ${ws[i % 3]} is here ${i}`, colour: label })));
    writeFileSync(join(dir, 'colours.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
    const r = await run(['classify', '--data', join(dir, 'colours.jsonl'), '--text-column', 'sentence', '--label-column', 'colour', '--epochs', '2', '--units', '4', '--out', join(dir, 'o')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /classes blue, green, red/);
    assert.match(r.stdout, /macro average/);
    assert.doesNotMatch(r.stdout, /lexicon/);
    writeFileSync(join(dir, 'colours.csv'), ['sentence,colour', ...records.map((x) => `"${x.sentence}",${x.colour}`)].join('\n'));
    const csv = await run(['classify', '--data', join(dir, 'colours.csv'), '--text-column', 'sentence', '--label-column', 'colour', '--epochs', '1', '--units', '4', '--out', join(dir, 'o2')]);
    assert.equal(csv.code, 0, csv.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad data files get one line naming the problem (exit 1; a column not in the file, exit 2)', async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'a.csv'), 'text,label\nhello,1\n');
    const noColumn = await run(['classify', '--data', join(dir, 'a.csv'), '--label-column', 'stars', '--out', join(dir, 'o')]);
    // A column that is not in the file: the command line is wrong (exit 2).
    assert.equal(noColumn.code, 2);
    assert.equal(lines(noColumn.stderr).length, 1);
    assert.match(noColumn.stderr, /a\.csv: no column 'stars'; columns are: text, label/);

    writeFileSync(join(dir, 'b.jsonl'), '{"text":"ok","label":1}\n{"text":"no label","label":null}\n');
    const noLabel = await run(['classify', '--data', join(dir, 'b.jsonl'), '--out', join(dir, 'o')]);
    assert.equal(noLabel.code, 1);
    assert.match(noLabel.stderr, /b\.jsonl: line 2: 'label' expected a label, got null/);

    writeFileSync(join(dir, 'c.json'), '{"text": "not an array"}');
    const notArray = await run(['classify', '--data', join(dir, 'c.json'), '--out', join(dir, 'o')]);
    assert.equal(notArray.code, 1);
    assert.match(notArray.stderr, /c\.json: expected a JSON array of objects/);

    writeFileSync(join(dir, 'd.csv'), 'text,label\n' + Array.from({ length: 12 }, () => 'same,x').join('\n'));
    const oneClass = await run(['classify', '--data', join(dir, 'd.csv'), '--out', join(dir, 'o')]);
    assert.equal(oneClass.code, 1);
    assert.match(oneClass.stderr, /one class \(x\)/);

    const badTokens = await run(['classify', '--tokens', 'bytes']);
    assert.equal(badTokens.code, 2);
    assert.match(badTokens.stderr, /--tokens/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
