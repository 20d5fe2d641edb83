/**
 * Replacing a whole directory of files at once (Node only), for checkpoints: every file of the
 * new version is written beside the old directory, and two renames swap it in. Linux cannot
 * rename a directory over a non-empty one, so a save of `<parent>/<name>`
 *
 *   1. takes the lock `<parent>/.<name>.lock` (see lock.ts): one writer at a time, since each
 *      save deletes what earlier ones left,
 *   2. writes every file into `<parent>/.<name>.tmp-<pid>-<random>/`, fsyncing each file and
 *      the directory,
 *   3. renames `<name>/` (if any) to `.<name>.old-<pid>-<random>/`,
 *   4. renames the new directory to `<name>/` and fsyncs the parent,
 *   5. deletes the old directory and whatever interrupted saves left, then drops the lock.
 *
 * A kill between 3 and 4 leaves no `<name>/`: readers fall back to the newest complete old
 * copy (`interruptedSwapCopy`), and the next save puts a new one in place. The lock lives
 * beside the directory, not in it, because the directory itself is swapped away.
 *
 * Only a directory holding nothing but the files a save writes is replaced: the old one is
 * deleted at step 5, and a file of the user's in it would go with it.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ValueError } from '../tensor/errors.js';
import { ensureDirectory, syncDirectory } from './atomicWrite.js';
import { acquireLock, isLockLeftover } from './lock.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `.<name>.tmp-<pid>-<hex>` / `.<name>.old-<pid>-<hex>`, and the unhidden `<name>.tmp-<hex>` of earlier versions. */
function leftoverPattern(name: string, kinds: string): RegExp {
  const n = escapeRegExp(name);
  return new RegExp(`^(?:\\.${n}\\.(?:${kinds})-\\d+-[0-9a-f]{12}|${n}\\.(?:${kinds})-[0-9a-f]{12})$`);
}

async function siblings(dir: string, kinds: 'tmp' | 'old' | 'tmp|old'): Promise<string[]> {
  const parent = dirname(dir);
  const pattern = leftoverPattern(basename(dir), kinds);
  const lockName = `.${basename(dir)}.lock`;
  const names = await readdir(parent).catch(() => [] as string[]);
  return names.filter((n) => pattern.test(n) || (kinds !== 'old' && isLockLeftover(n, lockName))).map((n) => join(parent, n));
}

function suffix(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

function withCode(error: Error, cause: unknown): Error {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? Object.assign(error, { code }) : error;
}

/** `dir` with a symbolic link at its end followed, so the swap happens where the files are. */
async function swapTarget(dir: string): Promise<string> {
  try {
    return (await lstat(dir)).isSymbolicLink() ? await realpath(dir) : dir;
  } catch {
    return dir;
  }
}

/**
 * Replaces directory `dir` by one that `fill` writes (it gets the new directory's path and
 * must fsync what it writes). `allowed` lists the names an existing `dir` may hold; anything
 * else in it is the user's and the save is refused rather than deleting it. `what` names the
 * directory in errors ("checkpoint directory"). Returns the absolute path written.
 */
export async function replaceDirectory(path: string, fill: (tmp: string) => Promise<void>, allowed: readonly string[], what: string, where: string): Promise<string> {
  const dir = await swapTarget(resolve(path));
  const parent = dirname(dir);
  const name = basename(dir);
  const fail = (e: unknown): never => {
    if (e instanceof ValueError) throw e;
    throw withCode(new ValueError(`${where}: could not write ${what} '${dir}': ${e instanceof Error ? e.message : String(e)}`, { cause: e }), e);
  };
  try {
    await ensureDirectory(parent);
  } catch (e) {
    fail(e);
  }
  const lock = await acquireLock(join(parent, `.${name}.lock`), `${what} '${dir}'`, where);
  try {
    const existing = await lstat(dir).catch(() => null);
    if (existing && !existing.isDirectory()) {
      throw new ValueError(`${where}: '${dir}' is a file, not a ${what}; choose another path (a ${what} replaces what is at its path)`);
    }
    if (existing) {
      const foreign = (await readdir(dir)).filter((n) => !allowed.includes(n));
      if (foreign.length > 0) {
        throw new ValueError(
          `${where}: '${dir}' holds files that are not a ${what}'s (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''}); ` +
            `a save replaces the whole directory, so give it a directory of its own`,
        );
      }
    }
    const tmp = join(parent, `.${name}.tmp-${suffix()}`);
    let old: string | null = null;
    try {
      await mkdir(tmp);
      await fill(tmp);
      await syncDirectory(tmp);
      if (existing) {
        old = join(parent, `.${name}.old-${suffix()}`);
        await rename(dir, old);
      }
      await rename(tmp, dir);
      await syncDirectory(parent);
    } catch (e) {
      // Put the old directory back if the new one did not take its place.
      if (old !== null && !(await stat(dir).then(() => true, () => false))) await rename(old, dir).catch(() => undefined);
      await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      fail(e);
    }
    // The new directory is in place: everything older can go.
    for (const stale of await siblings(dir, 'tmp|old')) await rm(stale, { recursive: true, force: true }).catch(() => undefined);
    return dir;
  } finally {
    await lock.release().catch(() => undefined);
  }
}

/**
 * After a save was killed between its two renames there is no `dir`, only the old copy
 * renamed away: the newest such copy holding every file in `required`, or null.
 */
export async function interruptedSwapCopy(dir: string, required: readonly string[]): Promise<string | null> {
  const candidates: { path: string; mtime: number }[] = [];
  for (const old of await siblings(resolve(dir), 'old')) {
    try {
      const stats = await Promise.all(required.map((f) => stat(join(old, f))));
      candidates.push({ path: old, mtime: Math.max(...stats.map((s) => s.mtimeMs)) });
    } catch {
      // Being deleted, or incomplete: not a candidate.
    }
  }
  candidates.sort((a, b) => b.mtime - a.mtime);
  return candidates[0]?.path ?? null;
}
