/**
 * An exclusive lock file (Node only), so that two writers of one model or checkpoint directory
 * never run at once: one would otherwise delete or replace the files the other is writing.
 *
 * The lock file holds `{ pid, hostname, nonce, since }`. It is created whole or not at all
 * (written under a temporary name, then hard-linked to the lock's name, which fails if it
 * exists). A lock whose process is gone on this host is stale and taken over; one held by a
 * live process, or by any process on another host (which cannot be asked), is refused with an
 * error naming the holder; one of this process's own that it no longer holds (its deletion
 * failed) is stale too. A pid reused by an unrelated process keeps a stale lock looking held:
 * the error says which file to delete.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ValueError } from '../tensor/errors.js';

/** What the lock file holds. */
interface LockOwner {
  pid: number;
  hostname: string;
  nonce: string;
  since: string;
}

/** A lock held by this process. */
export interface HeldLock {
  readonly path: string;
  /** Removes the lock file, if it is still this lock's. */
  release(): Promise<void>;
}

/**
 * Nonces of the locks this process holds now. A lock file with this process's pid and another
 * nonce is one whose release failed to delete it (EIO, a file system remounted read-only):
 * stale, though the pid is alive.
 */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(v.pid) && typeof v.hostname === 'string' && typeof v.nonce === 'string') return v as LockOwner;
  } catch {
    // Not ours, or damaged: treated as held by an unknown process.
  }
  return null;
}

async function readOwner(path: string): Promise<LockOwner | null | 'gone'> {
  try {
    return parseOwner(await readFile(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
}

/** Writes `text` to a new file at `path`, fsynced; a file it could not finish is removed. */
async function writeWhole(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw e;
  }
  await handle.close();
}

/** Creates the lock file with `text` if there is none; false if one exists. */
async function create(path: string, text: string): Promise<boolean> {
  const staging = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeWhole(staging, text);
    await link(staging, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
  } finally {
    await unlink(staging).catch(() => undefined);
  }
  // No hard links here (FAT, some network file systems): exclusive create, and a reader may
  // briefly see it empty, which counts as held.
  try {
    await writeWhole(path, text);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Removes the stale lock `owner` read from `path`, and only it: the file is renamed away
 * first, and put back if what was renamed turns out to be a newer lock taken meanwhile.
 */
async function breakStale(path: string, owner: LockOwner): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readOwner(aside);
  if (moved !== 'gone' && moved !== null && moved.nonce !== owner.nonce) {
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

/**
 * Takes the lock at `lockPath` for writing `what` (e.g. "checkpoint directory '/runs/ckpt'"),
 * or throws a ValueError saying that `what` is in use by process N.
 */
export async function acquireLock(lockPath: string, what: string, where: string): Promise<HeldLock> {
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), nonce: randomBytes(8).toString('hex'), since: new Date().toISOString() };
  const text = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    let created: boolean;
    try {
      created = await create(lockPath, text);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw Object.assign(new ValueError(`${where}: cannot lock ${what}: could not create '${lockPath}': ${reason}`, { cause: e }), {
        code: (e as NodeJS.ErrnoException).code,
      });
    }
    if (created) {
      heldHere.add(owner.nonce);
      return { path: lockPath, release: () => release(lockPath, owner.nonce) };
    }
    const holder = await readOwner(lockPath);
    if (holder === 'gone') continue;
    const mine = holder !== null && holder.hostname === owner.hostname && holder.pid === process.pid;
    if (holder !== null && holder.hostname === owner.hostname && (mine ? !heldHere.has(holder.nonce) : !isAlive(holder.pid))) {
      await breakStale(lockPath, holder);
      continue;
    }
    const who = holder === null
      ? 'another process (its lock file is empty or unreadable)'
      : `process ${holder.pid}${holder.pid === process.pid && holder.hostname === owner.hostname ? ' (this process: an earlier save into it has not finished)' : ''}` +
        `${holder.hostname !== owner.hostname ? ` on host '${holder.hostname}'` : ''} since ${holder.since}`;
    throw new ValueError(`${where}: ${what} is in use by ${who}; wait for it to finish, or delete '${lockPath}' if that process is gone`);
  }
  throw new ValueError(`${where}: ${what} is in use: its lock '${lockPath}' kept changing hands while this process tried to take it`);
}

async function release(path: string, nonce: string): Promise<void> {
  heldHere.delete(nonce);
  const holder = await readOwner(path).catch(() => null);
  if (holder !== 'gone' && holder !== null && holder.nonce === nonce) await rm(path, { force: true });
}

/**
 * Whether `name` is a file that an `acquireLock` of the lock named `lockName` left when its
 * process died. Files of live processes are not: they may be about to link or inspect them.
 */
export function isLockLeftover(name: string, lockName: string): boolean {
  if (!name.startsWith(`${lockName}.`)) return false;
  const m = /^(?:(\d+)-[0-9a-f]{12}\.tmp|stale-(\d+)-[0-9a-f]{12})$/.exec(name.slice(lockName.length + 1));
  if (!m) return false;
  return !isAlive(Number(m[1] ?? m[2]));
}
