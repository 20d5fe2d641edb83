/**
 * `lstm forecast`: time-series forecasting against baselines, on a bundled series or a CSV.
 * Writes forecast.svg, loss.svg, report.html and result.json into --out.
 */
import { join } from 'node:path';
import { forecast } from '../../apps/forecast/forecast.js';
import { forecastFiles, forecastSummary } from '../../apps/forecast/report.js';
import { loadSeries } from '../../apps/forecast/series.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { type Command, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { integer, nameList, nonEmpty, real } from '../parse.js';
import { MAX_HELD_OUT, OPTION_RANGES as R, checkHeldOut } from '../ranges.js';

/** Parsed options of `lstm forecast` (besides the common ones). */
export interface ForecastCommandOptions {
  data?: string;
  dateColumn?: string;
  target?: string;
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
    .addOption(new Option('--target <name>', 'column to forecast').argParser(nonEmpty()))
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
      ['lstm forecast --data prices.csv --date-column date --target close --horizon 5 --json', 'your CSV, JSON result'],
    ]),
  );
  cmd.action(
    rt.runAction<ForecastCommandOptions>(async (ctx, opts) => {
      checkHeldOut({ '--validation': opts.validation ?? 0.1, '--test': opts.test ?? 0.1 });
      const loaded = loadSeries(
        { data: opts.data ?? 'co2', ...(opts.dateColumn ? { dateColumn: opts.dateColumn } : {}), ...(opts.target ? { target: opts.target } : {}), ...(opts.features ? { features: opts.features } : {}) },
        ctx.resolvePath,
      );
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
      };
      // Before training: a bad --out must not cost a training run.
      const outDir = await ctx.ensureOutDir();
      ctx.progress(`lstm forecast: training on ${loaded.source} ...`);
      const start = performance.now();
      const result = await forecast({ series: loaded.series, ...settings });
      const seconds = (performance.now() - start) / 1000;
      const files = await forecastFiles(result, loaded.series, loaded.source, loaded.missing, settings);
      const json = {
        source: loaded.source,
        target: loaded.series.names[0],
        features: loaded.series.names.slice(1),
        steps: loaded.series.dates.length,
        missing: loaded.missing,
        settings,
        mode: result.mode,
        validationRmse: result.validationRmse,
        test: result.test,
        winner: result.winner,
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
