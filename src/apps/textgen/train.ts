/**
 * Training a character- or word-level language model the way the Keras tutorial does, with a
 * budget: the corpus is split in reading order (first part train, last part validation),
 * the vocabulary comes from the training part, the model sees non-overlapping windows in a
 * fresh seeded order each pass, and every `evalEvery` tokens it reports the validation
 * cross-entropy (nats per token) and a generated sample.
 *
 * @example
 * const run = await trainLanguageModel({ text, units: 128, trainTokens: 200_000 });
 * const last = run.evaluations.at(-1);
 * console.log(last?.validationLoss, last?.sample);
 */
import { ValueError, assertInt, assertNumber } from '../../tensor/errors.js';
import { permutation, setSeed } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { adam } from '../../optimizers/index.js';
import { randomNormal } from '../../initializers/initializers.js';
import type { Sequential } from '../../models/sequential.js';
import { buildCharLanguageModel } from '../../text/languageModel.js';
import { validationCrossEntropy } from '../../text/languageModel.js';
import { nextTokenWindows, splitText, unigramCrossEntropy } from '../../text/lmData.js';
import { Vocabulary, type VocabularyLevel } from '../../text/vocabulary.js';
import { TextGenerator } from '../../text/generator.js';

/**
 * Options of {@link trainLanguageModel}. Only `text` is required; the defaults are the
 * char-rnn recipe (one 256-unit LSTM over 64-character windows, Adam at 2e-3, clip 5).
 * @example
 * const options: TrainLanguageModelOptions = { text: corpus, level: 'word', seqLength: 20, trainTokens: 100_000 };
 * const run = await trainLanguageModel(options);
 */
export interface TrainLanguageModelOptions {
  /** The whole corpus; its first part trains, its last `validation` fraction validates. */
  text: string;
  /** Model characters ('char', the default) or whitespace-separated words ('word'). */
  level?: VocabularyLevel;
  /** Lower-case the corpus first (default true, as the recipe does). */
  lower?: boolean;
  /** Fraction of the corpus, from its end, held out for validation (default 0.1). */
  validation?: number;
  /** Tokens per training window, i.e. how far back through time gradients flow (default 64 for 'char', 20 for 'word'). */
  seqLength?: number;
  /** Windows per gradient step (default 32). */
  batchSize?: number;
  /** Units of each recurrent layer (default 256). */
  units?: number;
  /** Stacked LSTM layers (default 1). */
  layers?: number;
  /** Rate of the Dropout layer after each LSTM layer, in [0, 1) (default 0: none). */
  dropout?: number;
  /** Size of each token's embedding vector (default 64). */
  embeddingDim?: number;
  /** 'normal' (default): N(0, 1) as PyTorch initialises embeddings; 'keras': uniform(-0.05, 0.05). */
  embeddingInit?: 'normal' | 'keras';
  /** Adam's learning rate (default 2e-3). */
  learningRate?: number;
  /** Global gradient-norm clip (default 5). */
  clipNorm?: number;
  /** Training tokens to see (default: `epochs` passes over the training part). */
  trainTokens?: number;
  /** Passes over the training part when `trainTokens` is not given (default 1). */
  epochs?: number;
  /** Stop once this many seconds of training have passed (checked between batches). */
  timeBudgetSeconds?: number;
  /** Validate and sample every this many training tokens (default 500,000 / 20 evaluations). */
  evalEvery?: number;
  /** Also validate and sample every this many seconds of training (for time-bounded runs). */
  evalEverySeconds?: number;
  /** Validation tokens used at each evaluation (default all). */
  validationTokens?: number;
  /** Length of each evaluation's sample, in tokens (default 200 characters / 40 words). */
  sampleLength?: number;
  /** Text each evaluation's sample continues; each sample starts with it (default 'the whale'). */
  samplePrompt?: string;
  /** Softmax temperature of the evaluation samples (default 0.6; lower is more conservative). */
  sampleTemperature?: number;
  /**
   * Seeds the weights, the window order and the samples (default 42), so the same options
   * on the same corpus give the same run; evaluation `i` samples with `seed + i`.
   */
  seed?: number;
  /** Called after every batch with the tokens seen so far and the running training loss. */
  onBatch?: (info: { tokens: number; totalTokens: number; loss: number; seconds: number }) => void;
  /** Called after every evaluation. */
  onEvaluation?: (point: EvaluationPoint) => void;
}

/** One evaluation of {@link trainLanguageModel}: where training was and how well it did. */
export interface EvaluationPoint {
  /** Training tokens seen when it was taken. */
  tokens: number;
  /** Training seconds so far (evaluation time excluded). */
  seconds: number;
  /** Mean training loss (nats per token) over the batches since the previous evaluation; NaN if none ran. */
  trainLoss: number;
  /** Nats per token on the validation part; NaN when there is none (`validation: 0`). */
  validationLoss: number;
  /** Generated text, prompt included. */
  sample: string;
}

