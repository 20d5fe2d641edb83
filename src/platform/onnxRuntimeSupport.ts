/**
 * The slot through which universal code (`LayersModel.predictAsync`) reaches onnxruntime
 * inference, which only Node entries provide: onnxruntime-node is a native addon, so the
 * browser bundle must not import it, not even lazily (bundlers follow `import()`). The Node
 * entries install `../io/onnx/runtimePredictor.ts` here through ./installNodeSupport.ts; the
 * universal entry never imports that file.
 *
 * Only types are imported below; they vanish from the emitted JavaScript.
 */
import { ValueError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { LayersModel, ModelData } from '../models/layersModel.js';

/** What `predictAsync(x, { backend: 'onnxruntime' })` needs from the Node side. */
export interface OnnxRuntimeSupport {
  /** Predicts with `model` on onnxruntime-node, reusing one cached session per model. */
  predict(model: LayersModel, x: ModelData, where: string): Promise<Tensor>;
}

let installed: OnnxRuntimeSupport | null = null;

/** Called by the Node entries (a second call, from an ESM and a CommonJS copy, replaces the first). */
export function installOnnxRuntimeSupport(support: OnnxRuntimeSupport): void {
  installed = support;
}

/** The installed support, or a ValueError from `where` saying which import provides it. */
export function onnxRuntimeSupport(where: string): OnnxRuntimeSupport {
  if (installed) return installed;
  const inNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  throw new ValueError(
    inNode
      ? `${where}: backend 'onnxruntime' needs the Node entry of lstm-ts: import 'lstm-ts' (its 'node' export) or 'lstm-ts/node', not the universal (browser) build`
      : `${where}: backend 'onnxruntime' runs on onnxruntime-node, which exists only in Node; in a browser use predict (or predictAsync without 'backend')`,
  );
}
