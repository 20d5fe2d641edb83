/**
 * A character-level (or word-level) recurrent language model, the classic recipe:
 * Embedding → LSTM/GRU (returnSequences) × layers → TimeDistributed(Dense(vocabSize, softmax)),
 * trained with sparse categorical cross-entropy to predict the next id at every position.
 * And its validation score in nats per token.
 *
 * @example
 * const model = buildCharLanguageModel({ vocabSize: vocab.size, units: 256, seqLength: 64 });
 * model.compile({ optimizer: optimizers.adam({ learningRate: 2e-3, clipNorm: 5 }), loss: 'sparseCategoricalCrossentropy' });
 * await model.fit(train.x, train.y, { epochs: 20, batchSize: 32 });
 * validationCrossEntropy(model, valid.x, valid.y); // nats/token; / Math.LN2 for bits/char
 */
import { ShapeError, ValueError, assertInt, assertKnownOptions, assertNumber, assertOneOf, formatShape } from '../tensor/errors.js';
import { type TensorLike, toTensor } from '../tensor/tensor.js';
import { sliceRows } from '../models/batches.js';
import { type Sequential, sequential } from '../models/sequential.js';
import { sparseCategoricalCrossentropy } from '../losses/index.js';
import type { Layer } from '../layers/layer.js';
import type { InitializerLike } from '../initializers/initializers.js';
import { dropout as dropoutLayer } from '../layers/dropout.js';
import { embedding } from '../layers/embedding.js';
import { gru } from '../layers/gru.js';
import { lstm } from '../layers/lstm.js';
import { TimeDistributed, timeDistributed } from '../layers/timeDistributed.js';
import { Dense, dense } from '../layers/dense.js';

/** The recurrent cell of a language model. */
export type LanguageModelCell = 'lstm' | 'gru';

/**
 * Options of {@link buildCharLanguageModel}; only `vocabSize` is required.
 * @example buildCharLanguageModel({ vocabSize: vocab.size, units: 512, layers: 2, dropout: 0.2, cell: 'gru' } satisfies CharLanguageModelOptions)
 */
export interface CharLanguageModelOptions {
  /** Number of token ids (`vocab.size`): the embedding's input and the softmax's output size. */
  vocabSize: number;
  /** Size of each token's embedding (default 64). */
  embeddingDim?: number;
  /** Units of each recurrent layer (default 256). */
  units?: number;
  /** Number of stacked recurrent layers (default 1). */
  layers?: number;
  /** Rate of a Dropout layer after each recurrent layer, in [0, 1) (default 0: none). */
  dropout?: number;
  /** 'lstm' or 'gru' (default 'lstm'). */
  cell?: LanguageModelCell;
  /**
   * Window length the model is trained on; fixes the input shape to `[seqLength]`. Omit it
   * (or pass null) to accept any length, e.g. to evaluate and predict on other lengths.
   */
  seqLength?: number | null;
  /** The embedding's initializer (default Keras's uniform(-0.05, 0.05); the textgen app uses N(0, 1) as PyTorch does). */
  embeddingsInitializer?: InitializerLike;
}

const modelKeys = ['vocabSize', 'embeddingDim', 'units', 'layers', 'dropout', 'cell', 'seqLength', 'embeddingsInitializer'];

/**
 * Builds (uncompiled) Embedding(vocabSize, embeddingDim) → LSTM/GRU(units, returnSequences)
 * × layers (each followed by Dropout when `dropout` > 0) → TimeDistributed(Dense(vocabSize,
 * softmax)). Input `[batch, seqLength]` ids, output `[batch, seqLength, vocabSize]`
 * next-token probabilities. Compile it with `loss: 'sparseCategoricalCrossentropy'`.
 * @example
 * const model = buildCharLanguageModel({ vocabSize: 60, seqLength: 64 });
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
 */
