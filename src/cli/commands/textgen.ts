/**
 * `lstm textgen train|sample`: a character- or word-level language model. `train` writes
 * the model (model.json + weights.bin with the vocabulary), loss.svg, report.html and
 * result.json into --out; `sample` generates from such a model one token at a time.
 */
import { runTextgen, validationSummary } from '../../apps/textgen/run.js';
import { generateAfter, loadTextGenerator, preparePrompt, unknownPromptWarning } from '../../apps/textgen/sample.js';
import { type Command, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { choice, integer, nonEmpty, real } from '../parse.js';
import { UsageError } from '../errors.js';
import { OPTION_RANGES as R } from '../ranges.js';

/** Parsed options of `lstm textgen train` (besides the common ones). */
export interface TextgenTrainOptions {
  corpus?: string;
  level?: 'char' | 'word';
  seqLength?: number;
  validation?: number;
  maxChars?: number;
  trainTokens?: number;
  evalEvery?: number;
  embeddingInit?: 'normal' | 'keras';
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
    .addOption(new Option('--seq-length <n>', 'tokens per training sequence, in [1, 1000]').argParser(integer(R.seqLength)))
    .addOption(new Option('--validation <fraction>', 'held-out fraction of the corpus, in [0, 0.9]; 0: no validation').argParser(real(R.textValidation)))
    .addOption(new Option('--max-chars <n>', 'use at most this many characters of the corpus').argParser(integer(R.maxChars)))
    .addOption(new Option('--train-tokens <n>', 'stop after this many training tokens (instead of --epochs passes)').argParser(integer(R.trainTokens)))
    .addOption(new Option('--eval-every <n>', 'validate and print a sample every n training tokens').argParser(integer(R.evalEvery)))
    .addOption(new Option('--embedding-init <normal|keras>', "embedding initialisation: N(0,1) as PyTorch (default) or Keras's uniform(-0.05, 0.05)").argParser(choice(['normal', 'keras'] as const)));
  addCommonOptions(train, { out: 'lstm-textgen', units: 256, layers: 1, batchSize: 32, lr: 0.002, epochs: 1 });
  train.addHelpText(
    'after',
    examples([
      ['lstm textgen train --corpus moby-dick --epochs 5 --out lstm-textgen', 'character model on Moby-Dick'],
      ['lstm textgen train --corpus notes.txt --level word --seq-length 20', 'word model on your text'],
      ['lstm textgen train --corpus moby-dick --max-chars 200000 --units 128 --layers 2', 'a bigger model on part of the book'],
    ]),
  );
  train.action(
    rt.runAction<TextgenTrainOptions>(async (ctx, opts) => {
      const outDir = await ctx.ensureOutDir();
      const result = await runTextgen({
        corpus: opts.corpus ?? 'moby-dick',
        level: opts.level ?? 'char',
        ...(opts.seqLength ? { seqLength: opts.seqLength } : {}),
        ...(opts.validation !== undefined ? { validation: opts.validation } : {}),
        ...(opts.maxChars ? { maxChars: opts.maxChars } : {}),
        ...(opts.trainTokens ? { trainTokens: opts.trainTokens } : { epochs: ctx.common.epochs ?? 1 }),
        ...(opts.evalEvery ? { evalEvery: opts.evalEvery } : {}),
        ...(opts.embeddingInit ? { embeddingInit: opts.embeddingInit } : {}),
        units: ctx.common.units ?? 256,
        layers: ctx.common.layers ?? 1,
        dropout: ctx.common.dropout ?? 0,
        batchSize: ctx.common.batchSize ?? 32,
        learningRate: ctx.common.lr ?? 0.002,
        seed: ctx.seed,
        outDir,
        resolvePath: ctx.resolvePath,
        progress: ctx.progressStream ? (line, transient) => ctx.stderr.write(transient ? `\r${line}\u001b[K` : `${line}\n`) : null,
      });
      const { json, run } = result;
      const unit = run.settings.level === 'char' ? 'char' : 'word';
      const last = run.evaluations.at(-1)!;
      const text = [
        `Corpus: ${result.corpusName}; ${run.corpus.trainTokens} training and ${run.corpus.validationTokens} validation ${unit}s; vocabulary ${run.vocabulary.size}`,
        `Model: ${run.model.countParams()} parameters; ${run.tokens} training ${unit}s in ${run.trainSeconds.toFixed(1)} s (${(run.tokens / run.trainSeconds).toFixed(0)} ${unit}s/s)`,
        validationSummary(last, run.unigramBaseline, unit),
        `Sample: ${JSON.stringify(last.sample)}`,
        `Wrote ${result.files.model}/model.json, ${result.files.report}, ${result.files.lossChart}, ${result.files.result}`,
      ].join('\n');
      return { text, json };
    }),
  );

  const sample = group
    .command('sample')
    .description('generate text from a trained language model')
    .addOption(new Option('--model <dir>', 'the --out directory of textgen train, or the model/ folder inside it').argParser(nonEmpty()))
    .addOption(new Option('--prompt <text>', 'text to start from'))
    .addOption(new Option('--length <n>', 'tokens to generate, in [1, 1000000] (default 300)').argParser(integer(R.sampleLength)))
    .addOption(new Option('--temperature <x>', 'sampling temperature, in [0.01, 100] (default 1)').argParser(real(R.temperature)))
    .addOption(new Option('--top-k <n>', 'sample among the k most likely tokens').argParser(integer(R.topK)))
    .addOption(new Option('--top-p <x>', 'nucleus sampling: smallest set with probability >= p, in (0, 1]').argParser(real(R.topP)))
    .addOption(new Option('--greedy', 'always take the most likely token'));
  addCommonOptions(sample, { out: undefined });
  sample.addHelpText(
    'after',
    examples([
      ['lstm textgen sample --model lstm-textgen --prompt "Call me" --length 300', 'sample 300 tokens'],
      ['lstm textgen sample --model lstm-textgen --temperature 0.5 --top-k 10', 'more conservative text'],
      ['lstm textgen sample --model lstm-textgen --greedy', 'deterministic continuation'],
    ]),
  );
  sample.action(
    rt.runAction<TextgenSampleOptions>(async (ctx, opts) => {
      if (!opts.model) throw new UsageError("option '--model <dir>' is required");
      const loaded = await loadTextGenerator(ctx.resolvePath(opts.model));
      const prepared = preparePrompt(loaded, opts.prompt);
      const { prompt, unknown } = prepared;
      // The prompt is the one thing to change on the command line, so this is a usage error.
      if (prepared.problem) throw new UsageError(`option '--prompt' ${prepared.problem}`);
      const warning = unknownPromptWarning(prepared, loaded.vocabulary);
      if (warning) ctx.stderr.write(`${ctx.command}: ${warning}\n`);
      const text = generateAfter(loaded, prompt, {
        ...(opts.length !== undefined ? { length: opts.length } : {}),
        ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
        ...(opts.topK !== undefined ? { topK: opts.topK } : {}),
        ...(opts.topP !== undefined ? { topP: opts.topP } : {}),
        ...(opts.greedy ? { greedy: true } : {}),
        seed: ctx.seed,
      });
      return { text: prompt + text, json: { prompt, text, unknown } };
    }),
  );
  return group;
}
