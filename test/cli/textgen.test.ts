/** `lstm demo` and `lstm textgen train|sample` on tiny budgets: exit codes, outputs, files, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lines, run } from './fakeIo.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'lstm-textgen-'));

test('demo trains within its budget, prints samples, saves a model that textgen sample can use', async () => {
  const dir = tempDir();
  try {
    const r = await run(['demo', '--minutes', '0.05', '--units', '8', '--out', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress on a non-terminal');
    assert.match(r.stdout, /after [\d,]+ chars \(\d+ s\): validation \d\.\d{3} nats\/char\n {2}"the whale /);
    assert.match(r.stdout, /Where everything went:/);
    for (const f of ['model/model.json', 'model/weights.bin', 'report.html', 'loss.svg', 'result.json']) assert.ok(existsSync(join(dir, f)), f);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { stoppedBy: string; trainSeconds: number };
    assert.equal(result.stoppedBy, 'time');
    assert.ok(result.trainSeconds < 6, `budget 3 s of training, took ${result.trainSeconds}`);
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /Samples as training went on/);

    const a = await run(['textgen', 'sample', '--model', join(dir, 'model'), '--prompt', 'Call me', '--length', '40', '--greedy']);
    const b = await run(['textgen', 'sample', '--model', join(dir, 'model'), '--prompt', 'Call me', '--length', '40', '--greedy']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.ok(a.stdout.startsWith('call me'), 'the prompt is lower-cased like the training text');
    assert.equal([...a.stdout.replace(/\n$/, '')].length, 'call me'.length + 40);
    const json = await run(['textgen', 'sample', '--model', join(dir, 'model'), '--length', '10', '--temperature', '0.8', '--top-k', '5', '--json', '--seed', '3']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal([...(JSON.parse(json.stdout) as { text: string }).text].length, 10);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('textgen train on a text file at word level writes the model and a JSON result', async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'corpus.txt'), 'the cat sat on the mat . the dog sat on the log . '.repeat(60));
    const r = await run(['textgen', 'train', '--corpus', join(dir, 'corpus.txt'), '--level', 'word', '--seq-length', '8', '--units', '8', '--epochs', '2', '--out', join(dir, 'out'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { vocabulary: number; validationLoss: number; settings: { level: string } };
    assert.equal(json.settings.level, 'word');
    assert.ok(json.vocabulary >= 8 && json.vocabulary <= 12, String(json.vocabulary));
    assert.ok(Number.isFinite(json.validationLoss));
    assert.ok(existsSync(join(dir, 'out', 'model', 'model.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('textgen errors: missing corpus (1), empty corpus (1), no --model (2), not a text model (1)', async () => {
  const dir = tempDir();
  try {
    const missing = await run(['textgen', 'train', '--corpus', join(dir, 'none.txt'), '--out', join(dir, 'o')]);
    assert.equal(missing.code, 1);
    assert.equal(lines(missing.stderr).length, 1);
    assert.match(missing.stderr, /^lstm textgen train: cannot read corpus '.*none\.txt': ENOENT/);
    writeFileSync(join(dir, 'empty.txt'), '  \n');
    const empty = await run(['textgen', 'train', '--corpus', join(dir, 'empty.txt'), '--out', join(dir, 'o')]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /corpus '.*empty\.txt' is empty/);
    const noModel = await run(['textgen', 'sample']);
    assert.equal(noModel.code, 2);
    assert.match(noModel.stderr, /--model <dir>' is required/);
    const nowhere = await run(['textgen', 'sample', '--model', join(dir, 'nothing')]);
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /does not exist/);
    const badTemp = await run(['textgen', 'sample', '--model', 'x', '--temperature', '0']);
    assert.equal(badTemp.code, 2);
    assert.match(badTemp.stderr, /--temperature/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
