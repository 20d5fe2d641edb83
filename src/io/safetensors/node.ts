/**
 * Safetensors files on disk (Node only): `loadPyTorchStateFile(path, model)` and
 * `saveSafetensors(model, path)`.
 */
import { ValueError } from '../../tensor/errors.js';
import type { Sequential } from '../../models/sequential.js';
import { writeFileAtomic } from '../atomicWrite.js';
import { readRegularFile } from '../regularFile.js';
import { type ExportSafetensorsOptions, type ImportPyTorchOptions, type ImportPyTorchResult, exportSafetensors, importPyTorchState } from './pytorch.js';

export * from './index.js';

/** Larger files cannot be held in one typed array on every engine. */
export const MAX_SAFETENSORS_FILE_BYTES = 2 ** 31 - 1;

function checkPath(where: string, path: unknown): string {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new ValueError(`${where}: argument 'path' expected a file path, got ${JSON.stringify(path)}`);
  }
  return path.toLowerCase().startsWith('file://') ? path.slice('file://'.length) : path;
}

/**
 * Reads a `.safetensors` PyTorch state dict into `model` (see `importPyTorchState`); errors
 * name the file.
 * @example await loadPyTorchStateFile('net.safetensors', model, { modules: { dense: 'fc' } });
 */
export async function loadPyTorchStateFile(path: string, model: Sequential, options: Omit<ImportPyTorchOptions, 'source'> = {}): Promise<ImportPyTorchResult> {
  const file = checkPath('loadPyTorchStateFile', path);
  // A FIFO, a device (/dev/zero) or a directory is refused before anything is read.
  const bytes = await readRegularFile(file, 'loadPyTorchStateFile', `safetensors file '${file}'`, MAX_SAFETENSORS_FILE_BYTES, '2 GiB, the most a safetensors file may have here');
  return importPyTorchState(bytes, model, { ...options, source: file });
}

/**
 * Writes `model`'s weights as a PyTorch state dict in a `.safetensors` file (atomically).
 * @example await saveSafetensors(model, 'out/net.safetensors', { modules: { dense: 'fc' } });
 */
export async function saveSafetensors(
  model: Sequential,
  path: string,
  options: ExportSafetensorsOptions = {},
): Promise<{
  /** The file written (`path` without a `file://` prefix). */
  path: string;
  /** Size of the file in bytes. */
  bytes: number;
}> {
  const file = checkPath('saveSafetensors', path);
  const bytes = exportSafetensors(model, options);
  await writeFileAtomic(file, bytes);
  return { path: file, bytes: bytes.length };
}
