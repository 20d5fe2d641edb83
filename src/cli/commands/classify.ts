/**
 * `lstm classify`: sentence classification (registered; the lead implements the body with
 * `src/apps/classify`).
 */
import { type Command, Option } from 'commander';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime } from '../context.js';
import { choice, integer, nonEmpty } from '../parse.js';

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
    .addOption(new Option('--max-len <n>', 'tokens per sentence (longer ones are cut, shorter padded)').argParser(integer({ min: 1 })))
    .addOption(new Option('--vocab-size <n>', 'keep the most frequent tokens').argParser(integer({ min: 2 })))
    .addOption(new Option('--predict <sentence...>', 'classify these sentences after training'));
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    examples([
      ['lstm classify --data uci-sentiment --epochs 10', 'sentiment of product reviews'],
      ['lstm classify --data uci-sentiment --bidirectional --predict "great phone" "awful battery"', 'then classify two sentences'],
      ['lstm classify --data reviews.csv --text-column text --label-column stars --json', 'your own data'],
    ]),
  );
  cmd.action(rt.notImplemented());
  return cmd;
}
