/**
 * `lstm explain`: one LSTM step worked through on numbers, equations first. With no
 * options it uses a built-in example (2 inputs, 2 units, round weights).
 */
import { type Command, Option } from 'commander';
import { formatShape } from '../../tensor/errors.js';
import {
  DEFAULT_WORKED_EXAMPLE,
  type GateActivationName,
  type LstmCellWeights,
  checkLstmWeights,
  explainLstmStep,
  formatExplanation,
  gateActivationNames,
} from '../../explain/workedCell.js';
import { loadLstmWeightsFile } from '../../explain/weightsFile.js';
import { addCommonOptions, examples } from '../common.js';
import type { CliRuntime, CommandOutput } from '../context.js';
import { UsageError } from '../errors.js';
import { join } from 'node:path';
import { explainSequence } from '../../apps/explainSequence.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { choice, integer, nonEmpty, numberList } from '../parse.js';
import { OPTION_RANGES as R } from '../ranges.js';

/** Parsed options of `lstm explain`. */
export interface ExplainOptions {
  input?: number[];
  hPrev?: number[];
  cPrev?: number[];
  weights?: string;
  recurrentActivation: GateActivationName;
  decimals: number;
  sequence?: string;
  model?: string;
  json?: boolean;
}

function checkLength(flag: string, values: number[] | undefined, expected: number, what: string): void {
  if (values !== undefined && values.length !== expected) {
    throw new UsageError(
      `option '${flag}' expected ${expected} value${expected === 1 ? '' : 's'} (${what}), got ${values.length} (${values.join(',')})`,
    );
  }
}

/** Registers `explain` on `parent`. */
export function registerExplain(parent: Command, rt: CliRuntime): Command {
  const cmd = parent
    .command('explain')
    .description('work one LSTM step through on numbers: the equations, every gate, the new cell and hidden state')
    .addOption(new Option('--input <values>', 'input x, comma-separated (default: the example\'s [0.5, -1]; with --weights, ones)').argParser(numberList()))
    .addOption(new Option('--h-prev <values>', 'previous hidden state (default: the example\'s; with --weights, zeros)').argParser(numberList()))
    .addOption(new Option('--c-prev <values>', 'previous cell state (default: the example\'s; with --weights, zeros)').argParser(numberList()))
    .addOption(new Option('--weights <file.json>', 'LSTM weights in Keras layout: {kernel, recurrentKernel, bias} or [kernel, recurrentKernel, bias]').argParser(nonEmpty()))
    .addOption(
      new Option('--recurrent-activation <name>', `gate activation: ${gateActivationNames.join(' or ')}`)
        .argParser(choice(gateActivationNames))
        .default('sigmoid'),
    )
    .addOption(new Option('--decimals <n>', 'digits after the decimal point in the text').argParser(integer({ min: 0, max: 15 })).default(6))
    .addOption(new Option('--sequence <text>', `gate activations over a string (at most ${R.sequenceLength.max} characters) for a trained text model (needs --model); SVG heatmaps into --out`))
    .addOption(new Option('--model <dir>', 'model directory written by lstm demo or lstm textgen train, for --sequence'));
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `${examples([
      ['lstm explain', 'the built-in example: 2 inputs, 2 units'],
      ['lstm explain --input 0.5,-1 --h-prev 0,0 --c-prev 0,0', 'the same weights from a zero state'],
      ['lstm explain --weights lstm.json --input 1,0,1', 'your own weights (Keras layout)'],
      ['lstm explain --recurrent-activation hardSigmoid', 'gates as in Keras 2 / TensorFlow.js'],
      ['lstm explain --json', 'every intermediate as one JSON object'],
      ['lstm explain --model lstm-demo-out/model --sequence "call me ishmael" --out gates', 'gate heatmaps of a trained model'],
    ])}

Weights file (--weights): {"kernel": [[...]], "recurrentKernel": [[...]], "bias": [...]} with
kernel [inputDim, 4*units], recurrentKernel [units, 4*units], bias [4*units], gate blocks i, f, c, o
(Keras get_weights() order [kernel, recurrentKernel, bias] is accepted too).
Exit codes: 0 success, 1 runtime failure (unreadable or malformed --weights file), 2 usage error.`,
  );
  cmd.action(
    rt.runAction<ExplainOptions>(async (ctx, opts): Promise<CommandOutput> => {
      if ((opts.sequence === undefined) !== (opts.model === undefined)) {
        throw new UsageError(
          opts.sequence === undefined ? "option '--model' needs --sequence <text>" : "option '--sequence' needs --model <dir>",
        );
      }
      if (opts.sequence !== undefined && opts.model !== undefined) {
        if (opts.sequence.length > R.sequenceLength.max) {
          throw new UsageError(`option '--sequence' expected at most ${R.sequenceLength.max} characters, got ${opts.sequence.length}`);
        }
        const explained = await explainSequence(ctx.resolvePath(opts.model), opts.sequence);
        const outDir = ctx.outDir ?? ctx.resolvePath('lstm-explain-out');
        const files: string[] = [];
        for (const [name, svg] of Object.entries(explained.svg)) {
          const file = join(outDir, `${name}.svg`);
          await writeFileAtomic(file, svg);
          files.push(file);
        }
        const mean = (m: number[][]) => m.flat().reduce((a, b) => a + b, 0) / Math.max(1, m.flat().length);
        const text = [
          `Gate activations of the first LSTM layer (${explained.units} units) over ${explained.tokens.length} tokens of ${JSON.stringify(opts.sequence)}`,
          `mean input gate ${mean(explained.trace.i).toFixed(3)}, forget gate ${mean(explained.trace.f).toFixed(3)}, output gate ${mean(explained.trace.o).toFixed(3)}`,
          `Heatmaps of units ${explained.shownUnits.join(', ')} (those whose cell state moves most): ${files.join(', ')}`,
        ].join('\n');
        return { text, json: { tokens: explained.tokens, units: explained.units, shownUnits: explained.shownUnits, trace: explained.trace, files } };
      }

      const weights: LstmCellWeights =
        opts.weights === undefined ? DEFAULT_WORKED_EXAMPLE : await loadLstmWeightsFile(ctx.resolvePath(opts.weights), opts.weights);
      const { inputDim, units } = checkLstmWeights(weights);
      // The built-in example has its own input and states; for other weights: x = ones, zero states.
      const defaults =
        opts.weights === undefined
          ? DEFAULT_WORKED_EXAMPLE
          : { x: new Array<number>(inputDim).fill(1), hPrev: new Array<number>(units).fill(0), cPrev: new Array<number>(units).fill(0) };
      const source = opts.weights === undefined ? 'the built-in example' : `the kernel of ${opts.weights}`;
      checkLength('--input', opts.input, inputDim, `input size of ${source}, kernel ${formatShape([inputDim, 4 * units])}`);
      checkLength('--h-prev', opts.hPrev, units, `units of ${source}`);
      checkLength('--c-prev', opts.cPrev, units, `units of ${source}`);

      const result = explainLstmStep({
        ...weights,
        x: opts.input ?? defaults.x,
        hPrev: opts.hPrev ?? defaults.hPrev,
        cPrev: opts.cPrev ?? defaults.cPrev,
        recurrentActivation: opts.recurrentActivation,
      });
      return { text: formatExplanation(result, { decimals: opts.decimals }), json: result };
    }),
  );
  return cmd;
}
