/**
 * Text from a model saved by `lstm textgen train` (or `lstm demo`): the vocabulary travels
 * in the model file, and generation runs the model one token at a time with its state.
 */
import { ValueError } from '../../tensor/errors.js';
import { loadModel } from '../../io/node.js';
import { TextGenerator } from '../../text/generator.js';
import { Vocabulary } from '../../text/vocabulary.js';

export interface SampleFromSavedOptions {
  prompt?: string;
  length?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  greedy?: boolean;
  seed?: number;
}

/** Loads `dir` (model.json + weights.bin with a vocabulary) as a generator. */
export async function loadTextGenerator(dir: string): Promise<{ generator: TextGenerator; vocabulary: Vocabulary; lower: boolean }> {
  const { model, extra } = await loadModel(dir);
  const meta = (extra as { lstmTs?: { kind?: string; vocabulary?: unknown; settings?: { lower?: boolean } } } | undefined)?.lstmTs;
  if (!meta || meta.kind !== 'textgen' || meta.vocabulary === undefined) {
    throw new ValueError(`'${dir}' holds a model without a text vocabulary; expected a directory written by 'lstm textgen train' or 'lstm demo'`);
  }
  const vocabulary = Vocabulary.fromJSON(meta.vocabulary);
  return { generator: new TextGenerator(model, vocabulary), vocabulary, lower: meta.settings?.lower !== false };
}

/** Generates a continuation of `prompt`. @example await sampleFromSaved('lstm-demo-out/model', { prompt: 'call me ' }) */
export async function sampleFromSaved(dir: string, options: SampleFromSavedOptions = {}): Promise<{ prompt: string; text: string }> {
  const { generator, lower } = await loadTextGenerator(dir);
  // The generator needs at least one token to start from.
  const raw = options.prompt === undefined || options.prompt === '' ? 'the ' : options.prompt;
  const prompt = lower ? raw.toLowerCase() : raw;
  const text = generator.generate({
    prompt,
    length: options.length ?? 300,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topK !== undefined ? { topK: options.topK } : {}),
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
    ...(options.greedy ? { greedy: true } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  return { prompt, text };
}
