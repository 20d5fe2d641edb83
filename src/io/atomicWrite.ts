/**
 * Atomic file writing (Node only): a reader of `path` sees either the old content or the new
 * content, never a half-written file, even if the process dies mid-write.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ValueError } from '../tensor/errors.js';

const WHERE = 'writeFileAtomic';

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file in the same directory
 * (`.<name>.<pid>.<random>.tmp`), which is fsynced, renamed over `path`, and the directory
 * fsynced so the rename survives a power cut. Missing parent directories are created. A file
 * replaced keeps its permission bits. On any failure the temporary file is removed, an
 * existing `path` is left untouched, and the error is rethrown with the path in its message
 * (the original error is its `cause`, and its `code`, e.g. 'ENOSPC', 'EROFS', is kept).
 *
 * @example
 * await writeFileAtomic('out/report.html', htmlReport({ title: 'Run 3', sections }));
 * await writeFileAtomic('out/weights.bin', new Uint8Array(weights.buffer));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  if (typeof path !== 'string' || path === '') {
    throw new ValueError(`${WHERE}: argument 'path' expected a non-empty string, got ${JSON.stringify(path)}`);
  }
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    const got = data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data;
    throw new ValueError(`${WHERE}: argument 'data' expected a string or Uint8Array, got ${got}`);
  }
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  let created = false;
  try {
    await ensureDirectory(dir);
    const mode = await existingMode(target);
    handle = await open(tmp, 'wx', mode ?? 0o666);
    created = true;
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, target);
    created = false;
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    if (created) await rm(tmp, { force: true }).catch(() => undefined);
    throw wrap(path, err);
  }
  try {
    await syncDirectory(dir);
  } catch (err) {
    throw wrap(path, err, 'wrote', 'but could not make the rename durable');
  }
}

/**
 * `mkdir -p`, reporting the real cause. Node's recursive mkdir says ENOENT when a missing
 * ancestor cannot be made (read-only file system, no permission), which reads as a typo in the
 * path, and EEXIST when a file stands where a directory should be. The first existing ancestor
 * is found instead: a file there is reported as ENOTDIR naming it; otherwise the first missing
 * directory is made alone, and its error (EROFS, EACCES) is the one thrown.
 */
export async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EEXIST' && code !== 'ENOTDIR') throw err;
    let missing: string | null = null;
    let at = resolve(dir);
    for (;;) {
      const info = await stat(at).catch(() => null);
      if (info) {
        if (!info.isDirectory()) {
          throw Object.assign(new Error(`ENOTDIR: '${at}' is a file, not a directory`, { cause: err }), { code: 'ENOTDIR' });
        }
        break;
      }
      const parent = dirname(at);
      if (parent === at) throw err;
      missing = at;
      at = parent;
    }
    if (missing === null) throw err;
    // Throws the real cause; if it succeeds instead, something else made the path meanwhile.
    await mkdir(missing);
    await mkdir(dir, { recursive: true });
  }
}

/**
 * Creates `path`, which must not exist, with `data`, fsynced. On failure the partial file is
 * removed and the error rethrown as is. For files in a directory that nobody reads yet, or
 * that become visible through a later atomic step.
 */
export async function writeNewFile(path: string, data: string | Uint8Array): Promise<void> {
  let handle: FileHandle | undefined = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await rm(path, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** The permission bits of an existing regular file at `path`, or undefined if there is none. */
async function existingMode(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.mode & 0o7777 : undefined;
  } catch {
    return undefined;
  }
}

/** Codes by which a platform or file system says it cannot fsync a directory at all. */
const NO_DIRECTORY_SYNC = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'EBADF', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Makes renames and creations in `dir` durable. Where directories cannot be fsynced (Windows,
 * some network file systems) there is nothing more to do; an I/O error of the fsync itself
 * (EIO, ENOSPC) is thrown, since the rename may then not survive a crash.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!NO_DIRECTORY_SYNC.has(String((err as NodeJS.ErrnoException).code))) throw err;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function wrap(path: string, err: unknown, verb = 'could not write', after = ''): Error {
  const reason = err instanceof Error ? err.message : String(err);
  const wrapped = new Error(`${WHERE}: ${verb} '${path}'${after ? ` ${after}` : ''}: ${reason}`, { cause: err });
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') Object.assign(wrapped, { code });
  return wrapped;
}
