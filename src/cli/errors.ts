/**
 * How the `lstm` command line fails. Exit codes:
 *
 * - 0: success.
 * - 1: runtime failure: the command line was well formed but the work failed, including an
 *   input file that cannot be read or holds bad data (wrong shapes, invalid JSON), and
 *   "not implemented yet".
 * - 2: usage error: the command line itself is wrong (unknown command or option, a value
 *   that is not a number or out of range, a missing argument, options that do not go
 *   together, an option value that does not fit the rest of the command line or the data:
 *   a column that is not in the file, a window longer than the series).
 *
 * Every failure prints exactly one line on stderr: `lstm <command>: <message>`.
 */
import { OptionError } from '../apps/optionError.js';

/** Exit codes of the `lstm` program. */
export const ExitCode = {
  success: 0,
  failure: 1,
  usage: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The command line is wrong: exit code 2. Throw it from an action for bad option values or combinations. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = ExitCode.usage;
}

/** A part of the command line that is registered but has no implementation yet: exit code 1. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
  readonly exitCode = ExitCode.failure;
  constructor(what?: string) {
    super(what === undefined ? 'not implemented yet' : `${what}: not implemented yet`);
  }
}

/**
 * The exit code for an error thrown by an action: 2 for {@link UsageError} and for an
 * {@link OptionError} of the apps (an option that does not fit the data), else 1.
 */
export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof UsageError || error instanceof OptionError ? ExitCode.usage : ExitCode.failure;
}

/** The message of any thrown value, on one line (newlines folded into spaces, no stack). */
export function oneLineMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const line = raw.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > 0 ? line : error instanceof Error ? error.name : 'unknown error';
}
