/** writeFileAtomic: content written, no temp files left, old file kept on failure, directories made. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/io/atomicWrite.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'lstm-ts-atomic-'));
}

test('writes a string and bytes, replacing the old content, and leaves no temp file', async () => {
  const dir = scratch();
  try {
    const file = join(dir, 'report.html');
    await writeFileAtomic(file, '<p>first</p>');
    assert.equal(readFileSync(file, 'utf8'), '<p>first</p>');
    await writeFileAtomic(file, 'second ✓');
    assert.equal(readFileSync(file, 'utf8'), 'second ✓');
    await writeFileAtomic(join(dir, 'w.bin'), new Uint8Array([0, 1, 2, 255]));
    assert.deepEqual([...readFileSync(join(dir, 'w.bin'))], [0, 1, 2, 255]);
    assert.deepEqual(readdirSync(dir).sort(), ['report.html', 'w.bin']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('creates missing parent directories', async () => {
  const dir = scratch();
  try {
    const file = join(dir, 'a', 'b', 'c', 'chart.svg');
    await writeFileAtomic(file, '<svg/>');
    assert.equal(readFileSync(file, 'utf8'), '<svg/>');
    assert.deepEqual(readdirSync(join(dir, 'a', 'b', 'c')), ['chart.svg']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('keeps the permission bits of the file it replaces', async () => {
  const dir = scratch();
  try {
    const file = join(dir, 'run.sh');
    writeFileSync(file, 'old');
    chmodSync(file, 0o750);
    await writeFileAtomic(file, 'new');
    assert.equal(statSync(file).mode & 0o777, 0o750);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed rename removes the temp file and leaves the target untouched', async () => {
  const dir = scratch();
  try {
    // The target is a non-empty directory: the temp file is written, then rename fails.
    const target = join(dir, 'out');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'kept');
    await assert.rejects(writeFileAtomic(target, 'data'), (err: Error & { code?: string }) => {
      assert.match(err.message, /^writeFileAtomic: could not write '.*out': /);
      assert.ok(err.code === 'EISDIR' || err.code === 'ENOTEMPTY' || err.code === 'EEXIST', `code ${err.code}`);
      assert.ok(err.cause instanceof Error);
      return true;
    });
    assert.deepEqual(readdirSync(dir), ['out'], 'no temp file left');
    assert.equal(readFileSync(join(target, 'keep.txt'), 'utf8'), 'kept');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a parent that is a file fails cleanly; an existing sibling file keeps its content', async () => {
  const dir = scratch();
  try {
    const old = join(dir, 'model.json');
    writeFileSync(old, '{"old":true}');
    await assert.rejects(writeFileAtomic(join(old, 'nested.json'), '{}'), (err: Error & { code?: string }) => {
      assert.match(err.message, /^writeFileAtomic: could not write '.*model\.json\/nested\.json': /);
      assert.ok(err.code === 'ENOTDIR' || err.code === 'EEXIST', `code ${err.code}`);
      return true;
    });
    assert.equal(readFileSync(old, 'utf8'), '{"old":true}');
    assert.deepEqual(readdirSync(dir), ['model.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('data that cannot be written is refused before the old file is touched', async () => {
  const dir = scratch();
  try {
    const file = join(dir, 'history.json');
    writeFileSync(file, 'old');
    const throwing = { toString(): string { throw new Error('boom'); } };
    await assert.rejects(writeFileAtomic(file, throwing as unknown as string), {
      name: 'ValueError',
      message: "writeFileAtomic: argument 'data' expected a string or Uint8Array, got object",
    });
    await assert.rejects(writeFileAtomic('', 'x'), {
      name: 'ValueError',
      message: "writeFileAtomic: argument 'path' expected a non-empty string, got \"\"",
    });
    assert.equal(readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['history.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('concurrent writes to one path each land whole, with no temp files left', async () => {
  const dir = scratch();
  try {
    const file = join(dir, 'log.txt');
    const contents = Array.from({ length: 20 }, (_, i) => String(i).repeat(10_000));
    await Promise.all(contents.map((c) => writeFileAtomic(file, c)));
    assert.ok(contents.includes(readFileSync(file, 'utf8')));
    assert.deepEqual(readdirSync(dir), ['log.txt']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
