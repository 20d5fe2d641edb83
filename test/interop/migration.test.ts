/** The lstm-ts port on docs/migrating-from-tfjs.md must run as printed (against the source). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('the ported tfjs LSTM example of the migration page trains, predicts, saves and loads', async () => {
  const page = readFileSync(join(root, 'docs/migrating-from-tfjs.md'), 'utf8');
  const code = /\*\*lstm-ts\*\* \(changed lines marked\)\n\n```js\n([\s\S]*?)```/.exec(page)?.[1];
  assert.ok(code, 'the page has the lstm-ts port in a ```js block after "**lstm-ts** (changed lines marked)"');
  const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-migration-'));
  const modelDir = join(dir, 'sine-model');
  // Two epochs instead of twenty keep the test short; the model directory goes to a temp dir.
  const source = code
    .replace("from 'lstm-ts'", `from '${pathToFileURL(join(root, 'src/node.ts')).href}'`)
    .replace('epochs: 20', 'epochs: 2')
    .replaceAll("'file://./sine-model'", `'file://${modelDir}'`);
  assert.notEqual(source, code);
  const logged: unknown[][] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void logged.push(args);
  try {
    const file = join(dir, 'port.mjs');
    writeFileSync(file, source);
    await import(pathToFileURL(file).href);
    assert.ok(existsSync(join(modelDir, 'model.json')), 'the model was saved');
  } finally {
    console.log = original;
    rmSync(dir, { recursive: true, force: true });
  }
  // Two epoch lines (epoch, loss), then the prediction and the evaluate result, all numbers.
  assert.deepEqual(logged.slice(0, 2).map((l) => l[0]), [0, 1]);
  const [prediction] = logged[2]!;
  const [mse] = logged[3]!;
  assert.equal(typeof prediction, 'number');
  assert.ok(Number.isFinite(prediction as number));
  assert.equal(typeof mse, 'number', 'evaluate returns a plain number without metrics');
});
