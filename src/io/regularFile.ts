/**
 * Reading files a stranger may have made: only regular files, opened so that nothing can make
 * the read block or run without end. A FIFO opened for reading waits for a writer forever and
 * a device such as /dev/zero never ends, so every file is opened with O_NONBLOCK (a FIFO opens
 * at once) and its kind and size are taken from the open descriptor (fstat), which also
 * catches a file swapped for something else between a check and the open.
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { ValueError } from '../tensor/errors.js';

/** A regular file's identity and size, as fstat gave them when it was opened (enough to tell later whether the same file is still there). */
export interface RegularFileInfo {
  size: number;
  dev: number;
  ino: number;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Opens `path` for reading and checks that it is a regular file. `label` names it in errors
 * (e.g. `weights file (listed in '/m/model.json') '/m/weights.bin'`). With `noFollow`, a
 * symbolic link as the last component is refused (callers pass a path already resolved with
 * realpath, so a link there means the file was swapped after it was checked).
 */
export async function openRegularFile(
  path: string,
  where: string,
  label: string,
  noFollow = false,
): Promise<{ handle: FileHandle; info: RegularFileInfo }> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? constants.O_NOFOLLOW : 0);
  let handle: FileHandle;
  try {
    handle = await open(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ValueError(`${where}: ${label} does not exist`, { cause: e });
    if (code === 'ELOOP') throw new ValueError(`${where}: ${label} became a symbolic link while it was being opened; only regular files are read`, { cause: e });
    throw new ValueError(`${where}: cannot read ${label}: ${reason(e)}`, { cause: e });
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new ValueError(`${where}: ${label} is ${kindOf(st)}, not a regular file; only regular files are read`);
    return { handle, info: { size: st.size, dev: st.dev, ino: st.ino } };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * Reads exactly `size` bytes from an open file into `into` at `offset`, and fails if the file
 * turns out shorter or longer than that (it changed after it was measured).
 */
export async function readExactly(handle: FileHandle, size: number, into: Uint8Array, offset: number, where: string, label: string): Promise<void> {
  let done = 0;
  try {
    while (done < size) {
      const { bytesRead } = await handle.read(into, offset + done, size - done, done);
      if (bytesRead === 0) throw new ValueError(`${where}: ${label} shrank from ${size} to ${done} bytes while it was being read`);
      done += bytesRead;
    }
    const extra = await handle.read(new Uint8Array(1), 0, 1, size);
    if (extra.bytesRead !== 0) throw new ValueError(`${where}: ${label} grew beyond ${size} bytes while it was being read`);
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`${where}: cannot read ${label}: ${reason(e)}`, { cause: e });
  }
}

/**
 * Reads a whole regular file of at most `maxBytes` (a FIFO, a device or a directory is refused
 * before anything is read, and an oversized file before anything is allocated).
 * `sizeName` says what the bound is, for the error (e.g. '64 MiB, the most a model.json may have').
 */
export async function readRegularFile(path: string, where: string, label: string, maxBytes: number, sizeName: string): Promise<Uint8Array> {
  const { handle, info } = await openRegularFile(path, where, label);
  try {
    if (info.size > maxBytes) throw new ValueError(`${where}: ${label} has ${info.size} bytes; expected at most ${maxBytes} (${sizeName})`);
    const bytes = new Uint8Array(info.size);
    await readExactly(handle, info.size, bytes, 0, where, label);
    return bytes;
  } finally {
    await handle.close();
  }
}
