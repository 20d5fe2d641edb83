/**
 * `indexeddb://name` with fake-indexeddb: save then load gives identical predictions and the
 * extra; the records are where and how tfjs keeps them (database 'tensorflowjs', the model in
 * one record of 'models_store'); overwrite, remove, missing names and a missing IndexedDB.
 */
import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDBFactory } from 'fake-indexeddb';
import { layers, sequential, setSeed, type Sequential } from '../../src/index.js';
import { saveToMemory } from '../../src/io/index.js';
import { loadModel } from '../../src/io/router.js';
import { INDEXEDDB_DATABASE, browserIndexedDb, loadFromIndexedDb, removeFromIndexedDb, saveToIndexedDb } from '../../src/io/indexedDb.js';
import { input } from './helpers.js';
import { asSequential } from '../helpers/models.js';

const x = input([2, 6, 3], 51);

function build(units = 4): Sequential {
  setSeed(units);
  return sequential({ layers: [layers.lstm({ units, inputShape: [6, 3] }), layers.dense({ units: 1 })] });
}

/** Reads one record straight from a store, to check the layout tfjs expects. */
function readRecord(store: string, key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(INDEXEDDB_DATABASE, 1);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction(store, 'readonly').objectStore(store).get(key);
      get.onsuccess = () => {
        db.close();
        resolve(get.result);
      };
      get.onerror = () => reject(get.error);
    };
    open.onerror = () => reject(open.error);
  });
}

test('model.save("indexeddb://name") then loadModel gives identical predictions and the extra', async () => {
  const model = build();
  const result = await model.save('indexeddb://forecaster', { extra: { scaler: { mean: 1.5, std: 2 } } });
  assert.equal(result.url, 'indexeddb://forecaster');
  assert.equal(result.modelArtifactsInfo.weightDataBytes, model.countParams() * 4);
  const { model: loaded, extra } = await loadModel('indexeddb://forecaster');
  assert.deepEqual(Array.from(asSequential(loaded).predict(x).data), Array.from(model.predict(x).data));
  assert.deepEqual(extra, { scaler: { mean: 1.5, std: 2 } });
});

test("the model is one record in tfjs's database and stores, with the weight bytes as an ArrayBuffer", async () => {
  const model = build();
  await model.save('indexeddb://layout');
  const record = (await readRecord('models_store', 'layout')) as { modelPath: string; modelArtifacts: { modelTopology: unknown; weightSpecs: unknown[]; weightData: ArrayBuffer; format: string } };
  assert.equal(record.modelPath, 'layout');
  assert.equal(record.modelArtifacts.format, 'layers-model');
  assert.ok(record.modelArtifacts.weightData instanceof ArrayBuffer);
  assert.equal(record.modelArtifacts.weightData.byteLength, model.countParams() * 4);
  assert.equal(record.modelArtifacts.weightSpecs.length, 5);
  const info = (await readRecord('model_info_store', 'layout')) as { modelArtifactsInfo: { weightDataBytes: number; modelTopologyType: string } };
  assert.equal(info.modelArtifactsInfo.weightDataBytes, model.countParams() * 4);
  assert.equal(info.modelArtifactsInfo.modelTopologyType, 'JSON');
});

test('saving again under a name replaces the model; removing it makes loading fail with the name', async () => {
  await build(4).save('indexeddb://swap');
  const second = build(6);
  await second.save('indexeddb://swap');
  const { model } = await loadModel('indexeddb://swap');
  assert.equal(model.countParams(), second.countParams());
  assert.equal(await removeFromIndexedDb('swap'), true);
  assert.equal(await removeFromIndexedDb('swap'), false);
  await assert.rejects(loadModel('indexeddb://swap'), /^ValueError: loadModel: no model named 'swap' in IndexedDB \(database 'tensorflowjs'\); save one first with model\.save\('indexeddb:\/\/swap'\)$/);
});

test('handlers and a separate factory: browserIndexedDb works with an explicit IDBFactory', async () => {
  const factory = new IDBFactory();
  const model = build();
  const handler = browserIndexedDb('own', factory);
  await model.save(handler);
  const { model: loaded } = await loadModel(handler);
  assert.deepEqual(Array.from(asSequential(loaded).predict(x).data), Array.from(model.predict(x).data));
  // Not in the global database.
  await assert.rejects(loadModel('indexeddb://own'), /no model named 'own'/);
  await saveToIndexedDb('direct', saveToMemory(model), factory);
  assert.equal((await loadFromIndexedDb('direct', factory)).weightData.byteLength, model.countParams() * 4);
});

test('without IndexedDB the error says what is missing and what to use', async () => {
  const saved = globalThis.indexedDB;
  // @ts-expect-error removing the global for this test
  delete globalThis.indexedDB;
  try {
    await assert.rejects(build().save('indexeddb://m'), /sequential(_\d+)?\.save: 'indexeddb:\/\/m' needs IndexedDB, which this environment does not have \(browsers and web workers do; in Node, import 'fake-indexeddb\/auto' first, or save with 'file:\/\/'\)/);
    await assert.rejects(loadModel('indexeddb://m'), /loadModel: 'indexeddb:\/\/m' needs IndexedDB/);
  } finally {
    globalThis.indexedDB = saved;
  }
});

test('a record that is not model artifacts is reported', async () => {
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open(INDEXEDDB_DATABASE, 1);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('models_store', 'readwrite');
      tx.objectStore('models_store').put({ modelPath: 'junk', something: 1 });
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
  await assert.rejects(loadModel('indexeddb://junk'), /the IndexedDB record of 'indexeddb:\/\/junk' has no 'modelArtifacts' object/);
});

test('TensorFlow.js reads what lstm-ts saved to IndexedDB, and the other way round', async () => {
  const tf = await import('@tensorflow/tfjs');
  // tfjs looks for IndexedDB on window/self and only when it believes it runs in a browser.
  const g = globalThis as { self?: unknown; window?: unknown };
  g.self = globalThis;
  g.window = globalThis;
  tf.env().set('IS_BROWSER', true);
  try {
    await tf.setBackend('cpu');
    const model = build();
    await model.save('indexeddb://shared', { extra: { from: 'lstm-ts' } });
    const theirs = await tf.loadLayersModel('indexeddb://shared');
    const ours = Array.from(model.predict(x).data);
    const fromTfjs = Array.from((theirs.predict(tf.tensor(x.toArray() as number[][][])) as { dataSync(): Float32Array }).dataSync());
    fromTfjs.forEach((v, i) => assert.ok(Math.abs(v - ours[i]!) < 1e-6, `tfjs ${v} vs lstm-ts ${ours[i]}`));
    await theirs.save('indexeddb://from-tfjs');
    const { model: back, extra } = await loadModel('indexeddb://from-tfjs');
    assert.deepEqual(Array.from(asSequential(back).predict(x).data), ours);
    assert.deepEqual(extra, { from: 'lstm-ts' });
  } finally {
    tf.env().set('IS_BROWSER', false);
    delete g.self;
    delete g.window;
  }
});
