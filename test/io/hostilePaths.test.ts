/**
 * The Keras and safetensors loaders read a path the user gives: a FIFO there must not block
 * for ever, a link to /dev/zero must not be read without end, and a directory must be named
 * as such. Each load runs in a child process with a deadline, so a regression fails here
 * instead of hanging the suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

const LOADERS = {
  keras: `const { loadKerasModel } = await import(${JSON.stringify(join(root, 'src/io/keras/node.ts'))});
await loadKerasModel(process.argv[2]);`,
  safetensors: `const { loadPyTorchStateFile } = await import(${JSON.stringify(join(root, 'src/io/safetensors/node.ts'))});
const { layers, sequential } = await import(${JSON.stringify(join(root, 'src/index.ts'))});
await loadPyTorchStateFile(process.argv[2], sequential({ layers: [layers.dense({ units: 1, inputShape: [1] })] }));`,
};

function loadInChild(kind: keyof typeof LOADERS, path: string): { timedOut: boolean; message: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-paths-child-'));
  const script = join(dir, 'load.mts');
  writeFileSync(script, `try { ${LOADERS[kind]} console.log(JSON.stringify({ message: 'loaded' })); }
catch (e) { console.log(JSON.stringify({ message: e instanceof Error ? e.message : String(e) })); }
process.exit(0);\n`);
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', script, path], {
    encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL', cwd: root,
  });
  rmSync(dir, { recursive: true, force: true });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { timedOut: true, message: '' };
  try {
    return { timedOut: false, ...(JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { message: string }) };
  } catch {
    return { timedOut: false, message: `child exited ${r.status ?? r.signal}: ${r.stderr.slice(-500)}` };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-paths-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const kind of ['keras', 'safetensors'] as const) {
  const ext = kind === 'keras' ? 'h5' : 'safetensors';

  test(`${kind}: a FIFO is refused at once instead of waiting for a writer`, () => {
    const path = join(dir, `fifo-${kind}.${ext}`);
    execFileSync('mkfifo', [path]);
    const r = loadInChild(kind, path);
    assert.equal(r.timedOut, false, 'the load must not block on a FIFO');
    assert.match(r.message, new RegExp(`fifo-${kind}\\.${ext}' is a FIFO, not a regular file`));
  });

  test(`${kind}: a link to /dev/zero is refused instead of read without end`, () => {
    const path = join(dir, `zero-${kind}.${ext}`);
    symlinkSync('/dev/zero', path);
    const r = loadInChild(kind, path);
    assert.equal(r.timedOut, false, 'the load must not read /dev/zero');
    assert.match(r.message, new RegExp(`zero-${kind}\\.${ext}' is a character device, not a regular file`));
  });

  test(`${kind}: a directory is named as one`, () => {
    const r = loadInChild(kind, dir);
    assert.match(r.message, /is a directory, not a regular file/);
  });
}
