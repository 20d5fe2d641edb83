/**
 * Fault injection for the file writers: while armed, the N-th call that changes the file system
 * through `node:fs/promises` (or an open FileHandle) fails as a full disk does, or never returns,
 * which leaves on disk exactly what a kill at that instant leaves. It patches the built-in
 * module object and re-syncs its ESM exports, so the code under test needs no seam of its own
 * and today's code can be put through the same steps as tomorrow's.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises') as Record<string, unknown>;

/** The calls counted as steps: every one that can change what is on disk, or make it durable. */
const MODULE_OPS = ['open', 'rename', 'link', 'unlink', 'rm', 'rmdir', 'mkdir', 'writeFile', 'appendFile', 'copyFile', 'chmod', 'symlink'];
const HANDLE_OPS = ['writeFile', 'write', 'sync', 'datasync', 'chmod', 'close', 'truncate'];

export type Fault = 'ENOSPC' | 'hang';

export interface Step {
  op: string;
  args: string;
}

/** Keeps the arguments of hung calls alive, so an abandoned FileHandle is never closed by the collector mid-test. */
const hung: unknown[] = [];

async function handlePrototype(): Promise<Record<string, unknown>> {
  const handle = await openFile(join(tmpdir(), '.lstm-ts-faulty-fs-probe'), 'w');
  const proto = Object.getPrototypeOf(handle) as Record<string, unknown>;
  await handle.close();
  await (fsp['rm'] as (p: string, o: object) => Promise<void>)(join(tmpdir(), '.lstm-ts-faulty-fs-probe'), { force: true });
  return proto;
}

function describe(args: unknown[]): string {
  return args
    .filter((a) => typeof a === 'string')
    .map((a) => String(a).split('/').slice(-2).join('/'))
    .join(' -> ');
}

/**
 * Runs `body` with the fault at step `failAt` (1-based). Resolves to the steps seen and whether
 * the fault fired; with 'hang', `body`'s promise is abandoned once the fault fires.
 */
export async function withFault<T>(failAt: number, fault: Fault, body: () => Promise<T>): Promise<{ fired: boolean; steps: Step[]; result?: T; error?: unknown }> {
  const proto = await handlePrototype();
  const saved: [Record<string, unknown>, string, unknown][] = [];
  const steps: Step[] = [];
  let fired = false;
  let onHang: (() => void) | null = null;
  const wrap = (target: Record<string, unknown>, name: string, prefix: string): void => {
    const original = target[name];
    if (typeof original !== 'function') return;
    saved.push([target, name, original]);
    target[name] = function (this: unknown, ...args: unknown[]): unknown {
      if (fired) return (original as (...a: unknown[]) => unknown).apply(this, args);
      steps.push({ op: prefix + name, args: describe(args) });
      if (steps.length === failAt) {
        fired = true;
        if (fault === 'hang') {
          hung.push(this, args);
          onHang?.();
          return new Promise(() => undefined);
        }
        const err = Object.assign(new Error(`ENOSPC: no space left on device, ${name}`), { code: 'ENOSPC', errno: -28, syscall: name });
        return Promise.reject(err);
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  };
  for (const op of MODULE_OPS) wrap(fsp, op, '');
  for (const op of HANDLE_OPS) wrap(proto, op, 'handle.');
  syncBuiltinESMExports();
  // Set before the body starts: its first call may come before it first awaits.
  const hungNow = new Promise<{ fired: boolean; steps: Step[] }>((resolve) => {
    onHang = () => setImmediate(() => resolve({ fired: true, steps }));
  });
  try {
    const settled = body().then(
      (result) => ({ fired, steps, result }),
      (error: unknown) => ({ fired, steps, error }),
    );
    return await (fault === 'hang' ? Promise.race([settled, hungNow]) : settled);
  } finally {
    // Disarm: calls still pending in an abandoned body go to the real functions from now on.
    fired = true;
    for (const [target, name, original] of saved) target[name] = original;
    syncBuiltinESMExports();
  }
}
