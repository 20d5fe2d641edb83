/**
 * Without onnxruntime-node (an optional peer), predict on onnxruntime fails with one line
 * that says what to install. The package is hidden from a child process by a resolve hook,
 * so this runs whether or not it is installed here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = pathToFileURL(fileURLToPath(new URL('../../src/index.node.ts', import.meta.url))).href;

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'onnxruntime-node') {
    const e = new Error("Cannot find package 'onnxruntime-node' imported from " + context.parentURL);
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return next(specifier, context);
}`;
const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;

const script = `
const { layers, sequential, onnxPredictor } = await import(${JSON.stringify(entry)});
const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
for (const run of [() => onnxPredictor(m).predict([[1, 2]]), () => m.predictAsync([[1, 2]], { backend: 'onnxruntime' })]) {
  try { await run(); console.log('resolved'); } catch (e) { console.log(JSON.stringify({ name: e.name, packageName: e.packageName, message: e.message })); }
}
console.log(JSON.stringify(m.predict([[1, 2]]).shape));
`;

test('without onnxruntime-node: a MissingPackageError naming the install command; predict itself still works', { timeout: 60_000 }, () => {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 3, r.stdout);
  for (const line of lines.slice(0, 2)) {
    const e = JSON.parse(line) as { name: string; packageName: string; message: string };
    assert.equal(e.name, 'MissingPackageError');
    assert.equal(e.packageName, 'onnxruntime-node');
    assert.match(e.message, /run: npm install onnxruntime-node$/);
  }
  assert.equal(lines[2], '[1,1]');
});
