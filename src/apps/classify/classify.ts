/**
 * Text classification with an embedding and a (bi)LSTM, reported next to the baselines a
 * reader needs to judge it: the majority class, a bag-of-words logistic regression trained
 * on the same split, and (for two classes) a lexicon scorer.
 *
 * @example
 * const r = await classifyTexts({ texts, labels, bidirectional: true });
 * console.log(r.test.lstm.accuracy, r.test.bagOfWords.accuracy, r.predict(['What a great phone']));
 */
import { ValueError, assertInt, assertNumber } from '../../tensor/errors.js';
import { permutation, setSeed } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import * as layerFactories from '../../layers/index.js';
import { sequential, type Sequential } from '../../models/sequential.js';
import { adam } from '../../optimizers/index.js';
import { earlyStopping } from '../../models/callbacks/index.js';
import type { Callback } from '../../models/callbacks/callback.js';
import { Tokenizer } from '../../data/tokenizer.js';
import { padSequences } from '../../data/padSequences.js';
import { type ClassificationReport, classificationReport } from '../../evaluation/index.js';

/**
 * The most distinct labels classifyTexts accepts. More is almost always a text or id column
 * passed as the label (one label per row), and the k×k confusion matrix, its heatmap and the
 * softmax over k classes stop being readable or cheap long before a few hundred.
 */
export const MAX_CLASSES = 100;

/**
 * Options of {@link classifyTexts}. Only `texts` and `labels` are required. The model is
 * Embedding (mask_zero) → `layers` LSTMs (optionally bidirectional) → Dense with a sigmoid for
 * two classes or a softmax for more, trained with Adam and early stopping on the validation
 * loss (patience 3, best weights restored).
 * @example
 * const options: ClassifyOptions = { texts, labels, tokens: 'word', bidirectional: true, units: 32, epochs: 10 };
 * const result = await classifyTexts(options);
 */
export interface ClassifyOptions {
  /** The documents, at least 10. */
  texts: string[];
  /** One label per text (strings or numbers); classes are the sorted distinct labels, 2 to 100. */
  labels: (string | number)[];
  /** Split texts into words ('word', the default; Keras `Tokenizer` filtering and lower-casing) or characters ('char'). */
  tokens?: 'word' | 'char';
  /** Longest sequence kept (default: the 95th percentile of training lengths, at most 100). */
  maxLen?: number;
  /** Vocabulary size including padding and the out-of-vocabulary token (default 10,000). */
  vocabSize?: number;
  /** Size of each token's embedding vector (default 64). */
  embeddingDim?: number;
  /** Units of each LSTM layer, per direction when bidirectional (default 64). */
  units?: number;
  /** Stacked LSTM layers; all but the last return sequences (default 1). */
  layers?: number;
  /** Wrap each LSTM in `Bidirectional` (outputs concatenated) so it also reads right to left (default false). */
  bidirectional?: boolean;
  /** Input dropout rate of each LSTM (Keras's `dropout`), in [0, 1) (default 0). */
  dropout?: number;
  /** Maximum passes over the training texts; early stopping usually ends sooner (default 15). */
  epochs?: number;
  /** Texts per gradient step (default 32), also for the bag-of-words baseline. */
  batchSize?: number;
  /** Adam's learning rate for the LSTM model (default 2e-3; the baseline uses 1e-2). */
  learningRate?: number;
  /** Seeds the split, the weights and the dropout, so runs repeat exactly (default 1). */
  seed?: number;
  /** Fraction of all samples held out for the test (default 0.2). */
  test?: number;
  /** Fraction of the training samples used for validation and early stopping (default 0.1). */
  validation?: number;
  /** A lexicon scorer for two classes: > 0 means the second class, < 0 the first. */
  lexicon?: (text: string) => number;
  /** Extra callbacks for the LSTM model's `fit` (e.g. progress), after the early stopping. */
  callbacks?: Callback[];
}

/**
 * What {@link classifyTexts} returns: the trained model with its tokenizer, test reports for
 * it and the baselines, and a `predict` for new texts.
 * @example
 * const result: ClassifyResult = await classifyTexts({ texts, labels });
 * const [probabilities] = result.predict(['Great battery, terrible screen']);
 * console.log(result.classes, probabilities, result.test.lstm.accuracy);
 */