export function buildCharLanguageModel(options: CharLanguageModelOptions): Sequential {
  const where = 'buildCharLanguageModel';
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${where}: argument 'options' expected an object with at least 'vocabSize', got ${options === null ? 'null' : typeof options}`);
  }
  assertKnownOptions(where, options, modelKeys);
  const { vocabSize } = options;
  assertInt(where, 'vocabSize', vocabSize, 1);
  const embeddingDim = options.embeddingDim ?? 64;
  assertInt(where, 'embeddingDim', embeddingDim, 1);
  const units = options.units ?? 256;
  assertInt(where, 'units', units, 1);
  const depth = options.layers ?? 1;
  assertInt(where, 'layers', depth, 1);
  const rate = options.dropout ?? 0;
  assertNumber(where, 'dropout', rate, 0, 1);
  if (rate >= 1) throw new ValueError(`${where}: option 'dropout' expected a number in [0, 1), got ${rate}`);
  const cell = options.cell ?? 'lstm';
  assertOneOf(where, 'cell', cell, ['lstm', 'gru'] as const);
  const seqLength = options.seqLength ?? null;
  if (seqLength !== null) assertInt(where, 'seqLength', seqLength, 1);

  const stack: Layer[] = [
    embedding({
      inputDim: vocabSize,
      outputDim: embeddingDim,
      inputShape: [seqLength],
      ...(options.embeddingsInitializer !== undefined ? { embeddingsInitializer: options.embeddingsInitializer } : {}),
    }),
  ];
  for (let i = 0; i < depth; i++) {
    stack.push(cell === 'lstm' ? lstm({ units, returnSequences: true }) : gru({ units, returnSequences: true }));
    if (rate > 0) stack.push(dropoutLayer({ rate }));
  }
  stack.push(timeDistributed({ layer: dense({ units: vocabSize, activation: 'softmax' }) }));
  return sequential({ layers: stack, name: `char_${cell}_lm` });
}

/**
 * Mean negative log-likelihood of the targets, in nats per token: the mean over every
 * position of every sample of `-ln p(y | x)`, as Keras's `sparse_categorical_crossentropy`
 * reports it (probabilities clipped to [1e-7, 1 - 1e-7]). Equals `model.evaluate(x, y)` for
 * a model compiled with that loss, without needing (or disturbing) the compiled state.
 * Divide by `Math.LN2` for bits per token; `Math.exp` of it is the perplexity. A model whose
 * last Dense layer is linear is read as giving logits.
 * @example const nats = validationCrossEntropy(model, valid.x, valid.y); // e.g. 1.45
 */
export function validationCrossEntropy(model: Sequential, x: TensorLike, y: TensorLike, options: { batchSize?: number } = {}): number {
  const where = 'validationCrossEntropy';
  assertKnownOptions(where, options, ['batchSize']);
  const batchSize = options.batchSize ?? 32;
  assertInt(where, 'batchSize', batchSize, 1);
  const input = toTensor(x, 'x', { dtype: model.layers[0]?.dtype ?? 'float32' });
  const target = toTensor(y, 'y', { dtype: input.dtype });
  const n = input.shape[0] ?? 0;
  if (input.rank !== 2 || n === 0) {
    throw new ShapeError(`${where}: argument 'x' expected ids of shape [samples > 0, seqLength], got ${formatShape(input.shape)}`);
  }
  if (target.rank !== 2 || target.shape[0] !== n || target.shape[1] !== input.shape[1]) {
    throw new ShapeError(`${where}: argument 'y' expected shape ${formatShape(input.shape)} (the shape of x), got ${formatShape(target.shape)}`);
  }
  let last = model.layers[model.layers.length - 1];
  if (last instanceof TimeDistributed) last = last.layer;
  const fromLogits = last instanceof Dense && last.activation === 'linear';
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const probs = model.predict(sliceRows(input, start, end), { batchSize });
    if (probs.rank !== 3 || probs.shape[1] !== input.shape[1]) {
      throw new ShapeError(`${where}: the model must output next-token probabilities [batch, seqLength, vocabSize], got ${formatShape(probs.shape)}`);
    }
    total += sparseCategoricalCrossentropy(sliceRows(target, start, end), probs, null, { fromLogits }).data[0]! * (end - start);
  }
  return total / n;
}
