/**
 * `lstm forecast`: time-series forecasting against baselines (registered; the lead
 * implements the body with `src/apps/forecast`).
 */
import { type Command, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { fraction, integer, nameList, nonEmpty } from '../parse.js';

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
    .addOption(new Option('--window <n>', 'past steps the model sees').argParser(integer({ min: 1 })))
    .addOption(new Option('--horizon <n>', 'future steps predicted at once').argParser(integer({ min: 1 })))
    .addOption(new Option('--stride <n>', 'steps between consecutive windows').argParser(integer({ min: 1 })))
    .addOption(new Option('--validation <f>', 'validation fraction, in [0, 1)').argParser(fraction()))
    .addOption(new Option('--test <f>', 'held-out test fraction at the end, in [0, 1)').argParser(fraction()));
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    examples([
      ['lstm forecast --data co2 --window 24', 'monthly CO2 at Mauna Loa'],
      ['lstm forecast --data seattle-weather --target temp_max --features precipitation,wind', 'with extra inputs'],
      ['lstm forecast --data prices.csv --date-column date --target close --horizon 5 --json', 'your CSV, JSON result'],
    ]),
  );
  cmd.action(rt.notImplemented());
  return cmd;
}
