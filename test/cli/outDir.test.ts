/**
 * Creating --out (issue 11): Node's recursive mkdir reports ENOENT for a read-only file system
 * (nodejs/node#47098), a full disk or a denied permission. The directory is made one level at
 * a time, so the real cause comes back with the path. A read-only mount cannot be made in the
 * test environment (root, no mount rights), so the file system is a fake here; the real
 * ENOTDIR case is in bounds.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type OutDirFs, createOutDir } from '../../src/cli/outDir.js';

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: fake`), { code });
}

/** A fake tree where `dirs` exist; mkdir of a path under `readOnly` fails with EROFS. */
function fakeFs(dirs: string[], options: { readOnly?: string; probe?: string } = {}): OutDirFs & { made: string[] } {
  const made: string[] = [];
  const exists = new Set(dirs);
  return {
    made,
    async stat(path) {
      if (!exists.has(path)) throw errno('ENOENT');
      return { isDirectory: () => true };
    },
    async mkdir(path) {
      if (options.readOnly && path.startsWith(`${options.readOnly}/`)) throw errno('EROFS');
      exists.add(path);
      made.push(path);
    },
    async probeWrite(dir) {
      if (options.probe) throw errno(options.probe);
      void dir;
    },
  };
}

test('a read-only file system is reported as EROFS with the directory that could not be made', async () => {
  const fs = fakeFs(['/', '/ro'], { readOnly: '/ro' });
  await assert.rejects(createOutDir('/ro/out/run', fs), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'EROFS');
    assert.match(error.message, /cannot create directory '\/ro\/out': read-only file system \(EROFS\)/);
    return true;
  });
});

test('missing levels are made top-down; an existing directory that cannot be written is reported', async () => {
  const fs = fakeFs(['/', '/a']);
  assert.equal(await createOutDir('/a/b/c', fs), '/a/b/c');
  assert.deepEqual(fs.made, ['/a/b', '/a/b/c']);
  await assert.rejects(createOutDir('/a', fakeFs(['/', '/a'], { probe: 'EACCES' })), /cannot write in '\/a': permission denied \(EACCES\)/);
});

test('on the real file system: nested levels are made, the probe file is gone, an existing directory is fine', async () => {
  const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'lstm-outdir-'));
  try {
    const dir = join(root, 'a', 'b');
    assert.equal(await createOutDir(dir), dir);
    assert.equal(await createOutDir(dir), dir);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
