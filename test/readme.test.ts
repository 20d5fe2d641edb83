/** The README's first example must run as printed (against the source, not dist/). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

test('the README example runs and logs one val_loss per epoch', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(code, 'README has a ```ts block');
  const lines = code.trimEnd().split('\n');
  assert.ok(lines.length <= 16, `the first example should stay about 15 lines, has ${lines.length}`);
  // Node resolves 'lstm-ts' to the Node entry (the universal one plus file-system support).
  const source = code.replace("from 'lstm-ts'", `from '${pathToFileURL(join(root, 'src/index.node.ts')).href}'`);
  const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-readme-'));
  const logged: unknown[][] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void logged.push(args);
  try {
    const file = join(dir, 'example.mts');
    writeFileSync(file, source);
    await import(pathToFileURL(file).href);
  } finally {
    console.log = original;
    rmSync(dir, { recursive: true, force: true });
  }
  const valLoss = logged[0]![0] as number[];
  assert.equal(valLoss.length, 20);
  assert.ok(valLoss[19]! < valLoss[0]!, `val_loss should fall: ${valLoss}`);
  const prediction = logged[1]![0] as number[][];
  assert.equal(prediction.length, 1);
  assert.equal(prediction[0]!.length, 1);
});
