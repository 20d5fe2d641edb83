/**
 * `lstm textgen train|sample`: a character- or word-level language model (registered; the
 * lead implements the bodies).
 */
import { type Command, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { choice, fraction, integer, nonEmpty, real } from '../parse.js';

/** Parsed options of `lstm textgen train` (besides the common ones). */
export interface TextgenTrainOptions {
  corpus?: string;
  level?: 'char' | 'word';
  seqLength?: number;
  validation?: number;
  maxChars?: number;
}

/** Parsed options of `lstm textgen sample` (besides the common ones). */
export interface TextgenSampleOptions {
  model?: string;
  prompt?: string;
  length?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  greedy?: boolean;
}

/** Registers `textgen` with its `train` and `sample` subcommands on `parent`. */
export function registerTextgen(parent: Command, rt: CliRuntime): Command {
  const group = parent
    .command('textgen')
    .description('train a character- or word-level LSTM language model, and sample text from it');
  group.addHelpText(
    'after',
    examples([
      ['lstm textgen train --corpus moby-dick --epochs 5', 'train on Moby-Dick'],
      ['lstm textgen sample --model lstm-textgen --prompt "Call me"', 'generate text'],
    ]),
  );

  const train = group
    .command('train')
    .description('train a language model on a corpus and save it to --out')
    .addOption(new Option('--corpus <moby-dick|path>', "built-in corpus 'moby-dick' or a text file").argParser(nonEmpty()))
    .addOption(new Option('--level <char|word>', 'tokens: characters or words').argParser(choice(['char', 'word'] as const)))
    .addOption(new Option('--seq-length <n>', 'tokens per training sequence').argParser(integer({ min: 1 })))
    .addOption(new Option('--validation <fraction>', 'held-out fraction of the corpus, in [0, 1)').argParser(fraction()))
    .addOption(new Option('--max-chars <n>', 'use at most this many characters of the corpus').argParser(integer({ min: 1 })));
  addCommonOptions(train);
  train.addHelpText(
    'after',
    examples([
      ['lstm textgen train --corpus moby-dick --epochs 5 --out lstm-textgen', 'character model on Moby-Dick'],
      ['lstm textgen train --corpus notes.txt --level word --seq-length 20', 'word model on your text'],
      ['lstm textgen train --corpus moby-dick --max-chars 200000 --units 128 --layers 2', 'a bigger model on part of the book'],
    ]),
  );
  train.action(rt.notImplemented());

  const sample = group
    .command('sample')
    .description('generate text from a trained language model')
    .addOption(new Option('--model <dir>', 'directory written by textgen train').argParser(nonEmpty()))
    .addOption(new Option('--prompt <text>', 'text to start from'))
    .addOption(new Option('--length <n>', 'tokens to generate').argParser(integer({ min: 1 })))
    .addOption(new Option('--temperature <x>', 'sampling temperature (> 0)').argParser(real({ min: 0, minExclusive: true })))
    .addOption(new Option('--top-k <n>', 'sample among the k most likely tokens').argParser(integer({ min: 1 })))
    .addOption(new Option('--top-p <x>', 'nucleus sampling: smallest set with probability >= p, in (0, 1]').argParser(real({ min: 0, max: 1, minExclusive: true })))
    .addOption(new Option('--greedy', 'always take the most likely token'));
  addCommonOptions(sample);
  sample.addHelpText(
    'after',
    examples([
      ['lstm textgen sample --model lstm-textgen --prompt "Call me" --length 300', 'sample 300 tokens'],
      ['lstm textgen sample --model lstm-textgen --temperature 0.5 --top-k 10', 'more conservative text'],
      ['lstm textgen sample --model lstm-textgen --greedy', 'deterministic continuation'],
    ]),
  );
  sample.action(rt.notImplemented());
  return group;
}
