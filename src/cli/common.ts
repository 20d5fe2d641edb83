/**
 * The options every `lstm` command takes, registered in one place so that each command
 * shows and parses them the same way.
 */
import { type Command, Option } from 'commander';
import { integer, nonEmpty, real } from './parse.js';
import { OPTION_RANGES as R } from './ranges.js';

/** Values of the common options after parsing (undefined: the command picks its own default). */
export interface CommonOptions {
  /** Seed of weight initialisation, dropout masks and shuffling (default 42). */
  seed: number;
  epochs?: number;
  batchSize?: number;
  units?: number;
  layers?: number;
  dropout?: number;
  lr?: number;
  /** Output directory as typed (relative to the working directory). */
  out?: string;
  /** Print one JSON object on stdout instead of text. */
  json: boolean;
}

/** Per-command defaults of the common options, shown in `--help`. */
export type CommonDefaults = Partial<Omit<CommonOptions, 'json'>>;

/** The default `--seed`. */
export const DEFAULT_SEED = 42;

/** Heading of the common options in `--help`. */
export const COMMON_GROUP = 'Common options:';

/** Adds `--seed`, `--epochs`, `--batch-size`, `--units`, `--layers`, `--dropout`, `--lr`, `--out`, `--json`. */
export function addCommonOptions(cmd: Command, defaults: CommonDefaults = {}): Command {
  const opt = (flags: string, description: string, parse: ((v: string) => unknown) | null, dflt: unknown): Option => {
    const o = new Option(flags, description).helpGroup(COMMON_GROUP);
    if (parse) o.argParser(parse);
    if (dflt !== undefined) o.default(dflt);
    return o;
  };
  cmd
    .addOption(opt('--seed <n>', 'random seed: initialisation, dropout, shuffling', integer(R.seed), defaults.seed ?? DEFAULT_SEED))
    .addOption(opt('--epochs <n>', `training epochs (1 to ${R.epochs.max})`, integer(R.epochs), defaults.epochs))
    .addOption(opt('--batch-size <n>', `samples per gradient step (1 to ${R.batchSize.max})`, integer(R.batchSize), defaults.batchSize))
    .addOption(opt('--units <n>', `LSTM units per layer (1 to ${R.units.max})`, integer(R.units), defaults.units))
    .addOption(opt('--layers <n>', `stacked recurrent layers (1 to ${R.layers.max})`, integer(R.layers), defaults.layers))
    .addOption(opt('--dropout <x>', 'dropout rate in [0, 1)', real(R.dropout), defaults.dropout))
    .addOption(opt('--lr <x>', `learning rate in (0, ${R.lr.max}]`, real(R.lr), defaults.lr))
    .addOption(opt('--out <dir>', 'output directory', nonEmpty(), defaults.out))
    .addOption(opt('--json', 'print the result as one JSON object on stdout', null, undefined));
  return cmd;
}

/** Picks the common options out of a command's parsed options. */
export function readCommonOptions(opts: Readonly<Record<string, unknown>>): CommonOptions {
  const num = (k: string): number | undefined => (typeof opts[k] === 'number' ? (opts[k] as number) : undefined);
  const result: CommonOptions = {
    seed: num('seed') ?? DEFAULT_SEED,
    json: opts['json'] === true,
  };
  const epochs = num('epochs'), batchSize = num('batchSize'), units = num('units'), layers = num('layers');
  const dropout = num('dropout'), lr = num('lr');
  if (epochs !== undefined) result.epochs = epochs;
  if (batchSize !== undefined) result.batchSize = batchSize;
  if (units !== undefined) result.units = units;
  if (layers !== undefined) result.layers = layers;
  if (dropout !== undefined) result.dropout = dropout;
  if (lr !== undefined) result.lr = lr;
  if (typeof opts['out'] === 'string') result.out = opts['out'];
  return result;
}

/** Formats the `Examples:` block for `addHelpText('after', ...)`. */
export function examples(lines: readonly (readonly [command: string, comment: string])[]): string {
  const width = lines.reduce((w, [c]) => Math.max(w, c.length), 0);
  return `\nExamples:\n${lines.map(([c, note]) => `  $ ${c.padEnd(width)}  # ${note}`).join('\n')}`;
}
