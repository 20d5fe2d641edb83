/**
 * Imported for its effect by the Node entries (src/index.node.ts, src/node.ts, src/io/node.ts):
 * hands the file-system code to the universal modules (see ./nodeSupport.ts), so that
 * `model.save('file://...')`, `loadModel('file://...')`, `csvLogger`, `jsonLogger({ filename })`,
 * `modelCheckpoint` and `fit({ resumeFrom })` work in Node, and `predictAsync(x, { backend:
 * 'onnxruntime' })` finds onnxruntime-node. Never import this from code that
 * src/index.ts reaches: it pulls in node:fs.
 */
import { captureTrainingState, resumeTraining, saveCheckpoint } from '../io/checkpoint.js';
import { loadModel, saveModel } from '../io/fileHandler.js';
import { nodeLogFiles } from './nodeLogFiles.js';
import { installNodeSupport } from './nodeSupport.js';
import { installOnnxRuntimeSupport } from './onnxRuntimeSupport.js';
import { predictOnOnnxRuntime } from '../io/onnx/runtimePredictor.js';

installNodeSupport({
  saveModelFiles: saveModel,
  loadModelFiles: loadModel,
  captureTrainingState,
  saveCheckpoint,
  resumeTraining,
  logFiles: nodeLogFiles,
});
installOnnxRuntimeSupport({ predict: predictOnOnnxRuntime });
