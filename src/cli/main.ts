/**
 * The `lstm` command line: `demo`, `textgen train|sample`, `forecast`, `classify`, `explain`, `translate`.
 *
 * `runCli(argv, io)` runs it in-process and returns the exit code (0 success, 1 runtime
 * failure, 2 usage error; see `errors.ts`); it never calls `process.exit`. `bin/lstm.mjs`
 * is the executable, and `npx tsx src/cli/main.ts explain` works in development.
 *
 * @example
 * const code = await runCli(['explain', '--json'], { stdout: process.stdout, stderr: process.stderr });
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { type CliIO, CliRuntime, commandPath } from './context.js';
import { ExitCode, oneLineMessage } from './errors.js';
import { reformatCommanderMessage } from './parse.js';
import { registerClassify } from './commands/classify.js';
import { registerDemo } from './commands/demo.js';
import { registerExplain } from './commands/explain.js';
import { registerForecast } from './commands/forecast.js';
import { registerTextgen } from './commands/textgen.js';
import { registerTranslate } from './commands/translate.js';

export type { CliIO, CommandContext, CommandOutput, OutputStream, ActionHandler } from './context.js';
export { CliRuntime } from './context.js';
export { ExitCode, UsageError, NotImplementedError } from './errors.js';

/** A function that adds one command (with its subcommands) to the program. */
export type CommandRegistrar = (parent: Command, rt: CliRuntime) => Command;

/** The commands of `lstm`, in help order. To add one: write `commands/<name>.ts` and list it here. */
export const commandRegistrars: readonly CommandRegistrar[] = [
  registerDemo,
  registerTextgen,
  registerForecast,
  registerClassify,
  registerExplain,
  registerTranslate,
];

/** Thrown by commander's exit override; carries the command that failed. */
class CommanderExit extends Error {
  constructor(
    readonly command: Command,
    readonly error: CommanderError,
  ) {
    super(error.message);
  }
}

function packageVersion(): string {
  try {
    // src/cli/main.ts and dist/cli/main.js both sit two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Applies output routing and the exit override to `cmd` and all its subcommands. */
function configureTree(cmd: Command, rt: CliRuntime): void {
  const { io } = rt;
  cmd
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      // Only help-after-an-error goes here; we print one line instead (see runCli).
      writeErr: () => undefined,
      outputError: () => undefined,
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride((error) => {
      throw new CommanderExit(cmd, error);
    });
  for (const sub of cmd.commands) configureTree(sub, rt);
}

/** Builds the `lstm` program for one run. */
export function buildProgram(rt: CliRuntime): Command {
  const program = new Command('lstm')
    .description('LSTM networks from the command line: train, sample, forecast, classify, and see the math of one step')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpCommand('help [command]', 'show help for a command')
    .addHelpText(
      'after',
      `
Examples:
  $ lstm explain                                   # one LSTM step worked through on numbers
  $ lstm demo --minutes 3                          # a tour: text, time series, sentiment
  $ lstm textgen train --corpus moby-dick --epochs 5
  $ lstm textgen sample --model lstm-textgen --prompt "Call me"
  $ lstm forecast --data co2 --window 24
  $ lstm classify --data uci-sentiment --predict "great phone"
  $ lstm translate --beam 5                        # dates in many formats → ISO, with and without attention
  $ lstm <command> --help                          # the options of one command

Exit codes: 0 success, 1 runtime failure, 2 usage error. Errors are one line on stderr;
with --json, stdout holds exactly one JSON object. Progress goes to stderr, only on a terminal.`,
    );
  for (const register of commandRegistrars) register(program, rt);
  configureTree(program, rt);
  return program;
}

/** Maps commander's exit to our exit code, printing the one error line when it is an error. */
function handleCommanderExit(rt: CliRuntime, exit: CommanderExit): number {
  const { command, error } = exit;
  const path = commandPath(command);
  switch (error.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return ExitCode.success;
    case 'commander.help':
      if (error.exitCode === 0) return ExitCode.success;
      // A command group called without its subcommand (`lstm`, `lstm textgen`).
      return rt.fail(
        path,
        `missing command; expected one of: ${command.commands.map((c) => c.name()).join(', ')} (see '${path} --help')`,
        ExitCode.usage,
      );
    default:
      return rt.fail(path, reformatCommanderMessage(oneLineMessage(error)), ExitCode.usage);
  }
}

/**
 * Runs `lstm` with `argv` (the arguments after the program name) and returns the exit code.
 * Never calls `process.exit`; everything is written to `io.stdout` and `io.stderr`.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const rt = new CliRuntime(io);
  let program: Command;
  try {
    program = buildProgram(rt);
    await program.parseAsync([...argv], { from: 'user' });
    return rt.exitCode;
  } catch (error) {
    if (error instanceof CommanderExit) return handleCommanderExit(rt, error);
    return rt.fail('lstm', error, ExitCode.failure);
  }
}

/** True when this module is the program node was started with (not when imported). */
function isMainModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMainModule()) {
  void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
