/**
 * The pieces a new command is built from: `runAction` (seed, text or JSON output, errors as
 * one line with exit 1 or 2), the context (progress only on a terminal, --out), and the
 * option value parsers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CliRuntime, type CommandContext } from '../../src/cli/context.js';
import { addCommonOptions } from '../../src/cli/common.js';
import { UsageError } from '../../src/cli/errors.js';
import { describeRange, fraction, integer, longFlag, nameList, numberList, real, reformatCommanderMessage } from '../../src/cli/parse.js';
import { random } from '../../src/tensor/random.js';
import { fakeStream } from './fakeIo.js';

/** A throwaway program with one command `try` whose body is `body`. */
async function runWith(
  argv: string[],
  body: (ctx: CommandContext, opts: Record<string, unknown>) => unknown,
  options: { isTTY?: boolean; cwd?: string } = {},
) {
  const stdout = fakeStream();
  const stderr = fakeStream(options.isTTY ?? false);
  const rt = new CliRuntime({ stdout, stderr, env: {}, ...options });
  const program = new Command('lstm');
  const cmd = program.command('try');
  addCommonOptions(cmd);
  cmd.action(rt.runAction(body as Parameters<CliRuntime['runAction']>[0]));
  await program.parseAsync(argv, { from: 'user' });
  return { code: rt.exitCode, stdout: stdout.text, stderr: stderr.text };
}

test('runAction prints text, or exactly one JSON object with --json', async () => {
  const body = () => ({ text: 'hello', json: { answer: 42, list: [1, 2] } });
  const text = await runWith(['try'], body);
  assert.deepEqual(text, { code: 0, stdout: 'hello\n', stderr: '' });
  const json = await runWith(['try', '--json'], body);
  assert.equal(json.code, 0);
  assert.deepEqual(JSON.parse(json.stdout), { answer: 42, list: [1, 2] });
  assert.equal(json.stdout.trimEnd().split('\n').length, 1);
});

test('runAction maps errors: UsageError → 2, anything else → 1, one line prefixed by the command', async () => {
  const usage = await runWith(['try'], () => {
    throw new UsageError("option '--x' needs --y");
  });
  assert.deepEqual(usage, { code: 2, stdout: '', stderr: "lstm try: option '--x' needs --y\n" });
  const failure = await runWith(['try'], async () => {
    throw new Error('disk full\nsecond line');
  });
  assert.deepEqual(failure, { code: 1, stdout: '', stderr: 'lstm try: disk full second line\n' });
});

test('runAction seeds the random stream with --seed (default 42)', async () => {
  const draws: number[] = [];
  const body = () => void draws.push(random());
  await runWith(['try'], body);
  await runWith(['try', '--seed', '42'], body);
  await runWith(['try', '--seed', '7'], body);
  assert.equal(draws[0], draws[1]);
  assert.notEqual(draws[0], draws[2]);
});

test('the context: common options, progress only on a terminal, --out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-cli-'));
  try {
    let seen: CommandContext | null = null;
    const body = async (ctx: CommandContext) => {
      seen = ctx;
      ctx.progress('epoch 1/2');
      await ctx.ensureOutDir();
    };
    const quiet = await runWith(['try', '--epochs', '3', '--lr', '0.01', '--out', 'sub/out', '--dropout', '0'], body, { cwd: dir });
    assert.deepEqual(quiet, { code: 0, stdout: '', stderr: '' });
    const ctx = seen as unknown as CommandContext;
    assert.equal(ctx.command, 'lstm try');
    assert.deepEqual(ctx.common, { seed: 42, json: false, epochs: 3, lr: 0.01, dropout: 0, out: 'sub/out' });
    assert.equal(ctx.outDir, join(dir, 'sub/out'));
    assert.ok(existsSync(join(dir, 'sub/out')));
    assert.equal(ctx.progressStream, null);
    assert.equal(ctx.isTTY, false);

    const tty = await runWith(['try', '--out', 'o2'], body, { isTTY: true, cwd: dir });
    assert.equal(tty.stderr, 'epoch 1/2\n');
    assert.notEqual((seen as unknown as CommandContext).progressStream, null);

    const noOut = await runWith(['try'], body, { cwd: dir });
    assert.equal(noOut.code, 1);
    assert.match(noOut.stderr, /^lstm try: this command needs --out <dir>\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parsers accept good values and reject bad ones with what was expected', () => {
  assert.equal(integer({ min: 1 })('12'), 12);
  assert.equal(integer({ min: 0 })(' 0 '), 0);
  for (const bad of ['abc', '1.5', '', '1e3', '0x10', '0']) {
    assert.throws(() => integer({ min: 1 })(bad), (e: unknown) => e instanceof InvalidArgumentError && e.message === 'expected an integer >= 1', bad);
  }
  assert.equal(real({ min: 0, minExclusive: true })('1e-3'), 0.001);
  assert.equal(real()('-.5'), -0.5);
  for (const bad of ['NaN', 'Infinity', '1,5', '', '--1']) assert.throws(() => real()(bad), InvalidArgumentError, bad);
  assert.equal(fraction()('0'), 0);
  assert.throws(() => fraction()('1'), /expected a number in \[0, 1\)/);
  assert.deepEqual(numberList()('0.5,-1'), [0.5, -1]);
  assert.throws(() => numberList()('0.5,'), InvalidArgumentError);
  assert.deepEqual(nameList()('temp_max, wind'), ['temp_max', 'wind']);
  assert.equal(describeRange('a number', { min: 0, max: 1, minExclusive: true }), 'a number in (0, 1]');
  assert.equal(describeRange('a number', {}), 'a finite number');
});

test("commander's messages are rewritten to name the option, the expected and the actual value", () => {
  assert.equal(
    reformatCommanderMessage("error: option '--epochs <n>' argument 'abc' is invalid. expected an integer >= 1"),
    `option '--epochs' expected an integer >= 1, got "abc"`,
  );
  assert.equal(
    reformatCommanderMessage("error: option '-e, --epochs <n>' argument 'it's' is invalid. expected an integer >= 1"),
    `option '--epochs' expected an integer >= 1, got "it's"`,
  );
  assert.equal(
    reformatCommanderMessage("error: command-argument value 'x' is invalid for argument 'count'. expected an integer"),
    `argument 'count' expected an integer, got "x"`,
  );
  assert.equal(reformatCommanderMessage("error: unknown option '--x'"), "unknown option '--x'");
  assert.equal(longFlag('-e, --epochs <n>'), '--epochs');
  assert.equal(longFlag('-e <n>'), '-e');
});
