/**
 * `model.save(target)` and `loadModel(source)` through the URL router: file://, plain paths,
 * object handlers, downloads:// (with a fake document, and its error in Node), unknown
 * schemes; and the rule that the browser-facing modules never reach node:fs statically.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layers, sequential, setSeed, type Sequential } from '../../src/index.node.js';
import { loadFromModelJson, type ModelArtifacts } from '../../src/io/index.js';
import { loadModel, saveModel } from '../../src/io/router.js';
import { input, tempDir } from './helpers.js';
import { asSequential } from '../helpers/models.js';
import type { LayersModel } from '../../src/models/layersModel.js';

const x = input([3, 5, 4], 41);

function build(): Sequential {
  setSeed(9);
  return sequential({
    name: 'routed',
    layers: [layers.lstm({ units: 4, inputShape: [5, 4], returnSequences: true }), layers.gru({ units: 3 }), layers.dense({ units: 2, activation: 'softmax' })],
  });
}

/** `b` was loaded from a file `a` saved: a Sequential file, so a Sequential model. */
function samePredictions(a: Sequential, b: LayersModel): void {
  assert.deepEqual(Array.from(asSequential(b).predict(x).data), Array.from(a.predict(x).data));
}

test('file:// and plain paths: model.save then loadModel give identical predictions and the extra', async () => {
  const model = build();
  const dir = tempDir();
  const target = join(dir, 'm');
  const result = await model.save(`file://${target}`, { extra: { classes: ['neg', 'pos'] } });
  assert.equal(result.url, `file://${target}`);
  assert.equal(result.modelJsonPath, join(target, 'model.json'));
  assert.equal(result.weightsPath, join(target, 'weights.bin'));
  assert.equal(result.modelArtifactsInfo.weightDataBytes, model.countParams() * 4);
  assert.equal(result.modelArtifactsInfo.modelTopologyType, 'JSON');
  assert.ok(result.modelArtifactsInfo.dateSaved instanceof Date);
  for (const source of [`file://${target}`, `file://${target}/model.json`, target]) {
    const { model: loaded, extra } = await loadModel(source);
    samePredictions(model, loaded);
    assert.deepEqual(extra, { classes: ['neg', 'pos'] });
  }
  await model.save(join(dir, 'plain'));
  assert.ok(existsSync(join(dir, 'plain', 'weights.bin')));
  samePredictions(model, (await loadModel(`FILE://${join(dir, 'plain')}`)).model);
});

test('an object handler receives the artifacts on save and hands them back on load', async () => {
  const model = build();
  let kept: ModelArtifacts | undefined;
  const result = await model.save({ save: async (artifacts) => { kept = artifacts; return { stored: true }; } }, { extra: { v: 3 } });
  assert.equal(result.url, 'handler');
  assert.deepEqual(result.handlerResult, { stored: true });
  assert.ok(kept);
  assert.equal(kept.format, 'layers-model');
  assert.equal(kept.weightData.byteLength, model.countParams() * 4);
  assert.equal(result.modelArtifactsInfo.weightDataBytes, kept.weightData.byteLength);
  const { model: loaded, extra } = await loadModel({ load: () => kept! });
  samePredictions(model, loaded);
  assert.deepEqual(extra, { v: 3 });
  // The same function is available directly.
  const direct = await saveModel(model, { save: () => undefined });
  assert.equal(direct.url, 'handler');
});

test("'downloads://' in Node throws naming the scheme; loading from it is refused", async () => {
  const model = build();
  await assert.rejects(model.save('downloads://my-model'), (e: Error) => {
    assert.equal(e.name, 'ValueError');
    assert.match(e.message, /^routed\.save: 'downloads:\/\/' needs a browser page \(document, Blob and URL\.createObjectURL\); in Node save with 'file:\/\/path' instead$/);
    return true;
  });
  await assert.rejects(loadModel('downloads://my-model'), /loadModel: 'downloads:\/\/' is for saving only/);
});

