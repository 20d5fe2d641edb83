/**
 * Train/validation/test splits: chronological for time series (no shuffling, no look-ahead),
 * and a seeded random split for independent samples.
 */
import { ValueError, assertKnownOptions, assertNumber } from '../tensor/errors.js';
import { getRandomState, permutation, setRandomState, setSeed } from '../tensor/random.js';
import { describeValue } from './describe.js';

/** Half-open index range `[start, end)`. */
export type IndexRange = [start: number, end: number];

/**
 * The three consecutive parts {@link chronologicalSplit} returns, as index ranges.
 * @example
 * const { train, test } = chronologicalSplit(series.length, { validation: 0.1, test: 0.1 });
 * const trainValues = series.slice(...train);
 */
export interface ChronologicalSplit {
  /** The first items; never empty. */
  train: IndexRange;
  /** The items between train and test (empty when `validation` is 0). */
  validation: IndexRange;
  /** The last items (empty when `test` is 0). */
  test: IndexRange;
}

/**
 * How much of the series {@link chronologicalSplit} holds out; both fractions are in [0, 1]
 * and required.
 * @example chronologicalSplit(100, { validation: 0.15, test: 0.15 } satisfies ChronologicalSplitOptions)
 */
export interface ChronologicalSplitOptions {
  /** Fraction of `n` for validation, taken just before the test part. */
  validation: number;
  /** Fraction of `n` for the test, taken at the end. */
  test: number;
}

/**
 * Splits `0..n-1` in order: train first, then validation, then test. The test part has
 * `round(n * test)` items, the validation part `round(n * validation)`, train the rest
 * (at least one).
 * @example chronologicalSplit(10, { validation: 0.2, test: 0.1 })
 * // { train: [0, 7], validation: [7, 9], test: [9, 10] }
 */
export function chronologicalSplit(n: number, options: ChronologicalSplitOptions): ChronologicalSplit {
  const where = 'chronologicalSplit';
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new ValueError(`${where}: argument 'n' expected an integer >= 1, got ${describeValue(n)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(`${where}: argument 'options' expected { validation, test } fractions, got ${describeValue(options)}`);
  }
  assertKnownOptions(where, options, ['validation', 'test']);
  assertNumber(where, 'validation', options.validation, 0, 1);
  assertNumber(where, 'test', options.test, 0, 1);
  const testCount = Math.round(n * options.test);
  const validationCount = Math.round(n * options.validation);
  const b = n - testCount;
  const a = b - validationCount;
  if (a < 1) {
    throw new ValueError(
      `${where}: options validation ${options.validation} and test ${options.test} leave ${a} of ${n} items for training; expected at least 1`,
    );
  }
  return { train: [0, a], validation: [a, b], test: [b, n] };
}

/**
 * Options of {@link trainTestSplit} (scikit-learn's `test_size`, `shuffle`, `random_state`).
 * @example trainTestSplit(x, y, { testSize: 0.2, seed: 42 } satisfies TrainTestSplitOptions)
 */
export interface TrainTestSplitOptions {
  /** Fraction of the samples in (0, 1), or a whole number of samples >= 1, for the test part. */
  testSize: number;
  /** Shuffle before splitting (default true); without shuffling the test part is the tail. */
  shuffle?: boolean;
  /**
   * Seed for the shuffle. With a seed the result depends only on the seed and the library's
   * random stream is left untouched; without one it draws from the stream that `setSeed` fixes.
   */
  seed?: number;
}

/**
 * The two parts {@link trainTestSplit} returns; `xTrain[i]` still pairs with `yTrain[i]`.
 * @example
 * const { xTrain, yTrain, xTest, yTest } = trainTestSplit(texts, labels, { testSize: 0.2, seed: 1 });
 */
export interface TrainTestSplit<X, Y> {
  /** Training inputs. */
  xTrain: X[];
  /** Test inputs. */
  xTest: X[];
  /** Training targets, aligned with `xTrain`. */
  yTrain: Y[];
  /** Test targets, aligned with `xTest`. */
  yTest: Y[];
  /** Indices into the inputs of the training samples, in output order. */
  trainIndex: number[];
  /** Indices into the inputs of the test samples, in output order. */
  testIndex: number[];
}

/**
 * Random train/test split of paired samples, as scikit-learn's `train_test_split`: a
 * fractional `testSize` gives `ceil(n * testSize)` test samples.
 * @example
 * const s = trainTestSplit([1, 2, 3, 4], ['a', 'b', 'c', 'd'], { testSize: 0.25, seed: 7 });
 * s.xTest.length; // 1, and s.yTest[0] is the label of s.xTest[0]
 */
export function trainTestSplit<X, Y>(
  x: readonly X[],
  y: readonly Y[],
  options: TrainTestSplitOptions,
): TrainTestSplit<X, Y> {
  const where = 'trainTestSplit';
  if (!Array.isArray(x)) throw new ValueError(`${where}: argument 'x' expected an array, got ${typeof x}`);
  if (!Array.isArray(y)) throw new ValueError(`${where}: argument 'y' expected an array, got ${typeof y}`);
  if (x.length !== y.length) {
    throw new ValueError(`${where}: argument 'y' has ${y.length} samples; expected ${x.length} like 'x'`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(`${where}: argument 'options' expected { testSize, shuffle?, seed? }, got ${describeValue(options)}`);
  }
  assertKnownOptions(where, options, ['testSize', 'shuffle', 'seed']);
  const { testSize, shuffle = true, seed } = options;
  const n = x.length;
  if (typeof testSize !== 'number' || !Number.isFinite(testSize) || testSize <= 0 || (testSize >= 1 && !Number.isInteger(testSize))) {
    throw new ValueError(
      `${where}: option 'testSize' expected a fraction in (0, 1) or a whole number of samples, got ${describeValue(testSize)}`,
    );
  }
  const testCount = testSize < 1 ? Math.ceil(n * testSize) : testSize;
  const trainCount = n - testCount;
  if (trainCount < 1 || testCount < 1) {
    throw new ValueError(
      `${where}: option 'testSize' ${testSize} gives ${testCount} test and ${trainCount} training samples out of ${n}; expected at least 1 of each`,
    );
  }
  if (typeof shuffle !== 'boolean') {
    throw new ValueError(`${where}: option 'shuffle' expected true or false, got ${describeValue(shuffle)}`);
  }
  if (seed !== undefined) assertNumber(where, 'seed', seed);
  let order: number[];
  if (!shuffle) {
    order = Array.from({ length: n }, (_, i) => i);
  } else if (seed === undefined) {
    order = Array.from(permutation(n));
  } else {
    const saved = getRandomState();
    try {
      setSeed(seed);
      order = Array.from(permutation(n));
    } finally {
      setRandomState(saved);
    }
  }
  // As scikit-learn: shuffled, the test part is the head of the permutation; unshuffled, the tail.
  const testIndex = shuffle ? order.slice(0, testCount) : order.slice(trainCount);
  const trainIndex = shuffle ? order.slice(testCount) : order.slice(0, trainCount);
  return {
    xTrain: trainIndex.map((i) => x[i]!),
    xTest: testIndex.map((i) => x[i]!),
    yTrain: trainIndex.map((i) => y[i]!),
    yTest: testIndex.map((i) => y[i]!),
    trainIndex,
    testIndex,
  };
}