/**
 * What {@link trainLanguageModel} returns: the trained model, its vocabulary and the
 * learning curve.
 * @example
 * const run: LanguageModelRun = await trainLanguageModel({ text: corpus, timeBudgetSeconds: 30 });
 * const generator = new text.TextGenerator(run.model, run.vocabulary);
 * console.log(run.stoppedBy, run.tokens, generator.generate({ prompt: 'the ', length: 100 }));
 */
export interface LanguageModelRun {
  /** The trained, compiled language model. */
  model: Sequential;
  /** Token ↔ id mapping built from the training part; needed to encode prompts and decode samples. */
  vocabulary: Vocabulary;
  /** Every evaluation in order; the last one is taken after training ends. */
  evaluations: EvaluationPoint[];
  /** Training tokens seen. */
  tokens: number;
  /** Seconds spent in training steps (evaluation time excluded). */
  trainSeconds: number;
  /** Wall-clock seconds of the whole run, evaluations included. */
  totalSeconds: number;
  /** Size of the corpus after lower-casing. */
  corpus: {
    /** Characters in the whole corpus. */
    characters: number;
    /** Tokens in the training part. */
    trainTokens: number;
    /** Tokens in the validation part (all of them, not only those scored). */
    validationTokens: number;
  };
  /** Cross-entropy of predicting each validation token from its training-set frequency; NaN without validation. */
  unigramBaseline: number;
  /** 'tokens' when the token budget ran out, 'time' when `timeBudgetSeconds` did. */
  stoppedBy: 'tokens' | 'time';
  /** The options actually used, defaults filled in (level, seqLength, units, learningRate, seed, …). */
  settings: Record<string, unknown>;
}

/**
 * Trains a character (or word) LSTM language model on `text` for a time or step budget,
 * evaluating cross-entropy on a held-out tail and sampling text as it goes.
 * @example
 * const run = await trainLanguageModel({ text: corpus, timeBudgetSeconds: 60 });
 * console.log(run.evaluations.at(-1)?.validationLoss, run.evaluations.at(-1)?.sample);
 */
