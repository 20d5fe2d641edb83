/**
 * The `lstm` program in-process: help, usage errors (exit 2, one line), registered options of
 * every command, and the exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, run } from './fakeIo.js';

const leafCommands = [
  ['demo'],
  ['textgen', 'train'],
  ['textgen', 'sample'],
  ['forecast'],
  ['classify'],
  ['explain'],
  ['translate'],
] as const;

const commonFlags = ['--seed', '--epochs', '--batch-size', '--units', '--layers', '--dropout', '--lr', '--out', '--json'];

/** Exactly one stderr line, `<prefix>: ...`, returned without the prefix. */
function oneErrorLine(stderr: string, prefix: string): string {
  const ls = lines(stderr);
  assert.equal(ls.length, 1, `expected one stderr line, got ${JSON.stringify(stderr)}`);
  assert.ok(ls[0]!.startsWith(`${prefix}: `), `line should start with '${prefix}: ': ${ls[0]}`);
  assert.ok(!/\bat .+:\d+:\d+/.test(ls[0]!), 'no stack trace');
  return ls[0]!.slice(prefix.length + 2);
}

test('lstm --help exits 0 and lists every subcommand', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  for (const name of ['demo', 'textgen', 'forecast', 'classify', 'explain', 'translate']) {
    assert.match(r.stdout, new RegExp(`^  ${name}\\b`, 'm'), `help lists ${name}`);
  }
  assert.match(r.stdout, /Examples:/);
  assert.match(r.stdout, /Exit codes: 0 success, 1 runtime failure, 2 usage error/);
});

test('help for a command: -h, --help and `lstm help <cmd>`', async () => {
  for (const argv of [['explain', '-h'], ['help', 'explain']]) {
    const r = await run(argv);
    assert.equal(r.code, 0, argv.join(' '));
    assert.match(r.stdout, /^Usage: lstm explain/m);
  }
  const group = await run(['textgen', '--help']);
  assert.equal(group.code, 0);
  assert.match(group.stdout, /^  train\b/m);
  assert.match(group.stdout, /^  sample\b/m);
  assert.match(group.stdout, /Examples:/);
});

test("every command's --help shows its examples and the common options", async () => {
  for (const path of leafCommands) {
    const r = await run([...path, '--help']);
    const name = `lstm ${path.join(' ')}`;
    assert.equal(r.code, 0, name);
    assert.equal(r.stderr, '', name);
    assert.match(r.stdout, new RegExp(`^Usage: ${name} \\[options\\]`, 'm'), name);
    assert.match(r.stdout, /\nExamples:\n {2}\$ lstm /, `${name} has examples`);
    assert.ok(r.stdout.includes(`$ ${name}`), `${name}: examples use the command itself`);
    assert.match(r.stdout, /Common options:/, name);
    for (const flag of commonFlags) assert.ok(r.stdout.includes(`  ${flag}`), `${name} --help lists ${flag}`);
  }
});

test('each command registers the options of the spec', async () => {
  const spec: Record<string, string[]> = {
    demo: ['--minutes <n>', '--units <n>', '--out <dir>'],
    'textgen train': ['--corpus <moby-dick|path>', '--level <char|word>', '--seq-length <n>', '--validation <fraction>', '--max-chars <n>'],
    'textgen sample': ['--model <dir>', '--prompt <text>', '--length <n>', '--temperature <x>', '--top-k <n>', '--top-p <x>', '--greedy'],
    forecast: ['--data <co2|seattle-weather|sp500|path.csv>', '--date-column', '--target', '--features <a,b>', '--window <n>', '--horizon <n>', '--stride <n>', '--validation <f>', '--test <f>'],
    classify: ['--data <uci-sentiment|path>', '--text-column', '--label-column', '--tokens <word|char>', '--bidirectional', '--max-len <n>', '--vocab-size <n>', '--predict <sentence...>'],
    explain: ['--input <values>', '--h-prev <values>', '--c-prev <values>', '--weights <file.json>', '--sequence <text>', '--model <dir>', '--json'],
    translate: ['--pairs <file.tsv>', '--samples <n>', '--test <f>', '--max-length <n>', '--beam <k>', '--length-penalty <a>', '--embedding-dim <n>', '--only <attention|plain>'],
  };
  for (const [cmd, flags] of Object.entries(spec)) {
    const r = await run([...cmd.split(' '), '--help']);
    for (const flag of flags) assert.ok(r.stdout.includes(flag), `lstm ${cmd} --help lists ${flag}`);
  }
  const demo = await run(['demo', '--help']);
  assert.match(demo.stdout, /--minutes <n>[^\n]*\(default: 3\)/);
  assert.match(demo.stdout, /--out <dir>[^\n]*\(default: "lstm-demo-out"\)/);
});

