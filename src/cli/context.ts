/**
 * What a command's action gets (`CommandContext`) and the wrapper that runs it (`runAction`):
 * seeding, `--json` versus text output, progress only on a terminal, errors as one line
 * with the right exit code. A new command only writes
 *
 * ```ts
 * cmd.action(rt.runAction(async (ctx, opts: MyOptions) => {
 *   ctx.progress('training...');
 *   return { text: 'done', json: { done: true } };
 * }));
 * ```
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { NaNLossError } from '../models/training.js';
import { setSeed } from '../tensor/random.js';
import { type CommonOptions, readCommonOptions } from './common.js';
import { ExitCode, NotImplementedError, exitCodeOf, oneLineMessage } from './errors.js';
import { createOutDir } from './outDir.js';
import { checkModelSize } from './ranges.js';

/** Anything with `write`: `process.stdout`, a file stream, a test's string collector. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** True on a terminal. */
  isTTY?: boolean;
  /** Terminal width, used to wrap `--help`. */
  columns?: number;
}

/** Where `runCli` reads and writes; tests pass fakes. */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Whether stderr is a terminal (progress is shown only then); defaults to `stderr.isTTY`. */
  isTTY?: boolean;
  /** Directory relative paths are resolved against (default `process.cwd()`). */
  cwd?: string;
  /** Environment (default `process.env`); `LSTM_DEBUG=1` adds the stack after an error line. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What an action returns: human text for stdout, and the object printed instead under `--json`. */
export interface CommandOutput {
  text: string;
  /** A JSON-serialisable object. */
  json: object;
}

/** Everything an action needs besides its own options. */
export interface CommandContext {
  /** Full command name, e.g. `lstm textgen train` (the prefix of error lines). */
  readonly command: string;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Whether stderr is a terminal. */
  readonly isTTY: boolean;
  /** `--json` was given: stdout gets one JSON object and nothing else. */
  readonly json: boolean;
  /** The parsed common options (`--seed`, `--epochs`, ...). */
  readonly common: CommonOptions;
  /** The seed that `setSeed` was called with before the action. */
  readonly seed: number;
  /** `--out` resolved to an absolute path, or undefined without `--out` and default. */
  readonly outDir: string | undefined;
  /** stderr when it is a terminal, else null: pass it to progress bars. */
  readonly progressStream: OutputStream | null;
  /** Writes one progress line to stderr, only when stderr is a terminal. */
  progress(line: string): void;
  /** Resolves a user path against the working directory. */
  resolvePath(path: string): string;
  /**
   * Creates the output directory (with parents), checks that it can be written, and returns
   * it; throws without `--out`. Call it before training, so that a bad `--out` costs nothing.
   */
  ensureOutDir(): Promise<string>;
}

/** An action body: the context, the command's parsed options and its positional arguments. */
export type ActionHandler<O extends object = Record<string, unknown>> = (
  ctx: CommandContext,
  options: O,
  args: unknown[],
) => Promise<CommandOutput | void> | CommandOutput | void;

/** `lstm textgen train` for the `train` command. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** State of one `runCli` call, shared by the commands it registers. */
export class CliRuntime {
  /** Exit code the last action asked for. */
  exitCode: number = ExitCode.success;
  readonly isTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;

  constructor(readonly io: CliIO) {
    this.isTTY = io.isTTY ?? io.stderr.isTTY === true;
    this.cwd = io.cwd ?? process.cwd();
    this.env = io.env ?? process.env;
  }

  /** Prints the one error line `<command>: <message>` on stderr and returns the exit code. */
  fail(command: string, error: unknown, exitCode: number = exitCodeOf(error)): number {
    let line = oneLineMessage(error);
    if (!line.startsWith(`${command}:`)) line = `${command}: ${line}`;
    this.io.stderr.write(`${line}\n`);
    if (this.env['LSTM_DEBUG'] === '1' && error instanceof Error && error.stack) this.io.stderr.write(`${error.stack}\n`);
    this.exitCode = exitCode;
    return exitCode;
  }

  /** Builds the context of an action of `cmd`. */
  makeContext(cmd: Command): CommandContext {
    const common = readCommonOptions(cmd.opts());
    const { io, isTTY, cwd } = this;
    const outDir = common.out === undefined ? undefined : resolve(cwd, common.out);
    const command = commandPath(cmd);
    return {
      command,
      stdout: io.stdout,
      stderr: io.stderr,
      isTTY,
      json: common.json,
      common,
      seed: common.seed,
      outDir,
      progressStream: isTTY ? io.stderr : null,
      progress(line: string): void {
        if (isTTY) io.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
      },
      resolvePath: (path: string) => resolve(cwd, path),
      async ensureOutDir(): Promise<string> {
        if (outDir === undefined) throw new Error('this command needs --out <dir>');
        try {
          return await createOutDir(outDir);
        } catch (error) {
          throw new Error(`option '--out' ${JSON.stringify(common.out)}: ${oneLineMessage(error)}`, { cause: error });
        }
      },
    };
  }

  /**
   * Wraps an action body for commander's `.action()`: seeds the random stream with `--seed`,
   * runs the body, prints its output (text, or one JSON object with `--json`) and turns a
   * thrown error into the one stderr line and exit code (2 for `UsageError`, else 1).
   */
  runAction<O extends object = Record<string, unknown>>(handler: ActionHandler<O>): (...actionArgs: unknown[]) => Promise<void> {
    return async (...actionArgs: unknown[]): Promise<void> => {
      const cmd = actionArgs[actionArgs.length - 1] as Command;
      const ctx = this.makeContext(cmd);
      try {
        checkModelSize(ctx.common.units, ctx.common.layers);
        setSeed(ctx.seed);
        const output = await handler(ctx, cmd.opts() as O, actionArgs.slice(0, -2));
        if (output) {
          if (ctx.json) this.io.stdout.write(`${JSON.stringify(output.json)}\n`);
          else if (output.text.length > 0) this.io.stdout.write(output.text.endsWith('\n') ? output.text : `${output.text}\n`);
        }
        this.exitCode = ExitCode.success;
      } catch (error) {
        this.fail(ctx.command, error instanceof NaNLossError ? nanLossForCli(error, ctx.common.lr) : error);
      }
    };
  }

  /** An action for a registered command whose implementation is still to come (exit 1). */
  notImplemented(): (...actionArgs: unknown[]) => Promise<void> {
    return this.runAction(() => {
      throw new NotImplementedError();
    });
  }
}

/**
 * The library's NaN-loss message ends with advice for API users (`onNaN: 'continue'`), which
 * no CLI option reaches: keep where the loss went bad and give advice in CLI options instead.
 * Exit code stays 1: the command line was valid, the training diverged.
 */
export function nanLossForCli(error: NaNLossError, lr: number | undefined): Error {
  const what = error.message.replace(/\s*\([^()]*onNaN[^()]*\)\s*$/, '');
  const lower = lr === undefined ? 'a lower --lr' : `a lower --lr than ${lr} (e.g. --lr ${Number((lr / 10).toPrecision(3))})`;
  return new Error(`${what}; try ${lower}, fewer --units or --layers, or check the data for extreme values`, { cause: error });
}