export interface ClassifyResult {
  /** Class names: the distinct labels as strings, sorted; index i is class i everywhere below. */
  classes: string[];
  /** Reports on the held-out test texts. */
  test: {
    /** The trained (bi)LSTM model. */
    lstm: ClassificationReport;
    /** Logistic regression on multi-hot bags of words, trained on the same split and vocabulary. */
    bagOfWords: ClassificationReport;
    /** Always predicting the most frequent training class. */
    majority: ClassificationReport;
    /** The `lexicon` scorer (a score of 0 predicts the majority class); null without one or with more than two classes. */
    lexicon: ClassificationReport | null;
  };
  /** Texts in each part of the shuffled split. */
  samples: {
    /** Texts the models were trained on. */
    train: number;
    /** Texts that early stopping watched. */
    validation: number;
    /** Held-out texts the reports are computed on. */
    test: number;
  };
  /** Sequence length the texts were padded or truncated to (both at the start, as Keras's `pad_sequences` does). */
  maxLen: number;
  /** Embedding input size: ids in use, padding id 0 and the out-of-vocabulary id included (at most `vocabSize`). */
  vocabulary: number;
  /** Per-epoch `loss`, `accuracy`, `val_loss` and `val_accuracy` of the LSTM model (`History.history`). */
  history: Record<string, number[]>;
  /** The trained LSTM model; it reads padded id sequences from `tokenizer`. */
  model: Sequential;
  /** The tokenizer fitted on the training texts; it turns new texts into the model's ids. */
  tokenizer: Tokenizer;
  /** Class probabilities for new texts, one row per text, columns in `classes` order. */
  predict(texts: string[]): number[][];
}

/** Multi-hot bag of words `[n, vocab]` from token id sequences. */
function bagOfWords(sequences: number[][], vocab: number): Tensor {
  const out = new Float32Array(sequences.length * vocab);
  sequences.forEach((seq, i) => {
    for (const id of seq) if (id > 0 && id < vocab) out[i * vocab + id] = 1;
  });
  return new Tensor(out, [sequences.length, vocab]);
}

/** Probabilities `[n, classes]` from a model with a sigmoid (2 classes) or softmax output. */
function classProbabilities(model: Sequential, x: Tensor, classes: number): number[][] {
  const p = model.predict(x, { batchSize: 256 });
  const rows: number[][] = [];
  for (let i = 0; i < p.shape[0]!; i++) {
    if (classes === 2) rows.push([1 - p.data[i]!, p.data[i]!]);
    else rows.push(Array.from(p.data.subarray(i * classes, (i + 1) * classes)));
  }
  return rows;
}

const argmax = (row: number[]) => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0);

/**
 * Trains and evaluates; see the module comment.
 * @example
 * const result = await classifyTexts({ texts, labels, epochs: 5 });
 * console.log(result.test.lstm.accuracy, result.test.majority.accuracy);
 */
