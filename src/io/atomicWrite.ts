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
 * (`.<name>.<pid>.<random>.tmp`), which is fsynced and then renamed over `path`. Missing
 * parent directories are created. A file replaced keeps its permission bits. On any failure
 * the temporary file is removed, an existing `path` is left untouched, and the error is
 * rethrown with the path in its message (the original error is its `cause`, and its `code`,
 * e.g. 'EISDIR', is kept).
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
    await mkdir(dir, { recursive: true });
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
  await syncDirectory(dir);
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

/** Makes a rename in `dir` durable; best effort, since some platforms cannot fsync a directory. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse to open or fsync a directory; the write is done.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function wrap(path: string, err: unknown): Error {
  const reason = err instanceof Error ? err.message : String(err);
  const wrapped = new Error(`${WHERE}: could not write '${path}': ${reason}`, { cause: err });
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') Object.assign(wrapped, { code });
  return wrapped;
}
