/**
 * `lstm-ts/node`: everything in `lstm-ts` plus what needs Node's file system: model files on
 * disk, the bundled data sets, CSV files, atomic writes and the application runners the CLI
 * uses.
 *
 * @example
 * import { loadCo2, saveModel, loadModel } from 'lstm-ts/node';
 */
export * from './index.node.js';
export { saveModel, type SaveResult } from './io/node.js';
export { loadKerasModel, loadKerasWeights } from './io/keras/node.js';
export { exportOnnx } from './io/onnx/node.js';
export { loadPyTorchStateFile, saveSafetensors } from './io/safetensors/node.js';
export { saveCheckpoint, loadCheckpoint, captureTrainingState, type TrainingState, type CheckpointCompileConfig, type LoadedCheckpoint } from './io/checkpoint.js';
export { writeFileAtomic } from './io/atomicWrite.js';
export {
  readCsvFile, loadMobyDick, loadCo2, loadSeattleWeather, loadSp500, loadSentimentSentences,
  type LoadMobyDickOptions, type SentimentSentence,
} from './data/node.js';
export { loadSeries, BUNDLED_SERIES, type SeriesSpec, type LoadedSeries } from './apps/forecast/series.js';
export { loadLabelledTexts, type LabelledTexts, type LabelledTextsSpec } from './apps/classify/data.js';
export { lexiconScore } from './apps/classify/lexicon.js';
export { runTextgen, loadCorpus, type TextgenRunOptions, type TextgenRunResult } from './apps/textgen/run.js';
export { sampleFromSaved, loadTextGenerator, type LoadedTextGenerator, type SampleFromSavedOptions } from './apps/textgen/sample.js';
