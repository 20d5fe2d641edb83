/**
 * Saving to and loading from disk (Node only) in TensorFlow.js's layers format: a directory
 * with `model.json` and `weights.bin`, the same files `model.save('file://dir')` of
 * @tensorflow/tfjs-node writes, so either library loads what the other saved.
 *
 * Each file is written atomically (temporary name, fsync, rename): weights.bin first, then
 * model.json, so a crash never leaves a model.json that points at missing or half-written
 * weights. (Overwriting a save with a different architecture and crashing between the two
 * renames leaves the old model.json with the new weights.bin; loading then fails on the byte
 * length unless both happen to have the same size.)
 *
 * @example
 * await saveModel(model, 'file://./models/sentiment', { extra: { vocabulary } });
 * const { model, extra } = await loadModel('file://./models/sentiment/model.json');
 *
 * The two halves live in saveModel.ts and loadModel.ts.
 */
export { saveModel, type SaveResult } from './saveModel.js';
export { loadModel } from './loadModel.js';
