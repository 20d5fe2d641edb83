/**
 * Creating the `--out` directory so that a failure says what really went wrong. Node's
 * `mkdir(path, { recursive: true })` turns EROFS (read-only file system), ENOSPC and EACCES
 * into ENOENT when the directory is missing (nodejs/node#47098, #42808), which tells the user
 * to look for a missing parent that is not missing. Making one level at a time with plain
 * `mkdir` keeps the real error; writing and removing a probe file then finds an existing
 * directory that cannot be written, before minutes of training rather than after.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** The file-system calls `createOutDir` makes; tests pass a fake. */
export interface OutDirFs {
  stat(path: string): Promise<{ isDirectory(): boolean }>;
  /** Non-recursive mkdir of one directory. */
  mkdir(path: string): Promise<unknown>;
  /** Creates and removes a file in `dir`; throws what the creation throws. */
  probeWrite(dir: string): Promise<void>;
}

export const nodeOutDirFs: OutDirFs = {
  stat: (path) => stat(path),
  mkdir: (path) => mkdir(path),
  async probeWrite(dir) {
    const probe = join(dir, `.lstm-write-test.${process.pid}.${randomBytes(4).toString('hex')}`);
    const handle = await open(probe, 'wx');
    await handle.close();
    await rm(probe, { force: true });
  },
};

const REASONS: Readonly<Record<string, string>> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'not a directory',
  EEXIST: 'a file of that name exists',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
};

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** An error whose message is `what: reason (CODE)`, keeping `code` and the original as `cause`. */
function explain(what: string, error: unknown): Error {
  const code = codeOf(error);
  const reason = code === undefined ? (error instanceof Error ? error.message : String(error)) : `${REASONS[code] ?? code.toLowerCase()} (${code})`;
  return Object.assign(new Error(`${what}: ${reason}`, { cause: error }), code === undefined ? {} : { code });
}

/**
 * Makes `dir` (and missing parents) and checks that a file can be written in it; returns the
 * absolute path. Errors name the directory that failed and the real cause.
 * @example await createOutDir('runs/3') // '/home/me/runs/3'
 */
export async function createOutDir(dir: string, fs: OutDirFs = nodeOutDirFs): Promise<string> {
  const target = resolve(dir);
  // Walk up to the nearest directory that exists; everything below it is made afterwards.
  const missing: string[] = [];
  for (let path = target; ; ) {
    const kind = await kindOf(fs, path);
    if (kind === 'directory') break;
    if (kind === 'other') {
      throw Object.assign(new Error(`cannot create '${target}': '${path}' is a file, not a directory (ENOTDIR)`), { code: 'ENOTDIR' });
    }
    missing.unshift(path);
    const parent = dirname(path);
    if (parent === path) break;
    path = parent;
  }
  for (const level of missing) {
    try {
      await fs.mkdir(level);
    } catch (error) {
      // Another process may have made it meanwhile.
      if (codeOf(error) === 'EEXIST' && (await isDirectory(fs, level))) continue;
      throw explain(`cannot create directory '${level}'`, error);
    }
  }
  try {
    await fs.probeWrite(target);
  } catch (error) {
    throw explain(`cannot write in '${target}'`, error);
  }
  return target;
}

/** 'missing' also for ENOTDIR: some parent is a file, which the walk up then reaches and names. */
async function kindOf(fs: OutDirFs, path: string): Promise<'directory' | 'other' | 'missing'> {
  try {
    return (await fs.stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw explain(`cannot look at '${path}'`, error);
  }
}

async function isDirectory(fs: OutDirFs, path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}
