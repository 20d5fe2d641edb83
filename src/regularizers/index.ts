/**
 * The `regularizers` namespace, named as in TensorFlow.js: `regularizers.l2({ l2: 1e-4 })`.
 */
export {
  type Regularizer, type RegularizerLike, type RegularizerConfig, type KerasRegularizer, l1, l2, l1l2, getRegularizer, regularizationPenalty, regularizerToKeras, regularizerFromKeras,
} from './regularizers.js';
