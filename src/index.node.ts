/**
 * `lstm-ts` as Node resolves it: the universal entry (./index.ts) plus the file-system support
 * installed, so `model.save('file://dir')`, `loadModel('file://dir')`, `callbacks.csvLogger`,
 * `jsonLogger({ filename })`, `modelCheckpoint` and `fit({ resumeFrom })` work. Browsers get
 * ./index.ts, which reaches no `node:*` module.
 *
 * @example
 * import { loadModel } from 'lstm-ts'; // in Node, this file
 * const { model } = await loadModel('file://./models/forecaster');
 */
import './platform/installNodeSupport.js';

export * from './index.js';
export { onnxPredictor, OnnxPredictor, type OnnxPredictorOptions, type OnnxExportableModel } from './io/onnx/runtimePredictor.js';
export type { OrtModule, OrtSession, OrtSessionOptions, OrtTensor, OrtSessionFactory, OrtTensorConstructor } from './io/onnx/runtimeModule.js';
