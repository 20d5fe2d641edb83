/** Shared helpers of the io tests: deterministic inputs, temp directories, summaries. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { type Sequential, type Tensor, tensor } from '../../src/index.js';

/** `n` values in [-1, 1) from a fixed LCG stream. */
export function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1);
}

/** A tensor of `values` with `shape`. */
export function input(shape: number[], seed: number): Tensor {
  return tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** A fresh temporary directory, removed when the test file ends. */
export function tempDir(prefix = 'lstm-ts-io-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The lines `model.summary()` prints. */
export function summaryOf(model: Sequential): string[] {
  const lines: string[] = [];
  model.summary(80, (l) => lines.push(l));
  return lines;
}

/** Little-endian float32 bytes of `xs`. */
export function float32Bytes(xs: readonly number[]): Uint8Array {
  const buf = new ArrayBuffer(xs.length * 4);
  const view = new DataView(buf);
  xs.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new Uint8Array(buf);
}

/**
 * Runs `script` (a saving loop, given `dir`) in a child process and SIGKILLs it `delayMs`
 * after its first line on stdout (its first complete save); resolves once it is dead.
 */
export function killDuringSaves(script: string, dir: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', () => {
      if (killed) return;
      killed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`${script} exited with code ${code} before it was killed: ${stderr}`));
    });
  });
}
