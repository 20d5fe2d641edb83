/**
 * The browser entry must not reach Node (issue 14): a small app that imports `lstm-ts` the way a
 * Vite user would is built with Vite, and any warning or bundled module that points at
 * `node:*` or at Vite's browser-external stub fails the test. Vite follows dynamic `import()`
 * too, so a Node-only module behind a lazy import counts as reached.
 *
 * 'lstm-ts' is aliased to src/index.ts, so the test needs no build and checks the code in this
 * checkout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createLogger, type Logger, type Rollup } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>consumer</title></head>
<body><pre id="out"></pre><script type="module" src="./main.ts"></script></body></html>
`;

// What an app developer writes first: a tiny model trained in the page, saved to IndexedDB and
// loaded back, with the callbacks namespace in use so its modules are bundled too.
const MAIN_TS = `import { layers, sequential, loadModel, callbacks, tensor } from 'lstm-ts';

const model = sequential({ layers: [layers.lstm({ units: 4, inputShape: [3, 1] }), layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
const x = tensor([[[0], [1], [2]], [[1], [2], [3]]]);
const y = tensor([[3], [4]]);
const stop = callbacks.earlyStopping({ monitor: 'loss', patience: 2 });
const history = await model.fit(x, y, { epochs: 2, callbacks: [stop] });
await model.save('indexeddb://consumer');
const again = await loadModel('indexeddb://consumer');
document.getElementById('out')!.textContent = JSON.stringify({ loss: history.history['loss'], layers: again.layers.length });
`;

/** Words that mean a module was meant for Node. */
const NODE_HINTS = [/\bnode:/, /externalized for browser compatibility/i, /__vite-browser-external/];

const mentionsNode = (text: string): boolean => NODE_HINTS.some((re) => re.test(text));

test('a Vite app importing lstm-ts bundles without reaching node:* modules, and without warnings', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lstm-vite-consumer-'));
  // Vite reports a warning through its logger and through Rolldown's onwarn/onLog; a Set keeps
  // one copy of each, without the terminal colours.
  const warnings = new Set<string>();
  const record = (msg: string): void => void warnings.add(msg.replace(/\u001b\[[0-9;]*m/g, '').trim());
  const base = createLogger('warn', { allowClearScreen: false });
  const logger: Logger = {
    ...base,
    warn: (msg) => record(msg),
    warnOnce: (msg) => record(msg),
  };
  try {
    await writeFile(join(dir, 'index.html'), INDEX_HTML);
    await writeFile(join(dir, 'main.ts'), MAIN_TS);
    const result = await build({
      configFile: false,
      root: dir,
      logLevel: 'warn',
      customLogger: logger,
      resolve: { alias: { 'lstm-ts': join(root, 'src', 'index.ts') } },
      build: {
        outDir: join(dir, 'dist'),
        emptyOutDir: true,
        target: 'es2022',
        write: false,
        minify: false,
        rollupOptions: { onwarn: (warning) => record(warning.message) },
      },
      plugins: [
        {
          name: 'record-warnings',
          onLog: (level, log) => {
            if (level === 'warn') record(log.message);
          },
        },
      ],
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
    const moduleIds = outputs.flatMap((o) =>
      o.output.flatMap((item) => (item.type === 'chunk' ? Object.keys(item.modules) : [])),
    );
    assert.ok(
      moduleIds.some((id) => id.includes(join('src', 'models', 'sequential.ts'))),
      `the bundle should hold the library's own modules; it holds ${moduleIds.length} modules`,
    );
    const all = [...warnings];
    assert.deepEqual(
      { nodeWarnings: all.filter(mentionsNode), nodeModules: moduleIds.filter(mentionsNode) },
      { nodeWarnings: [], nodeModules: [] },
      'nothing in the browser entry may reach node:* (the warnings and module ids above are the paths to remove)',
    );
    // An app's build output is its developer's to read: the library should add nothing to it
    // (e.g. Rolldown's INEFFECTIVE_DYNAMIC_IMPORT for a lazy import of an eagerly loaded file).
    assert.deepEqual(all, [], 'building an app that imports lstm-ts should print no warnings');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
