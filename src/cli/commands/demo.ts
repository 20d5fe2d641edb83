/**
 * `lstm demo` (also `npm start`): the main job on a bundled default. A character-level LSTM
 * learns Moby-Dick within a time budget (3 minutes by default), printing samples as it
 * improves, then saves the model and writes an HTML report, and says where everything went.
 */
import { runTextgen } from '../../apps/textgen/run.js';
import { type Command, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { real } from '../parse.js';
import { OPTION_RANGES as R } from '../ranges.js';

/** Parsed options of `lstm demo` (common options included). */
export interface DemoOptions {
  minutes: number;
  units?: number;
  out: string;
  seed: number;
  epochs?: number;
  batchSize?: number;
  layers?: number;
  dropout?: number;
  lr?: number;
  json?: boolean;
}

/** Registers `demo` on `parent`. */
export function registerDemo(parent: Command, rt: CliRuntime): Command {
  const cmd = parent
    .command('demo')
    .description('train a character-level LSTM on Moby-Dick within a time budget, print samples as it learns, save it and write a report')
    .addOption(new Option('--minutes <n>', `time budget in minutes, in (0, ${R.minutes.max}]`).argParser(real(R.minutes)).default(3));
  addCommonOptions(cmd, { out: 'lstm-demo-out', units: 128, layers: 1, batchSize: 32, lr: 0.003 });
  cmd.addHelpText(
    'after',
    examples([
      ['lstm demo', 'about 3 minutes, results in ./lstm-demo-out'],
      ['lstm demo --minutes 1 --units 32', 'a quicker, smaller run'],
      ['lstm demo --out /tmp/demo --json', 'a JSON summary on stdout'],
    ]),
  );
  cmd.action(
    rt.runAction<DemoOptions>(async (ctx, opts) => {
      const outDir = await ctx.ensureOutDir();
      const seconds = opts.minutes * 60;
      // Evaluations and sampling take time too: train for about 85% of the budget.
      const trainBudget = seconds * 0.85;
      if (!ctx.json) {
        ctx.stdout.write(
          `lstm demo: a character-level LSTM (${ctx.common.units ?? 128} units) learns Moby-Dick for about ${opts.minutes} minute(s).\n` +
            'Samples below are generated with temperature 0.6 from the prompt "the whale ".\n\n',
        );
      }
      const result = await runTextgen({
        title: 'lstm demo: a character-level LSTM on Moby-Dick',
        corpus: 'moby-dick',
        level: 'char',
        seqLength: 64,
        units: ctx.common.units ?? 128,
        layers: ctx.common.layers ?? 1,
        dropout: ctx.common.dropout ?? 0,
        batchSize: ctx.common.batchSize ?? 32,
        learningRate: ctx.common.lr ?? 0.003,
        seed: ctx.seed,
        // The time budget ends the run; the token budget is only a ceiling.
        ...(ctx.common.epochs ? { epochs: ctx.common.epochs } : { trainTokens: 50_000_000 }),
        timeBudgetSeconds: trainBudget,
        // Six samples over the run, by time rather than by tokens.
        evalEverySeconds: Math.max(5, trainBudget / 6),
        evalEvery: Number.MAX_SAFE_INTEGER,
        validationTokens: 20_000,
        outDir,
        progress: ctx.progressStream ? (line, transient) => (transient ? ctx.stderr.write(`\r${line}\u001b[K`) : undefined) : null,
        onEvaluation: (p) => {
          if (ctx.json) return;
          if (ctx.progressStream) ctx.stderr.write('\r\u001b[K');
          ctx.stdout.write(`after ${p.tokens.toLocaleString('en-US')} chars (${p.seconds.toFixed(0)} s): validation ${p.validationLoss.toFixed(3)} nats/char\n  ${JSON.stringify(p.sample)}\n\n`);
        },
      });
      const { run, files } = result;
      const last = run.evaluations.at(-1)!;
      const text = [
        `Trained ${run.tokens.toLocaleString('en-US')} characters in ${run.trainSeconds.toFixed(0)} s (${(run.tokens / run.trainSeconds).toFixed(0)} chars/s); validation cross-entropy ${last.validationLoss.toFixed(3)} nats/char on the first 20,000 validation characters (unigram baseline ${run.unigramBaseline.toFixed(3)}).`,
        '',
        'Where everything went:',
        `  model (tfjs layers format + vocabulary): ${files.model}/model.json`,
        `  report (loss curves, samples, settings, timings): ${files.report}`,
        `  loss chart: ${files.lossChart}`,
        `  numbers: ${files.result}`,
        '',
        `Generate more: lstm textgen sample --model ${files.model} --prompt "call me ishmael" --length 300`,
      ].join('\n');
      return { text, json: result.json };
    }),
  );
  return cmd;
}