export async function classifyTexts(options: ClassifyOptions): Promise<ClassifyResult> {
  const where = 'classifyTexts';
  const { texts, labels } = options;
  if (texts.length !== labels.length) {
    throw new ValueError(`${where}: argument 'labels' has ${labels.length} entries, expected one per text (${texts.length})`);
  }
  if (texts.length < 10) throw new ValueError(`${where}: argument 'texts' has ${texts.length} samples; expected at least 10`);
  const testFraction = options.test ?? 0.2;
  const valFraction = options.validation ?? 0.1;
  assertNumber(where, 'test', testFraction, 0.01, 0.9);
  assertNumber(where, 'validation', valFraction, 0.01, 0.9);
  const vocabSize = options.vocabSize ?? 10_000;
  assertInt(where, 'vocabSize', vocabSize, 3);
  const classes = [...new Set(labels.map(String))].sort();
  if (classes.length < 2) throw new ValueError(`${where}: argument 'labels' has one class (${classes[0]}); expected at least 2`);
  if (classes.length > MAX_CLASSES) {
    throw new ValueError(`${where}: argument 'labels' has ${classes.length} distinct labels; expected at most ${MAX_CLASSES}`);
  }
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const y = labels.map((l) => classIndex.get(String(l))!);

  setSeed(options.seed ?? 1);
  const order = Array.from(permutation(texts.length));
  const testCount = Math.round(texts.length * testFraction);
  const testIds = order.slice(texts.length - testCount);
  const trainAll = order.slice(0, texts.length - testCount);
  const valCount = Math.round(trainAll.length * valFraction);
  const valIds = trainAll.slice(trainAll.length - valCount);
  const trainIds = trainAll.slice(0, trainAll.length - valCount);

  // The vocabulary is learned from training texts only.
  const tokenizer = new Tokenizer({ numWords: vocabSize, oovToken: '<oov>', charLevel: options.tokens === 'char' });
  tokenizer.fitOnTexts(trainIds.map((i) => texts[i]!));
  const sequences = tokenizer.textsToSequences(texts);
  const lengths = trainIds.map((i) => sequences[i]!.length).sort((a, b) => a - b);
  const maxLen = options.maxLen ?? Math.max(1, Math.min(100, lengths[Math.floor(lengths.length * 0.95)] ?? 1));
  assertInt(where, 'maxLen', maxLen, 1);
  const vocabulary = Math.min(vocabSize, tokenizer.wordIndex.size + 1);
  const pick = (ids: number[]) => ({
    x: padSequences(ids.map((i) => sequences[i]!), { maxlen: maxLen }),
    y: new Tensor(Float32Array.from(ids, (i) => y[i]!), [ids.length]),
    bow: bagOfWords(ids.map((i) => sequences[i]!), vocabulary),
  });
  const train = pick(trainIds);
  const val = pick(valIds);
  const test = pick(testIds);
  const binary = classes.length === 2;
  const head = () => layerFactories.dense({ units: binary ? 1 : classes.length, activation: binary ? 'sigmoid' : 'softmax' });
  const loss = binary ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy';
  const fitOptions = (epochs: number, callbacks: Callback[]) => ({
    epochs,
    batchSize: options.batchSize ?? 32,
    validationData: undefined as never,
    verbose: 0 as const,
    callbacks: [earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true }), ...callbacks],
  });

  // The recurrent model.
  setSeed(options.seed ?? 1);
  const depth = options.layers ?? 1;
  const units = options.units ?? 64;
  const recurrent = Array.from({ length: depth }, (_, i) => {
    const cell = layerFactories.lstm({ units, returnSequences: i < depth - 1, dropout: options.dropout ?? 0 });
    return options.bidirectional ? layerFactories.bidirectional({ layer: cell }) : cell;
  });
  const model = sequential({
    layers: [
      layerFactories.embedding({ inputDim: vocabulary, outputDim: options.embeddingDim ?? 64, maskZero: true, inputShape: [maxLen] }),
      ...recurrent,
      head(),
    ],
  });
  model.compile({ optimizer: adam({ learningRate: options.learningRate ?? 2e-3 }), loss, metrics: ['accuracy'] });
  const h = await model.fit(train.x, train.y, { ...fitOptions(options.epochs ?? 15, options.callbacks ?? []), validationData: [val.x, val.y] });

  // Bag-of-words logistic regression on the same split.
  setSeed(options.seed ?? 1);
  const logistic = sequential({ layers: [layerFactories.dense({ units: binary ? 1 : classes.length, activation: binary ? 'sigmoid' : 'softmax', inputShape: [vocabulary] })] });
  logistic.compile({ optimizer: adam({ learningRate: 1e-2 }), loss, metrics: ['accuracy'] });
  await logistic.fit(train.bow, train.y, { ...fitOptions(40, []), validationData: [val.bow, val.y] });

  const truth = testIds.map((i) => y[i]!);
  const report = (predicted: number[]) => classificationReport(truth, predicted, { numClasses: classes.length });
  const lstmPred = classProbabilities(model, test.x, classes.length).map(argmax);
  const bowPred = classProbabilities(logistic, test.bow, classes.length).map(argmax);
  const counts = new Array<number>(classes.length).fill(0);
  for (const i of trainIds) counts[y[i]!]!++;
  const majorityClass = argmax(counts);
  const lexicon = binary && options.lexicon
    ? report(testIds.map((i) => {
        const score = options.lexicon!(texts[i]!);
        return score > 0 ? 1 : score < 0 ? 0 : majorityClass;
      }))
    : null;
  return {
    classes,
    test: { lstm: report(lstmPred), bagOfWords: report(bowPred), majority: report(truth.map(() => majorityClass)), lexicon },
    samples: { train: trainIds.length, validation: valIds.length, test: testIds.length },
    maxLen,
    vocabulary,
    history: h.history,
    model,
    tokenizer,
    predict: (newTexts: string[]) =>
      classProbabilities(model, padSequences(tokenizer.textsToSequences(newTexts), { maxlen: maxLen }), classes.length),
  };
}
