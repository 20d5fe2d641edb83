/**
 * `lstm textgen` at its edges (issue 11): word-level output keeps the prompt and the
 * continuation apart, a validation part too short for one window is an error and never NaN,
 * a prompt the model cannot read is refused, every numeric option is range-checked up front,
 * and `--model` takes the directory `textgen train` wrote (the `--help` examples run as typed).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lines, run } from './fakeIo.js';

const dir = mkdtempSync(join(tmpdir(), 'lstm-textgen-edges-'));
const WORDS = 'the quick brown fox jumps over the lazy dog . call me ishmael . '.repeat(30);
const tiny = ['--units', '8', '--seq-length', '8', '--train-tokens', '256', '--batch-size', '8'];

before(async () => {
  writeFileSync(join(dir, 'words.txt'), WORDS);
  // The run directory is named as in the `--help` examples, inside `dir` (the cwd of those runs).
  // --validation 0.15 puts the cut 32 characters into a line: inside the second 'the'.
  for (const [level, out, validation] of [['word', 'words-run', '0.15'], ['char', 'lstm-textgen', '0.1']] as const) {
    const r = await run(['textgen', 'train', '--corpus', join(dir, 'words.txt'), '--level', level, ...tiny, '--validation', validation, '--out', join(dir, out)]);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('word level: the prompt and the continuation are separated by a space, never glued', async () => {
  const model = join(dir, 'words-run', 'model');
  for (const prompt of ['the lazy', 'the lazy ', 'The Lazy']) {
    const r = await run(['textgen', 'sample', '--model', model, '--prompt', prompt, '--length', '4', '--greedy']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.replace(/\n$/, '');
    assert.ok(out.startsWith(`${prompt.toLowerCase().trimEnd()} `), `prompt then one space: ${JSON.stringify(out)}`);
    assert.doesNotMatch(out, /lazy {2}/, 'no doubled space after a prompt that ends in one');
    const json = JSON.parse((await run(['textgen', 'sample', '--model', model, '--prompt', prompt, '--length', '4', '--greedy', '--json'])).stdout) as { prompt: string; text: string };
    assert.equal(json.prompt + json.text, out, 'prompt + text in the JSON is the printed text');
  }
  // The training report's samples follow the same rule.
  const result = JSON.parse(readFileSync(join(dir, 'words-run', 'result.json'), 'utf8')) as { evaluations: { sample: string }[] };
  assert.match(result.evaluations.at(-1)!.sample, /^the whale \S/);
});

test('word level: the corpus split does not cut a word in two (no fragment enters the vocabulary)', () => {
  const result = JSON.parse(readFileSync(join(dir, 'words-run', 'result.json'), 'utf8')) as { vocabulary: number };
  // the quick brown fox jumps over lazy dog . call me ishmael, and <unk>
  assert.equal(result.vocabulary, 13);
});

test('train: a validation part shorter than one window is an error naming both sizes, never NaN', async () => {
  writeFileSync(join(dir, 'short.txt'), 'the quick brown fox jumps over the lazy dog. '.repeat(3));
  const r = await run(['textgen', 'train', '--corpus', join(dir, 'short.txt'), '--units', '8', '--seq-length', '16', '--train-tokens', '64', '--out', join(dir, 'short-out')]);
  assert.equal(r.code, 1, r.stdout);
  assert.equal(lines(r.stderr).length, 1, r.stderr);
  assert.match(r.stderr, /^lstm textgen train: .*validation part .* 13 characters.* 17 /);
  assert.match(r.stderr, /--validation 0/, 'says how to train without validation');
  assert.doesNotMatch(r.stdout + r.stderr, /NaN/);
});

test('train --validation 0: no validation, said in words; no NaN anywhere, charts and report written', async () => {
  const out = join(dir, 'no-valid');
  const r = await run(['textgen', 'train', '--corpus', join(dir, 'words.txt'), ...tiny, '--validation', '0', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /NaN/);
  assert.match(r.stdout, /no validation part \(--validation 0\)/);
  assert.doesNotMatch(readFileSync(join(out, 'report.html'), 'utf8'), /NaN/);
  const json = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { validationLoss: unknown; unigramBaseline: unknown };
  assert.equal(json.validationLoss, null);
  assert.equal(json.unigramBaseline, null);
});

test('sample: a prompt with nothing in the vocabulary is refused (2), naming the unknown characters', async () => {
  const model = join(dir, 'lstm-textgen', 'model');
  const r = await run(['textgen', 'sample', '--model', model, '--prompt', '@#%', '--length', '5']);
  assert.equal(r.code, 2, r.stdout);
  assert.equal(r.stdout, '');
  assert.equal(lines(r.stderr).length, 1, r.stderr);
  assert.match(r.stderr, /^lstm textgen sample: option '--prompt' .*'@', '#', '%'/);
  const words = await run(['textgen', 'sample', '--model', join(dir, 'words-run', 'model'), '--prompt', 'xylophone zebra', '--length', '5']);
  assert.equal(words.code, 2, words.stdout);
  assert.match(words.stderr, /option '--prompt' .*'xylophone', 'zebra'/);
});

test('sample: a partly unknown prompt is read, with one warning line naming what is unknown', async () => {
  const model = join(dir, 'lstm-textgen', 'model');
  const r = await run(['textgen', 'sample', '--model', model, '--prompt', 'the @fox', '--length', '5', '--greedy']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('the @fox'), r.stdout);
  assert.equal(lines(r.stderr).length, 1, r.stderr);
  assert.match(r.stderr, /^lstm textgen sample: warning: .*'@'/);
  const json = await run(['textgen', 'sample', '--model', model, '--prompt', 'the @fox', '--length', '5', '--json']);
  assert.deepEqual((JSON.parse(json.stdout) as { unknown: string[] }).unknown, ['@']);
  const clean = await run(['textgen', 'sample', '--model', model, '--prompt', 'the fox', '--length', '5']);
  assert.equal(clean.stderr, '');
});

test('every numeric option of textgen is range-checked up front: exit 2 naming the option, the range and the value', async () => {
  const model = join(dir, 'lstm-textgen', 'model');
  const corpus = join(dir, 'words.txt');
  const cases: [string[], string][] = [
    [['sample', '--model', model, '--length', '1000000000000'], '--length'],
    [['sample', '--model', model, '--length', '0'], '--length'],
    [['sample', '--model', model, '--temperature', '1e-320'], '--temperature'],
    [['sample', '--model', model, '--temperature', '1e9'], '--temperature'],
    [['sample', '--model', model, '--top-k', '1000000000000'], '--top-k'],
    [['sample', '--model', model, '--top-p', '1.5'], '--top-p'],
    [['train', '--corpus', corpus, '--seq-length', '100000000'], '--seq-length'],
    [['train', '--corpus', corpus, '--train-tokens', '1e30'], '--train-tokens'],
    [['train', '--corpus', corpus, '--train-tokens', '0'], '--train-tokens'],
    [['train', '--corpus', corpus, '--eval-every', '99999999999999999'], '--eval-every'],
    [['train', '--corpus', corpus, '--max-chars', '0'], '--max-chars'],
    [['train', '--corpus', corpus, '--validation', '0.95'], '--validation'],
  ];
  for (const [args, option] of cases) {
    const r = await run(['textgen', ...args, '--out', join(dir, 'never')]);
    const value = args[args.indexOf(option) + 1]!;
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(lines(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`option '${option}' expected an? (integer|number) (in [[(][^\\]]+[\\])]|[<>]=? \\S+), got "${value.replace(/[.+]/g, '\\$&')}"`), r.stderr);
    assert.doesNotMatch(r.stderr, /RangeError|Invalid typed array/);
  }
});

/** The `lstm textgen sample ...` example lines of a help text, as argument lists. */
function sampleExamples(help: string): string[][] {
  return [...help.matchAll(/\$ lstm (textgen sample [^#\n]*)/g)].map((m) =>
    [...m[1]!.trim().matchAll(/"([^"]*)"|(\S+)/g)].map((a) => a[1] ?? a[2]!),
  );
}

test('--model takes the run directory or its model/ folder; the --help examples run as typed', async () => {
  const helps = [(await run(['--help'])).stdout, (await run(['textgen', '--help'])).stdout, (await run(['textgen', 'sample', '--help'])).stdout];
  const examples = helps.flatMap(sampleExamples);
  assert.ok(examples.length >= 4, `found ${examples.length} examples`);
  for (const args of examples) {
    const withLength = args.includes('--length') ? args : [...args, '--length', '20'];
    const r = await run(withLength, { cwd: dir });
    assert.equal(r.code, 0, `lstm ${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stdout.length > 20);
  }
  const inner = await run(['textgen', 'sample', '--model', join(dir, 'lstm-textgen', 'model'), '--prompt', 'the', '--length', '5', '--greedy']);
  const outer = await run(['textgen', 'sample', '--model', join(dir, 'lstm-textgen'), '--prompt', 'the', '--length', '5', '--greedy']);
  assert.equal(outer.code, 0, outer.stderr);
  assert.equal(outer.stdout, inner.stdout);
  const neither = await run(['textgen', 'sample', '--model', join(dir, 'nothing-here')]);
  assert.equal(neither.code, 1);
  assert.match(neither.stderr, /nothing-here/);
});
