/** Fake stdout/stderr for running the CLI in-process. */
import { runCli, type CliIO } from '../../src/cli/main.js';

export interface FakeStream {
  text: string;
  isTTY: boolean;
  write(s: string): boolean;
}

export function fakeStream(isTTY = false): FakeStream {
  return {
    text: '',
    isTTY,
    write(s: string): boolean {
      this.text += s;
      return true;
    },
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lstm <argv>` in-process with fake streams. */
export async function run(argv: string[], options: Partial<Pick<CliIO, 'isTTY' | 'cwd' | 'env'>> = {}): Promise<CliRun> {
  const stdout = fakeStream();
  const stderr = fakeStream(options.isTTY ?? false);
  const code = await runCli(argv, { stdout, stderr, env: {}, ...options });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The lines of a text without the final newline. */
export function lines(text: string): string[] {
  return text.length === 0 ? [] : text.replace(/\n$/, '').split('\n');
}