test('no command, or a group without its subcommand: exit 2 with one line', async () => {
  const r = await run([]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(oneErrorLine(r.stderr, 'lstm'), /missing command; expected one of: demo, textgen, forecast, classify, explain, translate/);
  const g = await run(['textgen']);
  assert.equal(g.code, 2);
  assert.match(oneErrorLine(g.stderr, 'lstm textgen'), /expected one of: train, sample/);
});

test('unknown command → exit 2', async () => {
  const r = await run(['trian']);
  assert.equal(r.code, 2);
  assert.match(oneErrorLine(r.stderr, 'lstm'), /unknown command 'trian'/);
});

test('unknown option → exit 2 with one line naming the option', async () => {
  for (const [argv, prefix] of [
    [['explain', '--bogus'], 'lstm explain'],
    [['--bogus'], 'lstm'],
    [['textgen', 'train', '--bogus', '1'], 'lstm textgen train'],
    [['forecast', '--bogus'], 'lstm forecast'],
  ] as const) {
    const r = await run([...argv]);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(oneErrorLine(r.stderr, prefix), /unknown option '--bogus'/);
  }
  // commander's suggestion stays on the same line
  const typo = await run(['explain', '--epoch', '3']);
  assert.equal(typo.code, 2);
  assert.equal(oneErrorLine(typo.stderr, 'lstm explain'), "unknown option '--epoch' (Did you mean --epochs?)");
});

test('--epochs abc → exit 2 with a line naming --epochs, the expected and the actual value', async () => {
  for (const path of leafCommands) {
    const r = await run([...path, '--epochs', 'abc']);
    assert.equal(r.code, 2, path.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(oneErrorLine(r.stderr, `lstm ${path.join(' ')}`), `option '--epochs' expected an integer in [1, 10000], got "abc"`);
  }
});

test('bad numeric values of the common options → exit 2', async () => {
  const cases: [string[], string][] = [
    [['--dropout', '2'], `option '--dropout' expected a number in [0, 1), got "2"`],
    [['--dropout', '1'], `option '--dropout' expected a number in [0, 1), got "1"`],
    [['--lr', '0'], `option '--lr' expected a number in (0, 10], got "0"`],
    [['--lr', '1e-3x'], `option '--lr' expected a number in (0, 10], got "1e-3x"`],
    [['--batch-size', '1.5'], `option '--batch-size' expected an integer in [1, 8192], got "1.5"`],
    [['--units', '0'], `option '--units' expected an integer in [1, 4096], got "0"`],
    [['--layers', ''], `option '--layers' expected an integer in [1, 16], got ""`],
    [['--seed', '-1'], `option '--seed' expected an integer in [0, 4294967295], got "-1"`],
    [['--epochs=0x10'], `option '--epochs' expected an integer in [1, 10000], got "0x10"`],
  ];
  for (const [args, message] of cases) {
    const r = await run(['forecast', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(oneErrorLine(r.stderr, 'lstm forecast'), message);
  }
});

test('bad values of command options → exit 2', async () => {
  const cases: [string[], string, RegExp][] = [
    [['demo', '--minutes', '-1'], 'lstm demo', /option '--minutes' expected a number in \(0, 1440\], got "-1"/],
    [['textgen', 'train', '--level', 'byte'], 'lstm textgen train', /option '--level' expected one of 'char', 'word', got "byte"/],
    [['textgen', 'train', '--validation', '1.5'], 'lstm textgen train', /option '--validation' expected a number in \[0, 0.9\], got "1.5"/],
    [['textgen', 'sample', '--top-p', '0'], 'lstm textgen sample', /option '--top-p' expected a number in \(0, 1\], got "0"/],
    [['textgen', 'sample', '--temperature', 'hot'], 'lstm textgen sample', /option '--temperature' expected a number in \[0.01, 100\], got "hot"/],
    [['forecast', '--features', 'a,,b'], 'lstm forecast', /option '--features' expected comma-separated non-empty names/],
    [['forecast', '--window', 'ten'], 'lstm forecast', /option '--window' expected an integer in \[1, 10000\], got "ten"/],
    [['classify', '--tokens', 'bpe'], 'lstm classify', /option '--tokens' expected one of 'word', 'char', got "bpe"/],
    [['explain', '--input', '0.5,abc'], 'lstm explain', /option '--input' expected comma-separated finite numbers \(like 0.5,-1\), got "0.5,abc"/],
    [['explain', '--recurrent-activation', 'relu'], 'lstm explain', /option '--recurrent-activation' expected one of 'sigmoid', 'hardSigmoid', got "relu"/],
  ];
  for (const [argv, prefix, pattern] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(oneErrorLine(r.stderr, prefix), pattern);
  }
});

test('missing option value and excess arguments → exit 2', async () => {
  const missing = await run(['explain', '--epochs']);
  assert.equal(missing.code, 2);
  assert.match(oneErrorLine(missing.stderr, 'lstm explain'), /option '--epochs <n>' argument missing/);
  const extra = await run(['explain', 'now']);
  assert.equal(extra.code, 2);
  assert.match(oneErrorLine(extra.stderr, 'lstm explain'), /too many arguments/);
});

test('--version prints the package version', async () => {
  const r = await run(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
});

test('LSTM_DEBUG=1 adds the stack after the error line', async () => {
  const r = await run(['forecast', '--data', 'no-such-file.csv', '--target', 'v'], { env: { LSTM_DEBUG: '1' } });
  assert.equal(r.code, 1);
  assert.match(lines(r.stderr)[0]!, /^lstm forecast: .*no-such-file\.csv/);
  assert.ok(lines(r.stderr).length > 1);
});