test("'downloads://name' in a browser clicks <a download> for name.json and name.weights.bin, which load back", async () => {
  const model = build();
  const clicks: { download: string; href: string }[] = [];
  const blobs = new Map<string, Blob>();
  const originalCreate = URL.createObjectURL;
  const originalRevoke = URL.revokeObjectURL;
  const g = globalThis as { document?: unknown };
  g.document = {
    createElement: (tag: string) => {
      assert.equal(tag, 'a');
      const a = { download: '', href: '', click: () => clicks.push({ download: a.download, href: a.href }) };
      return a;
    },
  };
  URL.createObjectURL = (blob: Blob) => {
    const url = `blob:fake/${blobs.size}`;
    blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = () => undefined;
  try {
    const result = await model.save('downloads://my-model', { extra: { k: 1 } });
    assert.equal(result.url, 'downloads://my-model');
    await model.save('downloads://');
  } finally {
    delete g.document;
    URL.createObjectURL = originalCreate;
    URL.revokeObjectURL = originalRevoke;
  }
  assert.deepEqual(clicks.map((c) => c.download), ['my-model.json', 'my-model.weights.bin', 'model.json', 'model.weights.bin']);
  const json = JSON.parse(await blobs.get(clicks[0]!.href)!.text());
  assert.deepEqual(json.weightsManifest[0].paths, ['./my-model.weights.bin']);
  const weights = await blobs.get(clicks[1]!.href)!.arrayBuffer();
  const { model: loaded, extra } = loadFromModelJson(json, weights);
  samePredictions(model, loaded);
  assert.deepEqual(extra, { k: 1 });
});

test('bad targets and sources are named in the error', async () => {
  const model = build();
  await assert.rejects(model.save('https://example.com/m'), /routed\.save: URL scheme 'https:\/\/' of 'https:\/\/example\.com\/m' is not supported; use one of file:\/\/, indexeddb:\/\/, localstorage:\/\/, downloads:\/\/ or a handler object \(to load from a server, fetch model\.json and weights\.bin and call io\.loadFromModelJson\)/);
  await assert.rejects(loadModel('s3://bucket/m'), /loadModel: URL scheme 's3:\/\/' of 's3:\/\/bucket\/m' is not supported/);
  await assert.rejects(model.save({ load: () => ({}) } as never), /routed\.save: a handler object needs a 'save' method \(save\(artifacts\)\); got an object with keys \[load\]/);
  await assert.rejects(loadModel({ save: () => undefined } as never), /loadModel: a handler object needs a 'load' method/);
  await assert.rejects(model.save(42 as never), /argument 'target' expected a URL \(file:\/\/, indexeddb:\/\/, localstorage:\/\/, downloads:\/\/\) or a handler object, got number/);
  await assert.rejects(loadModel(''), /argument 'source' expected a URL/);
  await assert.rejects(loadModel({ load: () => null as never }), /the handler's load\(\) returned null; expected model artifacts/);
  await assert.rejects(loadModel(`file://${join(tempDir(), 'none')}`), /loadModel: model file '.*none' does not exist/);
  await assert.rejects(model.save('indexeddb://'), /an 'indexeddb:\/\/' URL needs a model name after the scheme/);
  await assert.rejects(model.save('file://x', { extras: 1 } as never), /extras/);
});

/** Static (value) imports of a module, resolved to files; `import type` and `import()` are not followed. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
    const spec = m[1]!;
    out.push(spec.startsWith('.') ? resolve(dirname(file), spec.replace(/\.js$/, '.ts')) : spec);
  }
  return out;
}

test('the browser-facing modules reach no Node built-in through static imports (file:// and checkpoints come from the Node entry)', () => {
  const src = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
  const roots = ['io/router.ts', 'io/indexedDb.ts', 'io/localStorage.ts', 'models/callbacks/modelCheckpoint.ts', 'models/sequential.ts', 'models/training.ts'].map((f) => join(src, f));
  const seen = new Set<string>();
  const stack = [...roots];
  const offenders: string[] = [];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const dep of staticImports(file)) {
      if (dep.startsWith('node:') || ['fs', 'path', 'crypto', 'os'].includes(dep)) offenders.push(`${file} imports ${dep}`);
      else if (dep.startsWith('/')) stack.push(dep);
    }
  }
  assert.ok(seen.size > 20, `followed ${seen.size} modules`);
  assert.deepEqual(offenders, []);
  for (const f of ['fileHandler.ts', 'checkpoint.ts', 'atomicWrite.ts']) assert.ok(!seen.has(join(src, 'io', f)), `${f} is reached statically`);
  // sequential.ts imports the router for save(); what it reaches is covered by the walk above.
  assert.ok(seen.has(join(src, 'io', 'router.ts')), 'the walk reached the router');
});
