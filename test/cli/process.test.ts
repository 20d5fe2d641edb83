/**
 * The real executable, as a child process: exit codes reach the shell, and nothing is
 * written to stderr on success.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function node(args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, LSTM_DEBUG: '' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('node --import tsx src/cli/main.ts explain: exit 0, the worked step on stdout, empty stderr', () => {
  const r = node(['--import', 'tsx', 'src/cli/main.ts', 'explain']);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /c = f\*c_prev \+ i\*g/);
  assert.match(r.stdout, /^Result: h = \[0\.343114, -0\.293475\]/m);
});

test('the process exits 2 on a usage error with one line on stderr, and 1 on a runtime failure', () => {
  const usage = node(['--import', 'tsx', 'src/cli/main.ts', 'explain', '--epochs', 'abc']);
  assert.equal(usage.code, 2);
  assert.equal(usage.stdout, '');
  assert.equal(usage.stderr, `lstm explain: option '--epochs' expected an integer in [1, 10000], got "abc"\n`);
  const failure = node(['--import', 'tsx', 'src/cli/main.ts', 'explain', '--weights', 'does-not-exist.json']);
  assert.equal(failure.code, 1);
  assert.equal(failure.stderr, 'lstm explain: --weights does-not-exist.json: cannot read the file (no such file)\n');
});

test('bin/lstm.mjs runs the built CLI, or says to build it', () => {
  const r = node(['bin/lstm.mjs', 'explain', '--json']);
  if (existsSync(`${root}dist/cli/main.js`)) {
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.stdout).units, 2);
  } else {
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^lstm: dist\/cli\/main\.js is missing; run 'npm run build' first/);
  }
});