export async function trainLanguageModel(options: TrainLanguageModelOptions): Promise<LanguageModelRun> {
  const where = 'trainLanguageModel';
  const level = options.level ?? 'char';
  const seqLength = options.seqLength ?? (level === 'char' ? 64 : 20);
  const batchSize = options.batchSize ?? 32;
  const validation = options.validation ?? 0.1;
  assertInt(where, 'seqLength', seqLength, 1);
  assertInt(where, 'batchSize', batchSize, 1);
  assertNumber(where, 'validation', validation, 0, 0.9);
  const text = options.lower === false ? options.text : options.text.toLowerCase();
  if (text.trim().length === 0) throw new ValueError(`${where}: the corpus is empty`);
  const split = splitText(text, validation, { atWhitespace: level === 'word' });
  const vocabulary = Vocabulary.fromText(split.train, { level });
  const trainIds = vocabulary.encode(split.train);
  const validIds = vocabulary.encode(split.validation);
  const train = nextTokenWindows(trainIds, seqLength);
  if (train.n === 0) {
    throw new ValueError(`${where}: the training part has ${trainIds.length} tokens, fewer than one window of ${seqLength + 1}; use a longer corpus or a shorter --seq-length`);
  }
  // A validation part asked for but too short to give one window would score NaN.
  if (validation > 0 && validIds.length < seqLength + 1) {
    const unit = level === 'char' ? 'characters' : 'words';
    const size = level === 'char' ? `${split.validation.length} characters` : `${split.validation.length} characters, ${validIds.length} words`;
    throw new ValueError(
      `${where}: the validation part (the last ${+(validation * 100).toFixed(2)}% of the corpus) has ${size}, fewer than one window of ${seqLength + 1} ${unit} (seqLength ${seqLength} + 1); use a longer corpus, a larger --validation or a shorter --seq-length, or --validation 0 to train without validation`,
    );
  }
  const validLimit = options.validationTokens ? Math.min(validIds.length, Math.max(seqLength, options.validationTokens) + 1) : validIds.length;
  const valid = nextTokenWindows(validIds.subarray(0, validLimit), seqLength);

  // Unigram baseline: each validation token predicted from its training frequency.
  const unigramBaseline = unigramCrossEntropy(trainIds, validIds, vocabulary.size);

  const seed = options.seed ?? 42;
  setSeed(seed);
  const settings = {
    level,
    lower: options.lower !== false,
    validation,
    seqLength,
    batchSize,
    units: options.units ?? 256,
    layers: options.layers ?? 1,
    dropout: options.dropout ?? 0,
    embeddingDim: options.embeddingDim ?? 64,
    embeddingInit: options.embeddingInit ?? 'normal',
    learningRate: options.learningRate ?? 2e-3,
    clipNorm: options.clipNorm ?? 5,
    seed,
  };
  const model = buildCharLanguageModel({
    vocabSize: vocabulary.size,
    embeddingDim: settings.embeddingDim,
    units: settings.units,
    layers: settings.layers,
    dropout: settings.dropout,
    seqLength,
    // PyTorch's N(0, 1) embedding: with Keras's uniform(-0.05, 0.05) the recipe learns far
    // slower at first (validation 2.20 vs 1.87 nats/char after 0.5M characters).
    ...(settings.embeddingInit === 'normal' ? { embeddingsInitializer: randomNormal({ stddev: 1 }) } : {}),
  });
  model.compile({ optimizer: adam({ learningRate: settings.learningRate, globalClipNorm: settings.clipNorm }), loss: 'sparseCategoricalCrossentropy' });
  const generator = new TextGenerator(model, vocabulary);

  const totalTokens = options.trainTokens ?? (options.epochs ?? 1) * train.n * seqLength;
  assertInt(where, 'trainTokens', totalTokens, 1);
  const evalEvery = options.evalEvery ?? Math.max(seqLength * batchSize, Math.ceil(totalTokens / 20));
  const budget = options.timeBudgetSeconds ?? Infinity;
  const sampleLength = options.sampleLength ?? (level === 'char' ? 200 : 40);
  const prompt = options.samplePrompt ?? (level === 'char' ? 'the whale ' : 'the whale');
  const xVal = valid.n > 0 ? new Tensor(valid.x, [valid.n, seqLength]) : null;
  const yVal = valid.n > 0 ? new Tensor(valid.y, [valid.n, seqLength]) : null;

  const start = performance.now();
  let trainSeconds = 0;
  let tokens = 0;
  let order: Int32Array = new Int32Array(0);
  let cursor = 0;
  let lossSum = 0;
  let lossCount = 0;
  let nextEval = evalEvery;
  const evalSeconds = options.evalEverySeconds ?? Infinity;
  let nextEvalTime = evalSeconds;
  let stoppedBy: LanguageModelRun['stoppedBy'] = 'tokens';
  const evaluations: EvaluationPoint[] = [];
  const xb = new Float32Array(batchSize * seqLength);
  const yb = new Float32Array(batchSize * seqLength);

  const evaluate = () => {
    const validationLoss = xVal && yVal ? validationCrossEntropy(model, xVal, yVal, { batchSize: 64 }) : NaN;
    const ids = generator.generateIds({ prompt, length: sampleLength, temperature: options.sampleTemperature ?? 0.6, seed: seed + evaluations.length });
    const sample = prompt + vocabulary.decodeAfter(prompt, ids);
    const point = { tokens, seconds: trainSeconds, trainLoss: lossCount ? lossSum / lossCount : NaN, validationLoss, sample };
    lossSum = 0;
    lossCount = 0;
    evaluations.push(point);
    options.onEvaluation?.(point);
  };

  while (tokens < totalTokens) {
    const stepStart = performance.now();
    for (let k = 0; k < batchSize; k++) {
      if (cursor >= order.length) {
        order = permutation(train.n);
        cursor = 0;
      }
      const w = order[cursor++]!;
      xb.set(train.x.subarray(w * seqLength, (w + 1) * seqLength), k * seqLength);
      yb.set(train.y.subarray(w * seqLength, (w + 1) * seqLength), k * seqLength);
    }
    const loss = model.trainOnBatch(new Tensor(xb.slice(), [batchSize, seqLength]), new Tensor(yb.slice(), [batchSize, seqLength])) as number;
    if (!Number.isFinite(loss)) throw new ValueError(`${where}: the training loss became ${loss} after ${tokens} tokens; lower --lr`);
    tokens += batchSize * seqLength;
    trainSeconds += (performance.now() - stepStart) / 1000;
    lossSum += loss;
    lossCount++;
    options.onBatch?.({ tokens, totalTokens, loss, seconds: trainSeconds });
    if (trainSeconds >= budget) {
      stoppedBy = 'time';
      break;
    }
    if ((tokens >= nextEval || trainSeconds >= nextEvalTime) && tokens < totalTokens) {
      evaluate();
      while (nextEval <= tokens) nextEval += evalEvery;
      while (nextEvalTime <= trainSeconds) nextEvalTime += evalSeconds;
    }
    // Give the event loop a turn (progress output, Ctrl-C).
    // Yield to the event loop now and then (setTimeout, not setImmediate: browsers lack it).
    if (lossCount % 8 === 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  evaluate();
  return {
    model,
    vocabulary,
    evaluations,
    tokens,
    trainSeconds,
    totalSeconds: (performance.now() - start) / 1000,
    corpus: { characters: text.length, trainTokens: trainIds.length, validationTokens: validIds.length },
    unigramBaseline,
    stoppedBy,
    settings,
  };
}
