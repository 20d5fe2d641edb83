/**
 * `lstm translate`: an encoder-decoder LSTM trained with and without attention on dates in
 * many formats → ISO (default) or on a TSV of parallel text, scored on held-out pairs with
 * greedy and beam-search decoding against the copy baseline. Writes attention.svg, loss.svg,
 * report.html, report.md and result.json into --out.
 */
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { translate, type TranslateVariant } from '../../apps/translate/translate.js';
import { readPairsFile } from '../../apps/translate/pairs.js';
import { translateFiles, translateSummary } from '../../apps/translate/report.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { UsageError } from '../errors.js';
import { choice, integer, nonEmpty, real } from '../parse.js';
import { OPTION_RANGES as R } from '../ranges.js';

/** Parsed options of `lstm translate` (besides the common ones). */
export interface TranslateCommandOptions {
  pairs?: string;
  samples?: number;
  test?: number;
  maxLength?: number;
  beam?: number;
  lengthPenalty?: number;
  embeddingDim?: number;
  only?: TranslateVariant;
}

/** Registers `translate` on `parent`. */
export function registerTranslate(parent: Command, rt: CliRuntime): Command {
  const cmd = parent
    .command('translate')
    .description('train an encoder-decoder LSTM with and without attention (dates → ISO, or your TSV pairs) and score it on held-out pairs')
    .addOption(new Option('--pairs <file.tsv>', 'parallel text, one source<TAB>target[<TAB>attribution] a line (Tatoeba/manythings format); default: generated dates').argParser(nonEmpty()))
    .addOption(new Option('--samples <n>', `date pairs to generate, or most pairs used from --pairs (${R.translateSamples.min} to ${R.translateSamples.max})`).argParser(integer(R.translateSamples)).default(5000))
    .addOption(new Option('--test <f>', `held-out test fraction, in (0, ${R.splitFraction.max}]`).argParser(real(R.splitFraction)).default(0.2))
    .addOption(new Option('--max-length <n>', `leave out pairs with a side longer than n characters (1 to ${R.translateMaxLength.max})`).argParser(integer(R.translateMaxLength)).default(40))
    .addOption(new Option('--beam <k>', `beam width of beam-search decoding (1 to ${R.beamWidth.max}; 1 is greedy)`).argParser(integer(R.beamWidth)).default(3))
    .addOption(new Option('--length-penalty <a>', `beam search ranks finished outputs by logP / length^a (0 to ${R.lengthPenalty.max})`).argParser(real(R.lengthPenalty)).default(1))
    .addOption(new Option('--embedding-dim <n>', `width of the character embeddings (1 to ${R.embeddingDim.max})`).argParser(integer(R.embeddingDim)).default(32))
    .addOption(new Option('--only <attention|plain>', 'train only one of the two models').argParser(choice(['attention', 'plain'] as const)));
  addCommonOptions(cmd, { out: 'lstm-translate-out', units: 64, epochs: 10, batchSize: 64, lr: 0.005, dropout: 0 });
  cmd.addHelpText(
    'after',
    examples([
      ['lstm translate', 'dates in 17 formats → ISO, with and without attention'],
      ['lstm translate --beam 5 --epochs 15 --json', 'wider beam, longer training, JSON result'],
      ['lstm translate --pairs fra.txt --samples 20000 --max-length 30', 'English → French from manythings.org'],
    ]),
  );
  cmd.action(
    rt.runAction<TranslateCommandOptions>(async (ctx, opts) => {
      const c = ctx.common;
      if (c.layers !== undefined && c.layers !== 1) {
        throw new UsageError(`option '--layers' ${c.layers}: translate uses one encoder and one decoder layer; leave out --layers or give 1`);
      }
      if (c.units !== undefined && c.units % 2 !== 0) {
        throw new UsageError(`option '--units' ${c.units}: expected an even number (each direction of the encoder gets half)`);
      }
      if (c.units !== undefined && c.units < 2) throw new UsageError(`option '--units' ${c.units}: expected at least 2 (each direction of the encoder gets half)`);
      const pairs = opts.pairs ? readPairsFile(ctx.resolvePath(opts.pairs)) : undefined;
      const source = opts.pairs
        ? `${opts.pairs} (${pairs!.length} pairs)`
        : `dates in many formats → ISO, generated from the grammar with seed ${ctx.seed}`;
      // Before training: a bad --out must not cost a training run.
      const outDir = await ctx.ensureOutDir();
      ctx.progress(`lstm translate: ${source} ...`);
      const start = performance.now();
      const result = await translate({
        ...(pairs ? { pairs } : {}),
        ...(opts.samples !== undefined ? { samples: opts.samples } : {}),
        ...(opts.test !== undefined ? { test: opts.test } : {}),
        ...(opts.maxLength !== undefined ? { maxLength: opts.maxLength } : {}),
        ...(opts.beam !== undefined ? { beamWidth: opts.beam } : {}),
        ...(opts.lengthPenalty !== undefined ? { lengthPenalty: opts.lengthPenalty } : {}),
        ...(opts.embeddingDim !== undefined ? { embeddingDim: opts.embeddingDim } : {}),
        ...(opts.only ? { variants: [opts.only] } : {}),
        units: c.units ?? 64,
        epochs: c.epochs ?? 10,
        batchSize: c.batchSize ?? 64,
        learningRate: c.lr ?? 0.005,
        dropout: c.dropout ?? 0,
        seed: ctx.seed,
        onProgress: (line) => ctx.progress(line),
      });
      const seconds = (performance.now() - start) / 1000;
      const files = await translateFiles(result, source);
      const models = Object.fromEntries(
        Object.entries(result.models).map(([v, r]) => [v, { greedy: r.greedy, beam: r.beam, perFormat: r.perFormat, trainSeconds: r.trainSeconds, trainCpuSeconds: r.trainCpuSeconds, decodeSeconds: r.decodeSeconds, parameters: r.parameters, loss: r.history['loss'] }]),
      );
      const json = {
        task: result.task,
        source,
        samples: result.samples,
        vocab: result.vocab,
        lengths: result.lengths,
        settings: result.settings,
        copyBaseline: result.copyBaseline,
        models,
        attentionMap: result.attentionMap,
        seconds,
        files: [...Object.keys(files), 'result.json'].map((f) => join(outDir, f)),
      };
      for (const [name, content] of Object.entries(files)) await writeFileAtomic(join(outDir, name), content);
      await writeFileAtomic(join(outDir, 'result.json'), `${JSON.stringify(json, null, 2)}\n`);
      const text = [translateSummary(result, source), '', `Done in ${seconds.toFixed(1)} s. Wrote ${json.files.join(', ')}`].join('\n');
      return { text, json };
    }),
  );
  return cmd;
}
