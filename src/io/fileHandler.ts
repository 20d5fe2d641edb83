/**
 * Saving to and loading from disk (Node only) in TensorFlow.js's layers format: a directory
 * with `model.json` and `weights.bin`, the same files `model.save('file://dir')` of
 * @tensorflow/tfjs-node writes, so either library loads what the other saved.
 *
 * saveModel.ts says how a save keeps the directory loadable as the old or the new model at
 * every instant; loadModel.ts what a load refuses to read.
 *
 * @example
 * await saveModel(model, 'file://./models/sentiment', { extra: { vocabulary } });
 * const { model, extra } = await loadModel('file://./models/sentiment/model.json');
 */
export { saveModel, type SaveResult } from './saveModel.js';
export { loadModel } from './loadModel.js';
