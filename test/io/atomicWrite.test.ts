/**
 * writeFileAtomic: content written, no temp files left, old file kept on failure at any step,
 * directories made, the rename made durable, and the real cause reported (EROFS, not ENOENT).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureDirectory, writeFileAtomic } from '../../src/io/atomicWrite.js';
import { withFault } from './faultyFs.js';

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

test('a failure at any step (full disk) leaves the old content and no temp file, and the error names the path and the cause', async () => {
  const dir = scratch();
  try {
    const file = join(dir, 'sub', 'result.json');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(file, 'old');
    for (let failAt = 1; ; failAt++) {
      const outcome = await withFault(failAt, 'ENOSPC', () => writeFileAtomic(file, 'new'));
      if (!outcome.fired) break;
      const step = outcome.steps[failAt - 1]!;
      const content = readFileSync(file, 'utf8');
      assert.ok(content === 'old' || content === 'new', `step ${failAt} (${step.op}): '${content}'`);
      assert.deepEqual(readdirSync(join(dir, 'sub')), ['result.json'], `step ${failAt} (${step.op}): no temp file left`);
      if (outcome.error !== undefined) {
        const err = outcome.error as Error & { code?: string };
        assert.equal(err.code, 'ENOSPC', `step ${failAt} (${step.op})`);
        assert.ok(err.message.includes(file), err.message);
      } else {
        assert.equal(content, 'new', `step ${failAt} (${step.op}) reported success`);
      }
      writeFileSync(file, 'old');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the rename is made durable: the directory is fsynced after it', async () => {
  const dir = scratch();
  try {
    const outcome = await withFault(Number.MAX_SAFE_INTEGER, 'ENOSPC', () => writeFileAtomic(join(dir, 'a.txt'), 'x'));
    const ops = outcome.steps.map((s) => s.op);
    const renamed = ops.indexOf('rename');
    assert.ok(renamed > 0 && ops.indexOf('handle.sync') < renamed, ops.join(' '));
    assert.deepEqual(ops.slice(renamed + 1), ['open', 'handle.sync'], ops.join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on a read-only file system the error says so (EROFS), not ENOENT, for a missing directory too', async (t) => {
  const dir = scratch();
  const ro = join(dir, 'ro');
  mkdirSync(ro);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]).status === 0;
  if (!mounted) {
    rmSync(dir, { recursive: true, force: true });
    t.skip('needs root to mount a read-only tmpfs');
    return;
  }
  try {
    for (const file of [join(ro, 'out.txt'), join(ro, 'missing', 'deeper', 'out.txt')]) {
      await assert.rejects(writeFileAtomic(file, 'x'), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'EROFS', err.message);
        assert.match(err.message, /^writeFileAtomic: could not write '.*out\.txt': EROFS: read-only file system/);
        return true;
      });
    }
    await assert.rejects(ensureDirectory(join(ro, 'a', 'b')), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'EROFS', err.message);
      assert.ok(err.message.includes(join(ro, 'a')), err.message);
      return true;
    });
  } finally {
    spawnSync('umount', [ro]);
    rmSync(dir, { recursive: true, force: true });
  }
});
