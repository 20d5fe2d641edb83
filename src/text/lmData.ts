/**
 * Training data for a next-token model: a long id sequence cut into windows `x` of
 * `seqLength` ids, each paired with the same window shifted by one (`y`), so the model
 * learns to predict token t+1 at every position t. And the chronological text split a
 * language-model recipe uses (the first part trains, the last part validates).
 *
 * @example
 * const ids = vocab.encode(text);
 * const { x, y } = languageModelBatches(ids, { seqLength: 64 });
 * await model.fit(x, y, { epochs: 10, batchSize: 32 });
 */
import { ValueError, assertInt, assertKnownOptions } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Options of {@link languageModelBatches}.
 * @example languageModelBatches(ids, { seqLength: 100, stride: 50 } satisfies LanguageModelBatchOptions)
 */
export interface LanguageModelBatchOptions {
  /** Ids per window (the model's time axis). */
  seqLength: number;
  /** Ids between the starts of consecutive windows (default `seqLength`: no overlap). */
  stride?: number;
}

/** Inputs and next-token targets, both `[n, seqLength]`, ids stored as float32. */
export interface LanguageModelSamples {
  /** The windows, `[n, seqLength]`. */
  x: Tensor;
  /** The windows shifted by one id: `y[i][t]` is the id after `x[i][t]`. */
  y: Tensor;
}

/**
 * Cuts `ids` into windows: sample i is `x[i] = ids[i*stride ... i*stride + seqLength)` and
 * `y[i] = ids[i*stride + 1 ... i*stride + seqLength]`, so `y[i][t] === x[i][t + 1]`. Needs at
 * least `seqLength + 1` ids; ids left over after the last full window are not used.
 * @example languageModelBatches([1, 2, 3, 4, 5], { seqLength: 2 }) // x [[1, 2], [3, 4]], y [[2, 3], [4, 5]]
 * @example languageModelBatches(ids, { seqLength: 64, stride: 16 }) // overlapping windows
 */
