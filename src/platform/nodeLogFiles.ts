/**
 * Node's implementation of the log-file operations `csvLogger`, `jsonLogger` and `tensorBoard` use (see
 * `LogFiles` in ./nodeSupport.ts). Synchronous appends on purpose: each epoch's line is on
 * disk before the next epoch starts, so a killed run keeps every finished epoch.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ensureDirectory } from '../io/atomicWrite.js';
import type { LogFiles } from './nodeSupport.js';

export const nodeLogFiles: LogFiles = {
  ensureParentDirectory: (filename) => ensureDirectory(dirname(filename)),
  truncate: (filename) => writeFileSync(filename, ''),
  append: (filename, text) => appendFileSync(filename, text),
  readIfExists: (filename) => {
    try {
      return readFileSync(filename, 'utf8');
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code === 'ENOENT') return null;
      throw e;
    }
  },
  appendBytes: (filename, bytes) => appendFileSync(filename, bytes),
  hostname: () => hostname(),
};
