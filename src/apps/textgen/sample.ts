/**
 * Text from a model saved by `lstm textgen train` (or `lstm demo`): the vocabulary travels
 * in the model file, and generation runs the model one token at a time with its state.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ValueError } from '../../tensor/errors.js';
import { loadModel } from '../../io/node.js';
import { Sequential } from '../../models/sequential.js';
import { TextGenerator } from '../../text/generator.js';
import { Vocabulary } from '../../text/vocabulary.js';

/** Options of {@link sampleFromSaved}; the sampling ones mean what they mean in `TextGenerator.generate`. */
export interface SampleFromSavedOptions {
  /** Text to continue, lower-cased when the training text was (default 'the ', or the most frequent token). */
  prompt?: string;
  /** Tokens to generate: characters or words (default 300). */
  length?: number;
  /** Sampling temperature > 0 (default 1). */
  temperature?: number;
  /** Keep only the k most likely tokens at each step. */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p, in (0, 1]. */
  topP?: number;
  /** Always take the most likely token (default false). */
  greedy?: boolean;
  /** Seed of the draws, for repeatable text. */
  seed?: number;
}

/** A saved text model ready to generate. */
export interface LoadedTextGenerator {
  /** The saved model wrapped for one-token-at-a-time generation. */
  generator: TextGenerator;
  /** The vocabulary saved with the model. */
  vocabulary: Vocabulary;
  /** Whether the training text was lower-cased (prompts are lower-cased the same way). */
  lower: boolean;
  /** The directory model.json was read from. */
  dir: string;
}

/** A prompt as the model will read it. */
export interface PreparedPrompt {
  /** The prompt after the model's lower-casing; the default when none was given. */
  prompt: string;
  /** Its distinct tokens outside the vocabulary (they are read as the unknown token). */
  unknown: string[];
  /** Why the model cannot read it at all (none of its tokens is known), else null. */
  problem: string | null;
}

/**
 * The folder holding model.json: `dir` itself, or its `model/` folder when `dir` is the run
 * directory `lstm textgen train --out` wrote (which holds the report beside `model/`).
 * @example resolveTextModelDir('lstm-textgen') // 'lstm-textgen/model'
 */
export function resolveTextModelDir(dir: string): string {
  if (existsSync(join(dir, 'model.json'))) return dir;
  if (existsSync(join(dir, 'model', 'model.json'))) return join(dir, 'model');
  if (!existsSync(dir)) throw new ValueError(`model directory '${dir}' does not exist`);
  throw new ValueError(`'${dir}' holds no model.json, nor model/model.json; expected the --out directory of 'lstm textgen train' or its model/ folder`);
}

/**
 * Loads a text model (model.json + weights.bin with a vocabulary) from `dir` or `dir/model`.
 * @example
 * const { generator } = await loadTextGenerator('lstm-demo-out');
 * console.log(generator.generate({ prompt: 'the whale', length: 200 }));
 */
export async function loadTextGenerator(dir: string): Promise<LoadedTextGenerator> {
  const modelDir = resolveTextModelDir(dir);
  const { model, extra } = await loadModel(modelDir);
  const meta = (extra as { lstmTs?: { kind?: string; vocabulary?: unknown; settings?: { lower?: boolean } } } | undefined)?.lstmTs;
  if (!meta || meta.kind !== 'textgen' || meta.vocabulary === undefined) {
    throw new ValueError(`'${modelDir}' holds a model without a text vocabulary; expected a directory written by 'lstm textgen train' or 'lstm demo'`);
  }
  // The generator steps a stateful layer stack one token at a time, which needs a Sequential.
  if (!(model instanceof Sequential)) {
    throw new ValueError(`loadTextGenerator: argument 'dir' ('${modelDir}'): expected a sequential model saved by textgen, got a functional model`);
  }
  const vocabulary = Vocabulary.fromJSON(meta.vocabulary);
  return { generator: new TextGenerator(model, vocabulary), vocabulary, lower: meta.settings?.lower !== false, dir: modelDir };
}

/** `'@'`, with control characters escaped so that they can be seen. */
function quote(token: string): string {
  return `'${JSON.stringify(token).slice(1, -1)}'`;
}

function quoteList(tokens: readonly string[], limit: number): string {
  const shown = tokens.slice(0, limit).map(quote).join(', ');
  return tokens.length > limit ? `${shown} and ${tokens.length - limit} more` : shown;
}

