/**
 * The `constraints` namespace, named as in TensorFlow.js: `constraints.maxNorm({ maxValue: 3 })`.
 */
export {
  type Constraint, type ConstraintClassName, type ConstraintLike, type KerasConstraint, maxNorm, unitNorm, nonNeg, minMaxNorm, getConstraint, constraintToKeras,
  constraintFromKeras,
} from './constraints.js';
