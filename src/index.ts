/**
 * lstm-ts: LSTM, GRU and SimpleRNN with Keras semantics, trained by backpropagation through
 * time, behind a TensorFlow.js-style API.
 *
 * @example
 * import { layers, sequential } from 'lstm-ts';
 * const model = sequential({ layers: [layers.lstm({ units: 32, inputShape: [20, 1] }), layers.dense({ units: 1 })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * await model.fit(x, y, { epochs: 10 });
 */
export { Tensor, tensor, zeros, fill, type TensorLike, type TfjsTensorLike, type NestedArray, type FloatArray, type DType } from './tensor/tensor.js';
export { tensor1d, tensor2d, tensor3d } from './tensor/ranked.js';
export { setSeed, getRandomState, setRandomState, type RandomState } from './tensor/random.js';
export { ShapeError, ValueError } from './tensor/errors.js';
export { record, backward, noGrad } from './autograd/tape.js';
export { setBackend, getBackend, setNumThreads, getNumThreads, backendInfo, whenThreadsReady, type Backend, type BackendInfo } from './kernels/backend.js';
export * as layers from './layers/index.js';
export * as initializers from './initializers/index.js';
export * as optimizers from './optimizers/index.js';
export * as losses from './losses/index.js';
export * as metrics from './metrics/index.js';
export * as callbacks from './models/callbacks/index.js';
export { Sequential, sequential, type SequentialArgs } from './models/sequential.js';
export { LayersModel, model, type ModelArgs, type CompileArgs, type ModelData, type LossIdentifier } from './models/layersModel.js';
export { input, InputLayer, type InputArgs } from './models/graph/inputLayer.js';
export { SymbolicTensor, type GraphNode } from './layers/symbolicTensor.js';
export { type FitArgs, type YieldEvery, NaNLossError } from './models/training.js';
export { History } from './models/history.js';
export type { Callback, Logs } from './models/callbacks/callback.js';
export * as data from './data/index.js';
export * as evaluation from './evaluation/index.js';
export * as text from './text/index.js';
export * as viz from './viz/index.js';
export * as io from './io/index.js';
export * as ops from './ops/public/index.js';
export {
  explainLstmStep, formatExplanation, DEFAULT_WORKED_EXAMPLE,
  type LstmStepExplanation, type LstmStepArgs, type LstmCellWeights, type FormatExplanationOptions,
  type GateActivationName, type GateBlocks,
} from './explain/workedCell.js';
export { traceLstmGates, type GateTrace, type GateTraceOptions } from './explain/gateTrace.js';
export {
  forecast, type ForecastOptions, type ForecastResult, type ForecastSeries, type ForecastMode, type ForecastScores,
  type ForecastTargetResult, type ForecastTestScores, type ForecastMethod,
} from './apps/forecast/forecast.js';
export type { ForecastLoss } from './apps/forecast/targets.js';
export {
  translate, type TranslateOptions, type TranslateResult, type TranslateVariant, type VariantResult, type AttentionMap,
  type GreedyAndBeam, type TranslateSampleCounts, type SourceTargetSizes, type TranslateTestPair, type TranslateSettings,
} from './apps/translate/translate.js';
export type { TranslationPair } from './apps/translate/grammar.js';
export type { TranslationScores } from './apps/translate/scores.js';
export type { Seq2Seq, Seq2SeqOptions } from './apps/translate/seq2seq.js';
export { classifyTexts, type ClassifyOptions, type ClassifyResult } from './apps/classify/classify.js';
export { trainLanguageModel, type TrainLanguageModelOptions, type LanguageModelRun, type EvaluationPoint } from './apps/textgen/train.js';
export { loadModel, type SaveTarget, type LoadSource } from './io/router.js';
export { loadKerasModel, loadKerasWeights, exportOnnxBytes, importPyTorchState, exportSafetensors } from './io/index.js';
export * as regularizers from './regularizers/index.js';
export * as constraints from './constraints/index.js';
