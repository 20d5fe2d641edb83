/**
 * Confusion matrix of integer class labels.
 */
import { ValueError, assertInt } from '../tensor/errors.js';
import { type Values, checkPair } from './arguments.js';

/**
 * `m[i][j]` counts samples of true class `i` predicted as class `j` (rows: truth, columns:
 * prediction, as scikit-learn). Labels must be integers in [0, numClasses); `numClasses`
 * defaults to the largest label + 1.
 * @example confusionMatrix([0, 1, 1, 2], [0, 1, 0, 2]) // [[1, 0, 0], [1, 1, 0], [0, 0, 1]]
 */
export function confusionMatrix(yTrue: Values, yPred: Values, numClasses?: number): number[][] {
  const where = 'confusionMatrix';
  const { yTrue: t, yPred: p } = checkPair(where, yTrue, yPred, true);
  if (numClasses !== undefined) assertInt(where, 'numClasses', numClasses, 1);
  let largest = 0;
  for (const [name, values] of [['yTrue', t], ['yPred', p]] as const) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < 0) {
        throw new ValueError(`${where}: argument '${name}' expected class labels >= 0, got ${v} at index ${i}`);
      }
      if (numClasses !== undefined && v >= numClasses) {
        throw new ValueError(
          `${where}: argument '${name}' expected class labels in [0, ${numClasses - 1}] for numClasses ${numClasses}, got ${v} at index ${i}`,
        );
      }
      largest = Math.max(largest, v);
    }
  }
  const k = numClasses ?? largest + 1;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < t.length; i++) m[t[i]!]![p[i]!]!++;
  return m;
}
