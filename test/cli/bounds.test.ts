/**
 * Issue 11, "CLI bounds and messages": every numeric option has a documented range checked
 * before any work, usage errors exit 2, classify refuses a label column with too many
 * distinct values, the NaN-loss hint speaks CLI, --out failures name the real cause, and a
 * constant series gets an honest answer instead of "does NOT beat (0.00 vs 0.00)".
 *
 * Cases that would train on today's code carry a guard (a missing --data file, an --out under
 * a regular file, a one-epoch two-unit model) so that the test stays fast before the fix too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { CliRuntime } from '../../src/cli/context.js';
import { addCommonOptions } from '../../src/cli/common.js';
import { NaNLossError } from '../../src/models/training.js';
import { fakeStream, lines, run } from './fakeIo.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'lstm-bounds-'));

/** The single stderr line, checked to start with `lstm <command>: `. */
function errorLine(stderr: string, command: string): string {
  const ls = lines(stderr);
  assert.equal(ls.length, 1, `one stderr line expected, got ${JSON.stringify(stderr)}`);
  assert.ok(ls[0]!.startsWith(`lstm ${command}: `), ls[0]);
  return ls[0]!;
}

test('every numeric option out of its documented range is refused up front, naming the option (exit 2)', async () => {
  const dir = tempDir();
  try {
    const missing = join(dir, 'missing.csv');
    const notDir = join(dir, 'file');
    writeFileSync(notDir, 'x');
    const cases: [command: string[], flag: string, value: string][] = [
      [['classify', '--data', missing], '--units', '100000'],
      [['classify', '--data', missing], '--units', '0'],
      [['forecast', '--data', missing], '--layers', '1000000'],
      [['forecast', '--data', missing], '--epochs', '1000000000'],
      [['forecast', '--data', missing], '--batch-size', '100000000'],
      [['forecast', '--data', missing], '--lr', '1e30'],
      [['forecast', '--data', missing], '--lr', '0'],
      [['forecast', '--data', missing], '--dropout', '1'],
      [['forecast', '--data', missing], '--seed', '4294967296'],
      [['forecast', '--data', missing], '--seed', '1.5'],
      [['forecast', '--data', missing], '--window', '100000000'],
      [['forecast', '--data', missing], '--horizon', '100000000'],
      [['forecast', '--data', missing], '--stride', '100000000'],
      [['forecast', '--data', missing], '--test', '0.95'],
      [['forecast', '--data', missing], '--test', '0'],
      [['forecast', '--data', missing], '--validation', '0.95'],
      [['classify', '--data', missing], '--max-len', '100000000'],
      [['classify', '--data', missing], '--vocab-size', '1000000000'],
      [['demo', '--out', join(notDir, 'sub')], '--minutes', '1000000'],
    ];
    for (const [command, flag, value] of cases) {
      const r = await run([...command, flag, value]);
      const what = `${command[0]} ${flag} ${value}`;
      assert.equal(r.code, 2, `${what}: ${r.stderr}`);
      const line = errorLine(r.stderr, command[0]!);
      assert.ok(line.includes(`option '${flag}' expected`) && line.includes(JSON.stringify(value)), `${what}: ${line}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--units and --layers together are bounded by the weights they allocate (exit 2, both named)', async () => {
  const dir = tempDir();
  try {
    const missing = join(dir, 'missing.csv');
    for (const argv of [
      ['forecast', '--data', missing, '--units', '4096', '--layers', '16'],
      ['classify', '--data', missing, '--units', '4096', '--bidirectional'],
    ]) {
      const r = await run(argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      const line = errorLine(r.stderr, argv[0]!);
      assert.match(line, /--units/);
      assert.match(line, /--layers/);
      assert.match(line, /weights/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mistakes of the command line exit 2, not 1: missing --target, unknown column, splits and windows that do not fit', async () => {
  const dir = tempDir();
  try {
    const csv = join(dir, 'series.csv');
    writeFileSync(csv, ['day,v', ...Array.from({ length: 60 }, (_, i) => `${i},${Math.sin(i / 3).toFixed(4)}`)].join('\n'));
    const texts = join(dir, 'texts.csv');
    writeFileSync(texts, ['text,label', ...Array.from({ length: 20 }, (_, i) => `sentence ${i},${i % 2}`)].join('\n'));
    const out = join(dir, 'out');
    const tiny = ['--epochs', '1', '--units', '2', '--out', out];
    const cases: [argv: string[], pattern: RegExp][] = [
      [['forecast', '--data', csv, ...tiny], /--target/],
      [['forecast', '--data', csv, '--target', 'nope', ...tiny], /no column 'nope'/],
      [['forecast', '--data', 'co2', '--target', 'co3', ...tiny], /no column 'co3'/],
      [['forecast', '--data', csv, '--target', 'v', '--date-column', 'date', ...tiny], /no column 'date'/],
      [['forecast', '--data', csv, '--target', 'v', '--features', 'w', ...tiny], /no column 'w'/],
      [['forecast', '--data', 'co2', '--test', '0.5', '--validation', '0.45', ...tiny], /--test.*--validation|--validation.*--test/],
      [['forecast', '--data', csv, '--target', 'v', '--window', '500', ...tiny], /--window/],
      [['classify', '--data', texts, '--label-column', 'stars', ...tiny], /no column 'stars'/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(errorLine(r.stderr, argv[0]!), pattern, argv.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('classify refuses a label column with more distinct labels than it supports, naming the column', async () => {
  const dir = tempDir();
  try {
    const texts = join(dir, 'texts.csv');
    // One label per row: the user probably swapped the columns.
    writeFileSync(texts, ['label,text', ...Array.from({ length: 150 }, (_, i) => `words ${i},row ${i}`)].join('\n'));
    const r = await run(['classify', '--data', texts, '--text-column', 'label', '--label-column', 'text', '--epochs', '1', '--units', '2', '--out', join(dir, 'out')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(errorLine(r.stderr, 'classify'), /column 'text' has 150 distinct labels; classify supports at most 100; is it the text column\?/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the NaN-loss hint names CLI options, not the API option onNaN', async () => {
  const stdout = fakeStream();
  const stderr = fakeStream();
  const rt = new CliRuntime({ stdout, stderr, env: {} });
  const program = new Command('lstm');
  const cmd = program.command('try');
  addCommonOptions(cmd, { lr: 0.003 });
  cmd.action(
    rt.runAction(() => {
      throw new NaNLossError(
        "sequential.fit: loss became NaN at epoch 2, batch 7; weights were not updated by that batch (lower the learning rate, clip gradients, or pass onNaN: 'continue')",
      );
    }),
  );
  await program.parseAsync(['try'], { from: 'user' });
  assert.equal(rt.exitCode, 1);
  const line = errorLine(stderr.text, 'try');
  assert.ok(!line.includes('onNaN'), line);
  assert.match(line, /loss became NaN at epoch 2, batch 7/);
  assert.match(line, /--lr/);
  assert.match(line, /0\.003/);
});

test('an --out that cannot be created fails before training, naming --out, the path and the real cause', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    const out = join(file, 'sub');
    const start = performance.now();
    for (const argv of [
      ['forecast', '--data', 'co2', '--epochs', '1', '--units', '2', '--out', out],
      ['classify', '--epochs', '1', '--units', '2', '--out', out],
    ]) {
      const r = await run(argv);
      assert.equal(r.code, 1, r.stderr);
      const line = errorLine(r.stderr, argv[0]!);
      assert.ok(line.includes('--out') && line.includes(out), line);
      assert.match(line, /ENOTDIR/);
      assert.match(line, /not a directory/);
    }
    // No training happened: both refusals together take well under the time of one epoch.
    assert.ok(performance.now() - start < 3000, `took ${performance.now() - start} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a constant series is refused with an honest reason instead of "does NOT beat (0.00 vs 0.00)"', async () => {
  const dir = tempDir();
  try {
    const csv = join(dir, 'flat.csv');
    writeFileSync(csv, ['day,v', ...Array.from({ length: 80 }, (_, i) => `${i},5`)].join('\n'));
    const r = await run(['forecast', '--data', csv, '--target', 'v', '--window', '4', '--epochs', '1', '--units', '2', '--out', join(dir, 'out')]);
    assert.equal(r.code, 1, r.stdout);
    assert.doesNotMatch(r.stdout, /does NOT beat/);
    assert.match(errorLine(r.stderr, 'forecast'), /'v' is constant \(5\).*nothing to learn/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('explain --sequence is bounded: one heatmap column per token', async () => {
  const r = await run(['explain', '--model', join(tmpdir(), 'no-such-lstm-model'), '--sequence', 'x'.repeat(5000)]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(errorLine(r.stderr, 'explain'), /option '--sequence' expected at most 1000 characters, got 5000/);
});
