/**
 * Saving and loading models in TensorFlow.js's layers format (model.json + weights.bin),
 * without Node-only code: browsers and workers can import this. The file-system functions
 * (`saveModel`, `loadModel`) are in `./node.ts`.
 */
export type { JsonObject, JsonValue, JsonPrimitive } from './json.js';
export {
  layerFromConfig, layerToConfig, initializerToKeras, supportedLayerClasses, UnsupportedModelError,
  type KerasLayerConfig, type LayerReadOptions, type SupportedLayerClass,
} from './layerRegistry.js';
export {
  modelToArtifacts, modelFromArtifacts, modelToTopology, modelFromTopology, weightByteLength,
  LSTM_TS_VERSION, LAYERS_MODEL_FORMAT,
  type ModelArtifacts, type WeightSpec, type SaveOptions, type LoadOptions,
} from './modelArtifacts.js';
export {
  modelJsonFromArtifacts, parseModelJson, artifactsFromModelJson, manifestSpecs, manifestPaths, WEIGHTS_FILE_NAME,
  type ModelJson, type WeightsManifestGroup,
} from './modelJson.js';
export { saveToMemory, loadFromMemory, loadFromModelJson, type LoadedModel } from './memory.js';
export * from './onnx/index.js';
export * from './safetensors/index.js';
export { loadKerasModel, loadKerasWeights, type KerasLoadOptions, type KerasSource } from './keras/index.js';
export { saveModel as saveModelTo, loadModel as loadModelFrom, MODEL_URL_SCHEMES, type SaveTarget, type LoadSource, type ModelSaveResult, type LoadHandler, type SaveHandler } from './router.js';
export { browserIndexedDb, removeFromIndexedDb, type ModelArtifactsInfo, type BrowserStoreHandler } from './indexedDb.js';
export { browserLocalStorage, removeFromLocalStorage, type StorageLike } from './localStorage.js';
