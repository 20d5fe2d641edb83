/**
 * Data preparation for recurrent models, browser-safe: tokenizer, padding, one-hot labels,
 * time-series windows, scalers, splits and CSV parsing. Loaders that read files from disk
 * are in `./node.js`.
 */
export { Tokenizer, DEFAULT_FILTERS, type TokenizerOptions, type TokenizerJSON } from './tokenizer.js';
export { padSequences, type PadSequencesOptions } from './padSequences.js';
export { toCategorical } from './toCategorical.js';
export { timeseriesWindows, type TimeseriesWindows, type TimeseriesWindowsOptions } from './timeseriesWindows.js';
export {
  MinMaxScaler,
  StandardScaler,
  type MinMaxScalerOptions,
  type MinMaxScalerJSON,
  type StandardScalerJSON,
  type ScalerInput,
} from './scalers.js';
export {
  chronologicalSplit,
  trainTestSplit,
  type ChronologicalSplit,
  type ChronologicalSplitOptions,
  type IndexRange,
  type TrainTestSplit,
  type TrainTestSplitOptions,
} from './splits.js';
export {
  parseCsv,
  numericColumn,
  stringColumn,
  isMissingCell,
  type CsvTable,
  type ParseCsvOptions,
  type MissingPolicy,
  type NumericColumn,
  type NumericColumnOptions,
} from './csv.js';
