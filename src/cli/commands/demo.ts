/**
 * `lstm demo`: a short tour within a time budget (registered; the lead implements the body).
 */
import { type Command, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { real } from '../parse.js';

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
    .description('train small LSTMs on text, a time series and sentiment within a time budget, and write a report')
    .addOption(new Option('--minutes <n>', 'time budget in minutes').argParser(real({ min: 0, minExclusive: true })).default(3));
  addCommonOptions(cmd, { out: 'lstm-demo-out' });
  cmd.addHelpText(
    'after',
    examples([
      ['lstm demo', 'about 3 minutes, results in ./lstm-demo-out'],
      ['lstm demo --minutes 1 --units 32', 'a quicker, smaller run'],
      ['lstm demo --out /tmp/demo --json', 'a JSON summary on stdout'],
    ]),
  );
  cmd.action(rt.notImplemented());
  return cmd;
}