/**
 * Lower-cases `raw` as the training text was, and finds what the vocabulary does not know.
 * Without a prompt the generator starts from 'the ', or from the most frequent token when
 * the corpus had no such word.
 * @example preparePrompt(loaded, 'Call me').prompt // 'call me'
 */
export function preparePrompt(loaded: Pick<LoadedTextGenerator, 'vocabulary' | 'lower'>, raw?: string): PreparedPrompt {
  const { vocabulary } = loaded;
  let prompt: string;
  if (raw === undefined || raw === '') {
    prompt = vocabulary.unknownTokens('the ').length === 0 ? 'the ' : vocabulary.tokenOf(Math.min(1, vocabulary.size - 1));
  } else {
    prompt = loaded.lower ? raw.toLowerCase() : raw;
  }
  const unknown = vocabulary.unknownTokens(prompt);
  const unit = vocabulary.level === 'char' ? 'character' : 'word';
  const known = vocabulary.tokens.slice(1);
  const ids = vocabulary.encode(prompt);
  let problem: string | null = null;
  if (ids.length === 0) {
    problem = `expected text with at least one ${unit}, got ${JSON.stringify(prompt)}`;
  } else if (ids.every((id) => id === vocabulary.unknownId)) {
    problem =
      `has no ${unit} the model knows: ${quoteList(unknown, 20)} ${unknown.length === 1 ? 'is' : 'are'} not in its vocabulary of ${known.length} ${unit}s ` +
      `(${vocabulary.level === 'char' ? 'they include' : 'the most frequent are'} ${quoteList(known, vocabulary.level === 'char' ? 40 : 12)}); expected text with at least one of them`;
  }
  return { prompt, unknown, problem };
}

/**
 * The one-line warning for a prompt with some unknown tokens, or null when all are known.
 * @example
 * const warning = unknownPromptWarning(preparePrompt(loaded, 'Ahab!'), loaded.vocabulary);
 * if (warning) console.error(warning);
 */
export function unknownPromptWarning(prepared: PreparedPrompt, vocabulary: Vocabulary): string | null {
  if (prepared.unknown.length === 0) return null;
  const unit = vocabulary.level === 'char' ? 'character' : 'word';
  const n = prepared.unknown.length;
  return `warning: the prompt has ${n} ${unit}${n === 1 ? '' : 's'} outside the model's vocabulary, read as the unknown token ${quote(vocabulary.unknown)}: ${quoteList(prepared.unknown, 20)}`;
}

/**
 * Generates after a prepared prompt; the returned text starts with the separator a word
 * needs after the prompt, so `prompt + text` reads as one text.
 * @example
 * const loaded = await loadTextGenerator('lstm-demo-out');
 * const { prompt } = preparePrompt(loaded, 'Call me');
 * console.log(prompt + generateAfter(loaded, prompt, { length: 100, seed: 1 }));
 */
export function generateAfter(loaded: LoadedTextGenerator, prompt: string, options: Omit<SampleFromSavedOptions, 'prompt'> = {}): string {
  const ids = loaded.generator.generateIds({
    prompt,
    length: options.length ?? 300,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topK !== undefined ? { topK: options.topK } : {}),
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
    ...(options.greedy ? { greedy: true } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  return loaded.vocabulary.decodeAfter(prompt, ids);
}

/**
 * Generates a continuation of `prompt`; `prompt + text` is the whole text (for words, `text`
 * starts with the space between them). Throws when the model knows none of the prompt;
 * `unknown` lists the prompt's tokens it read as the unknown token.
 * @example await sampleFromSaved('lstm-demo-out', { prompt: 'call me ' })
 */
export async function sampleFromSaved(
  dir: string,
  options: SampleFromSavedOptions = {},
): Promise<{
  /** The prompt as the model read it (lower-cased, or the default). */
  prompt: string;
  /** The generated continuation; `prompt + text` is the whole text. */
  text: string;
  /** The prompt's distinct tokens that the vocabulary lacks (read as the unknown token). */
  unknown: string[];
}> {
  const loaded = await loadTextGenerator(dir);
  const prepared = preparePrompt(loaded, options.prompt);
  if (prepared.problem) throw new ValueError(`sampleFromSaved: option 'prompt' ${prepared.problem}`);
  return { prompt: prepared.prompt, text: generateAfter(loaded, prepared.prompt, options), unknown: prepared.unknown };
}
