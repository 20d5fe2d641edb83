/**
 * `lstm forecast`: time-series forecasting against baselines, on a bundled series or a CSV.
 * Writes forecast.svg, loss.svg, report.html and result.json into --out; with several
 * targets (`--target a,b`) one forecast-<target>.svg per target instead of forecast.svg.
 */
import { join } from 'node:path';
import { forecast } from '../../apps/forecast/forecast.js';
import { forecastFiles, forecastSummary } from '../../apps/forecast/report.js';
import { loadSeries } from '../../apps/forecast/series.js';
import type { ForecastLoss } from '../../apps/forecast/targets.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { UsageError } from '../errors.js';
import { describeRange, integer, nameList, nonEmpty, parseDecimal, real } from '../parse.js';
import { MAX_HELD_OUT, OPTION_RANGES as R, checkHeldOut } from '../ranges.js';

/** The short loss names `--loss` takes, and the losses they stand for. */
const LOSS_FLAGS: Record<string, ForecastLoss> = { mse: 'meanSquaredError', mae: 'meanAbsoluteError', huber: 'huber' };

/** Parser of `--loss mse,mae`: one short loss name per target (or one for all). */
function lossList(): (value: string) => ForecastLoss[] {
  return (value) => {
    const names = value.split(',').map((s) => s.trim());
    if (names.some((n) => !Object.prototype.hasOwnProperty.call(LOSS_FLAGS, n))) {
      throw new InvalidArgumentError(`expected comma-separated loss names, each one of ${Object.keys(LOSS_FLAGS).map((n) => `'${n}'`).join(', ')}`);
    }
    return names.map((n) => LOSS_FLAGS[n]!);
  };
}

/** Parser of `--loss-weights 1,0.5`: comma-separated numbers in the documented range. */
function weightList(): (value: string) => number[] {
  const expected = `comma-separated numbers, each ${describeRange('a number', R.lossWeight).replace(/^a number /, '')}`;
  return (value) => {
    const weights = value.split(',').map(parseDecimal);
    if (weights.some((w) => w === null || w < R.lossWeight.min || w > R.lossWeight.max)) throw new InvalidArgumentError(`expected ${expected}`);
    return weights as number[];
  };
}

/** Parsed options of `lstm forecast` (besides the common ones). */
export interface ForecastCommandOptions {
  data?: string;
  dateColumn?: string;
  /** One column, or several (comma-separated on the command line). */
  target?: string[];
  loss?: ForecastLoss[];
  lossWeights?: number[];
  features?: string[];
  window?: number;
  horizon?: number;
  stride?: number;
  validation?: number;
  test?: number;
}

