/**
 * Writing an ONNX file (Node only): `exportOnnx(model, 'model.onnx')`.
 */
import { ValueError } from '../../tensor/errors.js';
import type { LayersModel } from '../../models/layersModel.js';
import { writeFileAtomic } from '../atomicWrite.js';
import { type OnnxExportOptions, exportOnnxBytes } from './export.js';

export * from './index.js';

/**
 * Exports `model` to an ONNX file at `path` (written atomically; parent directories are
 * created). Returns the number of bytes written. See `exportOnnxBytes` for the graph.
 * @example await exportOnnx(model, 'out/model.onnx');
 */
export async function exportOnnx(
  model: LayersModel,
  path: string,
  options: OnnxExportOptions = {},
): Promise<{
  /** The file written (`path` without a `file://` prefix). */
  path: string;
  /** Size of the file in bytes. */
  bytes: number;
}> {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new ValueError(`exportOnnx: argument 'path' expected a file path, got ${JSON.stringify(path)}`);
  }
  const file = path.toLowerCase().startsWith('file://') ? path.slice('file://'.length) : path;
  const bytes = exportOnnxBytes(model, options);
  await writeFileAtomic(file, bytes);
  return { path: file, bytes: bytes.length };
}
