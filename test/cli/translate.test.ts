/** `lstm translate` on a tiny budget: files and JSON, a TSV of pairs, and the errors and exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lines, run } from './fakeIo.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lstm-translate-'));
}

test('translate on generated dates writes the heatmap, loss curves, reports and JSON', async () => {
  const dir = tempDir();
  try {
    const r = await run(['translate', '--samples', '120', '--epochs', '1', '--units', '8', '--embedding-dim', '4', '--beam', '2', '--out', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const json = JSON.parse(r.stdout) as {
      task: string; samples: { train: number; test: number }; settings: { beamWidth: number; units: number };
      copyBaseline: { exact: number; token: number }; models: Record<string, { greedy: { exact: number; count: number }; beam: { token: number }; trainSeconds: number }>;
      attentionMap: { source: string[]; output: string[]; weights: number[][] };
    };
    assert.equal(json.task, 'dates');
    // 24 held out, less any whose source also occurs in training.
    assert.equal(json.samples.train, 96);
    assert.ok(json.samples.test > 20 && json.samples.test <= 24);
    assert.deepEqual(Object.keys(json.models), ['attention', 'plain']);
    assert.equal(json.settings.beamWidth, 2);
    for (const m of Object.values(json.models)) {
      assert.equal(m.greedy.count, json.samples.test);
      assert.ok(m.trainSeconds > 0);
    }
    // The copy baseline is exact only on sources already written as ISO dates.
    assert.ok(json.copyBaseline.exact < 0.2);
    assert.equal(json.attentionMap.weights.length, json.attentionMap.output.length);
    assert.equal(json.attentionMap.weights[0]!.length, json.attentionMap.source.length);
    for (const f of ['attention.svg', 'loss.svg', 'report.html', 'report.md', 'result.json']) assert.ok(existsSync(join(dir, f)), f);
    assert.match(readFileSync(join(dir, 'attention.svg'), 'utf8'), /^<svg/);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    assert.match(md, /!\[attention heatmap\]\(attention\.svg\)/);
    assert.match(md, /copy the source \(baseline\)/);
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /Exact accuracy per date format/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('translate --pairs reads a Tatoeba-style TSV; --only plain writes no heatmap', async () => {
  const dir = tempDir();
  try {
    const words = ['cat', 'dog', 'bird', 'fish', 'horse', 'mouse', 'cow', 'sheep', 'goat', 'duck'];
    const tsv = words.flatMap((w, i) => [`${w}\t${w.toUpperCase()}\tCC-BY 2.0 #${i}`, `a ${w}\tA ${w.toUpperCase()}\tCC-BY 2.0 #${i + 100}`]).join('\n');
    writeFileSync(join(dir, 'pairs.tsv'), tsv);
    const r = await run(['translate', '--pairs', join(dir, 'pairs.tsv'), '--only', 'plain', '--epochs', '1', '--units', '8', '--test', '0.25', '--out', join(dir, 'out')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pairs\.tsv \(20 pairs\); 15 training pairs, 5 held-out test pairs/);
    assert.match(r.stdout, /LSTM, no attention/);
    assert.doesNotMatch(r.stdout, /LSTM \+ attention/);
    assert.ok(!existsSync(join(dir, 'out', 'attention.svg')));
    assert.ok(existsSync(join(dir, 'out', 'report.md')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad pairs files exit 1 naming the line; bad options exit 2', async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'bad.tsv'), 'one\tun\ntwo deux\n');
    const bad = await run(['translate', '--pairs', join(dir, 'bad.tsv'), '--out', join(dir, 'o')]);
    assert.equal(bad.code, 1);
    assert.equal(lines(bad.stderr).length, 1);
    assert.match(bad.stderr, /^lstm translate: .*bad\.tsv line 2: expected source<TAB>target\[<TAB>attribution\], found no tab in "two deux"\n$/);
    const missing = await run(['translate', '--pairs', join(dir, 'nope.tsv'), '--out', join(dir, 'o')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.tsv': no such file/);
    const cases: [string[], RegExp][] = [
      [['--beam', '0'], /--beam/],
      [['--beam', '65'], /--beam/],
      [['--samples', '1'], /--samples/],
      [['--max-length', '0'], /--max-length/],
      [['--length-penalty', '-1'], /--length-penalty/],
      [['--test', '0'], /--test/],
      [['--units', '7'], /'--units' 7: expected an even number/],
      [['--layers', '2'], /'--layers' 2: translate uses one encoder and one decoder layer/],
      [['--only', 'both'], /--only/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['translate', ...args, '--out', join(dir, 'o')]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(lines(r.stderr).length, 1);
    }
    // Too few pairs for a test set is a usage error: the options do not fit the data.
    writeFileSync(join(dir, 'one.tsv'), 'one\tun\n');
    const tiny = await run(['translate', '--pairs', join(dir, 'one.tsv'), '--out', join(dir, 'o')]);
    assert.equal(tiny.code, 2, tiny.stderr);
    assert.match(tiny.stderr, /1 pairs leave 1 for training and 0 for the test/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('translate --help lists the options with their ranges', async () => {
  const r = await run(['translate', '--help']);
  assert.equal(r.code, 0);
  for (const flag of ['--pairs', '--samples', '--test', '--max-length', '--beam', '--length-penalty', '--embedding-dim', '--only']) assert.match(r.stdout, new RegExp(flag));
  assert.match(r.stdout, /1 to 64;\s+1 is\s+greedy\)\s+\(default: 3\)/);
  assert.match(r.stdout, /\(default: 5000\)/);
});