/** Registers `forecast` on `parent`. */
export function registerForecast(parent: Command, rt: CliRuntime): Command {
  const cmd = parent
    .command('forecast')
    .description('forecast a time series with an LSTM and compare it with naive and linear baselines')
    .addOption(new Option('--data <co2|seattle-weather|sp500|path.csv>', 'built-in data set or a CSV file').argParser(nonEmpty()))
    .addOption(new Option('--date-column <name>', 'CSV column with the dates').argParser(nonEmpty()))
    .addOption(new Option('--target <name|a,b>', 'column to forecast; several comma-separated train one model with a head per column').argParser(nameList()))
    .addOption(new Option('--loss <mse|mae|huber>', 'loss of each target\'s head: one for all, or comma-separated one per target (default mse)').argParser(lossList()))
    .addOption(new Option('--loss-weights <a,b>', `weight of each target's loss in the total, one per target (each 0 to ${R.lossWeight.max}; default 1 each)`).argParser(weightList()))
    .addOption(new Option('--features <a,b>', 'extra input columns, comma-separated').argParser(nameList()))
    .addOption(new Option('--window <n>', `past steps the model sees (1 to ${R.window.max})`).argParser(integer(R.window)))
    .addOption(new Option('--horizon <n>', `future steps predicted at once (1 to ${R.horizon.max})`).argParser(integer(R.horizon)))
    .addOption(new Option('--stride <n>', `steps between consecutive windows (1 to ${R.stride.max})`).argParser(integer(R.stride)))
    .addOption(new Option('--validation <f>', `validation fraction, in (0, ${R.splitFraction.max}]`).argParser(real(R.splitFraction)))
    .addOption(new Option('--test <f>', `held-out test fraction at the end, in (0, ${R.splitFraction.max}]; with --validation at most ${MAX_HELD_OUT}`).argParser(real(R.splitFraction)));
  addCommonOptions(cmd, { out: 'lstm-forecast-out', units: 32, epochs: 60, batchSize: 32, lr: 0.003 });
  cmd.addHelpText(
    'after',
    examples([
      ['lstm forecast --data co2 --window 24', 'monthly CO2 at Mauna Loa'],
      ['lstm forecast --data seattle-weather --target temp_max --features precipitation,wind', 'with extra inputs'],
      ['lstm forecast --data seattle-weather --target temp_max,precipitation --loss-weights 1,0.5', 'two targets, one head each'],
      ['lstm forecast --data prices.csv --date-column date --target close --horizon 5 --json', 'your CSV, JSON result'],
    ]),
  );
  cmd.action(
    rt.runAction<ForecastCommandOptions>(async (ctx, opts) => {
      checkHeldOut({ '--validation': opts.validation ?? 0.1, '--test': opts.test ?? 0.1 });
      // One name keeps the single-target run (and its files) exactly as it was.
      const target = opts.target && opts.target.length === 1 ? opts.target[0]! : opts.target;
      const loaded = loadSeries(
        { data: opts.data ?? 'co2', ...(opts.dateColumn ? { dateColumn: opts.dateColumn } : {}), ...(target ? { target } : {}), ...(opts.features ? { features: opts.features } : {}) },
        ctx.resolvePath,
      );
      const targets = Array.isArray(target) ? target : [loaded.series.names[0]!];
      const multi = targets.length > 1;
      if (opts.lossWeights && !multi) {
        throw new UsageError(`option '--loss-weights' weighs the losses of several targets; give it with --target a,b (one target has one loss)`);
      }
      if (opts.lossWeights && opts.lossWeights.length !== targets.length) {
        throw new UsageError(`option '--loss-weights' expected ${targets.length} numbers (one per target: ${targets.join(', ')}), got ${opts.lossWeights.length}`);
      }
      if (opts.lossWeights?.every((w) => w === 0)) throw new UsageError(`option '--loss-weights' are all 0; at least one target must count in the loss`);
      if (opts.loss && opts.loss.length !== 1 && opts.loss.length !== targets.length) {
        throw new UsageError(`option '--loss' expected 1 name or ${targets.length} (one per target: ${targets.join(', ')}), got ${opts.loss.length}`);
      }
      const loss = opts.loss ? (opts.loss.length === 1 ? opts.loss[0]! : opts.loss) : undefined;
      const settings = {
        data: opts.data ?? 'co2',
        window: opts.window ?? 24,
        horizon: opts.horizon ?? 1,
        stride: opts.stride ?? 1,
        validation: opts.validation ?? 0.1,
        test: opts.test ?? 0.1,
        units: ctx.common.units ?? 32,
        layers: ctx.common.layers ?? 1,
        dropout: ctx.common.dropout ?? 0,
        epochs: ctx.common.epochs ?? 60,
        batchSize: ctx.common.batchSize ?? 32,
        learningRate: ctx.common.lr ?? 0.003,
        seed: ctx.seed,
        ...(multi ? { target: targets } : {}),
        ...(loss !== undefined ? { loss } : {}),
        ...(opts.lossWeights ? { lossWeights: opts.lossWeights } : {}),
      };
      // Before training: a bad --out must not cost a training run.
      const outDir = await ctx.ensureOutDir();
      ctx.progress(`lstm forecast: training on ${loaded.source} ...`);
      const start = performance.now();
      const result = await forecast({ series: loaded.series, ...settings });
      const seconds = (performance.now() - start) / 1000;
      const files = await forecastFiles(result, loaded.series, loaded.source, loaded.missing, settings);
      const scores = multi
        ? {
            selectionScore: result.selectionScore,
            targets: result.targets.map((t) => ({ name: t.name, loss: t.loss, lossWeight: t.lossWeight, validationRmse: t.validationRmse, test: t.test, winner: t.winner })),
          }
        : { validationRmse: result.validationRmse, test: result.test, winner: result.winner };
      const json = {
        source: loaded.source,
        target: multi ? targets : loaded.series.names[0],
        features: loaded.series.names.slice(targets.length),
        steps: loaded.series.dates.length,
        missing: loaded.missing,
        settings,
        mode: result.mode,
        ...scores,
        samples: result.samples,
        epochsRun: result.history['loss']?.length ?? 0,
        seconds,
        files: [...Object.keys(files), 'result.json'].map((f) => join(outDir, f)),
      };
      for (const [name, content] of Object.entries(files)) await writeFileAtomic(join(outDir, name), content);
      await writeFileAtomic(join(outDir, 'result.json'), `${JSON.stringify(json, null, 2)}\n`);
      const text = [
        forecastSummary(result, loaded.series, loaded.source, loaded.missing),
        '',
        `Trained in ${seconds.toFixed(1)} s (${json.epochsRun} epochs, early stopping on validation loss).`,
        `Wrote ${json.files.join(', ')}`,
      ].join('\n');
      return { text, json };
    }),
  );
  return cmd;
}
