/**
 * The Node-only part of the data toolkit (reads files with node:fs): CSV files from disk and
 * the bundled public data sets. Everything browser-safe is in `./index.js`.
 */
export { readCsvFile } from './csvFile.js';
export {
  loadMobyDick,
  loadCo2,
  loadSeattleWeather,
  loadSp500,
  loadSentimentSentences,
  readPackageFile,
  DatasetError,
  type LoadMobyDickOptions,
  type SentimentSentence,
} from './datasets.js';
export { MissingPackageError, type OptionalPackageRole } from './optionalPackage.js';
