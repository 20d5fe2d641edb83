/**
 * What the universal code (src/index.ts: browsers, workers and Node alike) needs from Node's
 * file system, installed at run time by the Node entries (src/index.node.ts, src/node.ts).
 *
 * The universal entry must not reach `node:*` at all, not even through a lazy `import()`:
 * bundlers such as Vite follow dynamic imports and stub `node:fs` with a warning. So the
 * file-system code is never imported from here; a Node entry imports it and hands it over
 * with `installNodeSupport`, and a call that needs it without one fails with an error that
 * says which import to use.
 *
 * Only types are imported below; they vanish from the emitted JavaScript.
 */
import { ValueError } from '../tensor/errors.js';
import type * as Checkpoint from '../io/checkpoint.js';
import type * as ModelFiles from '../io/fileHandler.js';

/** The few file operations `csvLogger`, `jsonLogger` and `tensorBoard` need; errors are the file system's own. */
export interface LogFiles {
  /** Creates the directories above `filename` (a log path names where the log should go). */
  ensureParentDirectory(filename: string): Promise<void>;
  /** Empties `filename`, creating it if needed. */
  truncate(filename: string): void;
  /** Adds `text` at the end of `filename`, creating it if needed; on disk when this returns. */
  append(filename: string, text: string): void;
  /** The text of `filename`, or null when there is no such file. */
  readIfExists(filename: string): string | null;
  /** Adds `bytes` at the end of `filename`, creating it if needed; on disk when this returns (TensorBoard event files). */
  appendBytes(filename: string, bytes: Uint8Array): void;
  /** This machine's name, which TensorBoard event-file names carry. */
  hostname(): string;
}

/** Node's file-system side of lstm-ts: model directories, checkpoints and log files. */
export interface NodeSupport {
  /** `model.save('file://dir')` and `saveModel` in Node. */
  saveModelFiles: typeof ModelFiles.saveModel;
  /** `loadModel('file://dir')`. */
  loadModelFiles: typeof ModelFiles.loadModel;
  /** `callbacks.modelCheckpoint`. */
  captureTrainingState: typeof Checkpoint.captureTrainingState;
  saveCheckpoint: typeof Checkpoint.saveCheckpoint;
  /** `fit({ resumeFrom })`. */
  resumeTraining: typeof Checkpoint.resumeTraining;
  logFiles: LogFiles;
}

let installed: NodeSupport | null = null;

/** Called once by each Node entry; a second call (ESM and CommonJS copies, tests) replaces the first. */
export function installNodeSupport(support: NodeSupport): void {
  installed = support;
}

/** Whether this code runs in Node (true in Node even when the support is not installed). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * The installed support, or a ValueError naming the call (`where`), what it was asked to do
 * (`task`, e.g. "saving to 'file://models/a'") and, for browsers, what to do instead.
 */
export function nodeSupport(where: string, task: string, browserAlternative: string): NodeSupport {
  if (installed) return installed;
  if (isNode()) {
    throw new ValueError(
      `${where}: ${task} needs Node's file system, which the universal entry of lstm-ts (the one bundled for browsers) leaves out; in Node import 'lstm-ts' (its 'node' export) or 'lstm-ts/node'`,
    );
  }
  throw new ValueError(`${where}: ${task} needs Node's file system, which a browser does not have; ${browserAlternative}`);
}
