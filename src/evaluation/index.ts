/**
 * Report metrics on plain number arrays: regression errors, classification scores, the
 * confusion matrix and a full classification report. (Training-time metrics that accumulate
 * per batch are in `src/metrics/`.)
 */
export { mse, rmse, mae, mape, mapeDetails, type MapeDetails } from './regression.js';
export {
  accuracy,
  precision,
  recall,
  f1,
  type AverageOptions,
  type PrecisionRecallF1,
} from './classification.js';
export { confusionMatrix } from './confusionMatrix.js';
export {
  classificationReport,
  formatClassificationReport,
  type ClassificationReport,
  type ClassificationReportOptions,
  type ClassScores,
} from './report.js';
export type { Values } from './arguments.js';