export function languageModelBatches(ids: ArrayLike<number>, options: LanguageModelBatchOptions): LanguageModelSamples {
  const where = 'languageModelBatches';
  if (ids === null || typeof ids !== 'object' || typeof ids.length !== 'number') {
    throw new ValueError(`${where}: argument 'ids' expected an array of integer ids, got ${ids === null ? 'null' : typeof ids}`);
  }
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${where}: argument 'options' expected { seqLength, stride? }, got ${options === null ? 'null' : typeof options}`);
  }
  assertKnownOptions(where, options, ['seqLength', 'stride']);
  const { seqLength } = options;
  assertInt(where, 'seqLength', seqLength, 1);
  const stride = options.stride ?? seqLength;
  assertInt(where, 'stride', stride, 1);
  const length = ids.length;
  if (length < seqLength + 1) {
    throw new ValueError(
      `${where}: argument 'ids' expected at least seqLength + 1 = ${seqLength + 1} ids (a window and the id after it), got ${length}`,
    );
  }
  for (let i = 0; i < length; i++) {
    const v = ids[i]!;
    if (!Number.isInteger(v) || v < 0) {
      throw new ValueError(`${where}: argument 'ids' has ${v} at index ${i}; expected non-negative integer ids`);
    }
  }
  const n = Math.floor((length - 1 - seqLength) / stride) + 1;
  const x = new Float32Array(n * seqLength);
  const y = new Float32Array(n * seqLength);
  for (let i = 0; i < n; i++) {
    const start = i * stride;
    for (let t = 0; t < seqLength; t++) {
      x[i * seqLength + t] = ids[start + t]!;
      y[i * seqLength + t] = ids[start + t + 1]!;
    }
  }
  return { x: new Tensor(x, [n, seqLength]), y: new Tensor(y, [n, seqLength]) };
}

/** The two parts of a chronological split. */
export interface TextSplit {
  /** The start of the text. */
  train: string;
  /** The rest, from the cut to the end; `train + validation` is the whole text. */
  validation: string;
}

/** Options of {@link splitText}. */
export interface SplitTextOptions {
  /**
   * Move the cut forward to the next whitespace (default false). For word-level models: a
   * word cut in two would put two fragments, words of their own, into the vocabulary.
   */
  atWhitespace?: boolean;
}

/**
 * Splits text in reading order: the first `1 - validationFraction` of its characters train,
 * the rest validates (never shuffled: neighbouring windows share context, so a random split
 * would leak). The cut never falls inside a surrogate pair, and with `atWhitespace` never
 * inside a word.
 * @example splitText(corpus, 0.1) // { train: first 90 % of characters, validation: last 10 % }
 * @example splitText('the cat sat', 0.5, { atWhitespace: true }) // { train: 'the cat', validation: ' sat' }
 */
export function splitText(text: string, validationFraction: number, options: SplitTextOptions = {}): TextSplit {
  const where = 'splitText';
  assertKnownOptions(where, options, ['atWhitespace']);
  if (typeof text !== 'string') throw new ValueError(`${where}: argument 'text' expected a string, got ${typeof text}`);
  if (typeof validationFraction !== 'number' || !Number.isFinite(validationFraction) || validationFraction < 0 || validationFraction > 1) {
    throw new ValueError(`${where}: argument 'validationFraction' expected a finite number in [0, 1], got ${JSON.stringify(validationFraction)}`);
  }
  let cut = Math.round(text.length * (1 - validationFraction));
  // Keep a surrogate pair (one code point outside the BMP) on one side.
  const before = text.charCodeAt(cut - 1);
  if (cut > 0 && cut < text.length && before >= 0xd800 && before <= 0xdbff) cut += 1;
  if (options.atWhitespace === true && cut > 0 && !/\s/u.test(text[cut - 1] ?? '')) {
    const next = text.slice(cut).search(/\s/u);
    cut = next < 0 ? text.length : cut + next;
  }
  return { train: text.slice(0, cut), validation: text.slice(cut) };
}

/**
 * Non-overlapping next-token windows of `ids` as flat `[n, seqLength]` arrays (x: the window,
 * y: the same window shifted by one). No checks: for trusted encoder output; too short an
 * input gives n = 0.
 * @example nextTokenWindows(Int32Array.of(1, 2, 3, 4, 5), 2) // { x: [1, 2, 3, 4], y: [2, 3, 4, 5], n: 2 }
 */
export function nextTokenWindows(
  ids: Int32Array,
  seqLength: number,
): {
  /** Window ids, flat `[n, seqLength]`. */
  x: Float32Array;
  /** The next id of every position, flat `[n, seqLength]`. */
  y: Float32Array;
  /** Number of windows: floor((ids.length - 1) / seqLength). */
  n: number;
} {
  const n = Math.max(0, Math.floor((ids.length - 1) / seqLength));
  const x = new Float32Array(n * seqLength);
  const y = new Float32Array(n * seqLength);
  for (let w = 0; w < n; w++) {
    for (let t = 0; t < seqLength; t++) {
      x[w * seqLength + t] = ids[w * seqLength + t]!;
      y[w * seqLength + t] = ids[w * seqLength + t + 1]!;
    }
  }
  return { x, y, n };
}

/**
 * Cross-entropy (nats per token) of predicting each validation id from its training
 * frequency, with add-½ smoothing: the baseline a language model must beat. NaN without
 * validation ids.
 * @example unigramCrossEntropy(Int32Array.of(0, 0, 1), Int32Array.of(0), 2) // -ln(2.5 / 4)
 */
export function unigramCrossEntropy(trainIds: ArrayLike<number>, validIds: ArrayLike<number>, vocabularySize: number): number {
  if (validIds.length === 0) return NaN;
  const counts = new Float64Array(vocabularySize).fill(0.5);
  for (let i = 0; i < trainIds.length; i++) counts[trainIds[i]!]! += 1;
  const total = counts.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < validIds.length; i++) sum -= Math.log(counts[validIds[i]!]! / total);
  return sum / validIds.length;
}
