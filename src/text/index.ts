/**
 * Text generation with a recurrent language model: a character- or word-level vocabulary,
 * next-token training windows, the Embedding → LSTM → softmax model, sampling (temperature,
 * top-k, top-p) and a stateful generator that does constant work per generated token.
 *
 * @example
 * import { Vocabulary, splitText, languageModelBatches, buildCharLanguageModel, TextGenerator } from './text/index.js';
 * const { train, validation } = splitText(corpus, 0.1);
 * const vocab = Vocabulary.fromText(train, { level: 'char' });
 * const data = languageModelBatches(vocab.encode(train), { seqLength: 64 });
 * const model = buildCharLanguageModel({ vocabSize: vocab.size, seqLength: 64 });
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
 * await model.fit(data.x, data.y, { epochs: 10, batchSize: 32 });
 * new TextGenerator(model, vocab).generate({ prompt: 'The ', length: 200, temperature: 0.8, seed: 1 });
 */
export { Vocabulary, UNKNOWN_CHAR, UNKNOWN_WORD, type VocabularyLevel, type VocabularyOptions, type VocabularyJSON } from './vocabulary.js';
export {
  languageModelBatches, splitText, nextTokenWindows, unigramCrossEntropy, type LanguageModelBatchOptions, type LanguageModelSamples, type SplitTextOptions, type TextSplit,
} from './lmData.js';
export {
  sampleToken, sampleDistribution, checkSampleOptions, seededRandom, type SampleOptions, type CheckedSampleOptions,
} from './sampling.js';
export { buildCharLanguageModel, validationCrossEntropy, type CharLanguageModelOptions, type LanguageModelCell } from './languageModel.js';
export { TextGenerator, type GenerateOptions } from './generator.js';
