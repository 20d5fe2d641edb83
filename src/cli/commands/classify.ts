/**
 * `lstm classify`: sentence classification with an embedding + (bi)LSTM, next to the
 * majority class, a bag-of-words logistic regression and (for two classes) a lexicon scorer.
 * Writes confusion.svg, loss.svg, report.html and result.json into --out.
 */
import { join } from 'node:path';
import { MAX_CLASSES, classifyTexts } from '../../apps/classify/classify.js';
import { loadLabelledTexts } from '../../apps/classify/data.js';
import { lexiconScore } from '../../apps/classify/lexicon.js';
import { classifyFiles, classifySummary } from '../../apps/classify/report.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { type Command, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { UsageError } from '../errors.js';
import { choice, integer, nonEmpty } from '../parse.js';
import { OPTION_RANGES as R, checkModelSize } from '../ranges.js';

/** Parsed options of `lstm classify` (besides the common ones). */
export interface ClassifyCommandOptions {
  data?: string;
  textColumn?: string;
  labelColumn?: string;
  tokens?: 'word' | 'char';
  bidirectional?: boolean;
  maxLen?: number;
  vocabSize?: number;
  predict?: string[];
}

/** Registers `classify` on `parent`. */
export function registerClassify(parent: Command, rt: CliRuntime): Command {
  const cmd = parent
    .command('classify')
    .description('train an LSTM text classifier (e.g. sentiment) and evaluate or apply it')
    .addOption(new Option('--data <uci-sentiment|path>', "built-in 'uci-sentiment' or a CSV/TSV file").argParser(nonEmpty()))
    .addOption(new Option('--text-column <name>', 'column with the text').argParser(nonEmpty()))
    .addOption(new Option('--label-column <name>', 'column with the label').argParser(nonEmpty()))
    .addOption(new Option('--tokens <word|char>', 'split text into words or characters').argParser(choice(['word', 'char'] as const)))
    .addOption(new Option('--bidirectional', 'read each sentence in both directions'))
    .addOption(new Option('--max-len <n>', `tokens per sentence (longer ones are cut, shorter padded; at most ${R.maxLen.max})`).argParser(integer(R.maxLen)))
    .addOption(new Option('--vocab-size <n>', `keep the most frequent tokens (2 to ${R.vocabSize.max})`).argParser(integer(R.vocabSize)))
    .addOption(new Option('--predict <sentence...>', 'classify these sentences after training'));
  addCommonOptions(cmd, { out: 'lstm-classify-out', units: 64, epochs: 15, batchSize: 32, lr: 0.002 });
  cmd.addHelpText(
    'after',
    examples([
      ['lstm classify --data uci-sentiment --epochs 10', 'sentiment of product reviews'],
      ['lstm classify --data uci-sentiment --bidirectional --predict "great phone" "awful battery"', 'then classify two sentences'],
      ['lstm classify --data reviews.csv --text-column text --label-column stars --json', 'your own data'],
    ]),
  );
  cmd.action(
    rt.runAction<ClassifyCommandOptions>(async (ctx, opts) => {
      if (opts.bidirectional) checkModelSize(ctx.common.units, ctx.common.layers, 2);
      const data = loadLabelledTexts(
        { data: opts.data ?? 'uci-sentiment', ...(opts.textColumn ? { textColumn: opts.textColumn } : {}), ...(opts.labelColumn ? { labelColumn: opts.labelColumn } : {}) },
        ctx.resolvePath,
      );
      const distinct = new Set(data.labels).size;
      if (distinct > MAX_CLASSES) {
        const column = opts.labelColumn ?? 'label';
        throw new UsageError(
          `column '${column}' has ${distinct} distinct labels; classify supports at most ${MAX_CLASSES}; is it the text column? (choose the columns with --text-column and --label-column)`,
        );
      }
      // Before training: a bad --out must not cost a training run.
      const outDir = await ctx.ensureOutDir();
      const bundled = (opts.data ?? 'uci-sentiment') === 'uci-sentiment';
      const settings = {
        data: opts.data ?? 'uci-sentiment',
        tokens: opts.tokens ?? 'word',
        bidirectional: opts.bidirectional === true,
        ...(opts.maxLen ? { maxLen: opts.maxLen } : {}),
        vocabSize: opts.vocabSize ?? 10_000,
        units: ctx.common.units ?? 64,
        layers: ctx.common.layers ?? 1,
        dropout: ctx.common.dropout ?? 0,
        epochs: ctx.common.epochs ?? 15,
        batchSize: ctx.common.batchSize ?? 32,
        learningRate: ctx.common.lr ?? 0.002,
        seed: ctx.seed,
      };
      ctx.progress(`lstm classify: training on ${data.texts.length} texts ...`);
      const start = performance.now();
      const result = await classifyTexts({
        texts: data.texts,
        labels: data.labels,
        ...settings,
        // The AFINN lexicon scores English sentiment; it is a baseline only for the bundled set.
        ...(bundled ? { lexicon: lexiconScore } : {}),
      });
      const seconds = (performance.now() - start) / 1000;
      const lstmName = `${settings.bidirectional ? 'bidirectional ' : ''}LSTM(${settings.units})`;
      const predictions = (opts.predict ?? []).map((text, i) => {
        const probs = result.predict([text])[0]!;
        const best = probs.reduce((b, p, k) => (p > probs[b]! ? k : b), 0);
        return { text, label: result.classes[best]!, probability: probs[best]!, index: i };
      });
      const summary = classifySummary(result, data.source, lstmName, predictions);
      const files = await classifyFiles(result, summary, settings, lstmName);
      const json = {
        source: data.source,
        classes: result.classes,
        settings,
        samples: result.samples,
        vocabulary: result.vocabulary,
        maxLen: result.maxLen,
        test: result.test,
        epochsRun: result.history['loss']?.length ?? 0,
        predictions: predictions.map(({ text, label, probability }) => ({ text, label, probability })),
        seconds,
        files: [...Object.keys(files), 'result.json'].map((f) => join(outDir, f)),
      };
      for (const [name, content] of Object.entries(files)) await writeFileAtomic(join(outDir, name), content);
      await writeFileAtomic(join(outDir, 'result.json'), `${JSON.stringify(json, null, 2)}\n`);
      const text = [summary, '', `Trained in ${seconds.toFixed(1)} s (${json.epochsRun} epochs, early stopping on validation loss).`, `Wrote ${json.files.join(', ')}`].join('\n');
      return { text, json };
    }),
  );
  return cmd;
}
