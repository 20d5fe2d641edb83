/**
 * Saving to and loading from the browser's IndexedDB (`indexeddb://name`), in the same
 * database TensorFlow.js uses, so tfjs's `tf.loadLayersModel('indexeddb://name')` reads what
 * lstm-ts saved and the other way round: database `tensorflowjs` (version 1), object stores
 * `models_store` (the model artifacts: topology, weight specs, the weight bytes as one
 * ArrayBuffer, metadata, in ONE record) and `model_info_store` (sizes and date, for listing).
 * Both records are written in one transaction, so a save is all or nothing.
 *
 * Browser-safe: no Node imports. In Node, tests install an implementation first
 * (`import 'fake-indexeddb/auto'`) or pass a factory.
 *
 * @example
 * await browserIndexedDb('my-model').save(saveToMemory(model));
 * const artifacts = await browserIndexedDb('my-model').load();
 */
import { ValueError } from '../tensor/errors.js';
import type { ModelArtifacts } from './modelArtifacts.js';

/** The database, version and stores tfjs uses (tfjs-core/src/io/indexed_db.ts). */
export const INDEXEDDB_DATABASE = 'tensorflowjs';
const DATABASE_VERSION = 1;
const MODEL_STORE = 'models_store';
const INFO_STORE = 'model_info_store';

/** What tfjs records about a saved model (`io.ModelArtifactsInfo`). */
export interface ModelArtifactsInfo {
  /** When the save ran (the time the info was computed). */
  dateSaved: Date;
  /** How the topology is stored: always 'JSON' (tfjs also knows 'GraphDef', which is not written here). */
  modelTopologyType: 'JSON';
  /** UTF-8 bytes of the topology as JSON. */
  modelTopologyBytes: number;
  /** UTF-8 bytes of the weight specs as JSON. */
  weightSpecsBytes: number;
  /** Bytes of the binary weight data (`weightData.byteLength`). */
  weightDataBytes: number;
}

/** Sizes of the artifacts, as tfjs's `getModelArtifactsInfoForJSON` computes them. */
export function artifactsInfo(artifacts: ModelArtifacts): ModelArtifactsInfo {
  const utf8 = (s: string): number => new TextEncoder().encode(s).byteLength;
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: utf8(JSON.stringify(artifacts.modelTopology)),
    weightSpecsBytes: utf8(JSON.stringify(artifacts.weightSpecs)),
    weightDataBytes: artifacts.weightData.byteLength,
  };
}

/** A model store with tfjs's handler shape. */
export interface BrowserStoreHandler {
  /** Stores `artifacts` under the handler's name, replacing a model saved there before. */
  save(artifacts: ModelArtifacts): Promise<{
    /** Sizes and time of the save, as tfjs reports them. */
    modelArtifactsInfo: ModelArtifactsInfo;
  }>;
  /** Reads the artifacts saved under the handler's name; rejects with a ValueError when there are none. */
  load(): Promise<ModelArtifacts>;
}

function label(name: string): string {
  return `'indexeddb://${name}'`;
}

function factoryOrThrow(factory: IDBFactory | undefined, where: string, name: string): IDBFactory {
  const found = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!found || typeof found.open !== 'function') {
    throw new ValueError(
      `${where}: ${label(name)} needs IndexedDB, which this environment does not have (browsers and web workers do; in Node, import 'fake-indexeddb/auto' first, or save with 'file://')`,
    );
  }
  return found;
}

function reason(error: unknown): string {
  if (error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return String(error);
}

/** Opens tfjs's database, creating its two stores on first use. */
function openDatabase(factory: IDBFactory, where: string, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(INDEXEDDB_DATABASE, DATABASE_VERSION);
    } catch (e) {
      reject(new ValueError(`${where}: ${label(name)}: cannot open IndexedDB database '${INDEXEDDB_DATABASE}': ${reason(e)}`, { cause: e }));
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(MODEL_STORE)) db.createObjectStore(MODEL_STORE, { keyPath: 'modelPath' });
      if (!db.objectStoreNames.contains(INFO_STORE)) db.createObjectStore(INFO_STORE, { keyPath: 'modelPath' });
    };
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(MODEL_STORE) || !db.objectStoreNames.contains(INFO_STORE)) {
        db.close();
        reject(new ValueError(`${where}: ${label(name)}: IndexedDB database '${INDEXEDDB_DATABASE}' exists but lacks the stores '${MODEL_STORE}' and '${INFO_STORE}'`));
        return;
      }
      resolve(db);
    };
    request.onerror = () => reject(new ValueError(`${where}: ${label(name)}: cannot open IndexedDB database '${INDEXEDDB_DATABASE}': ${reason(request.error)}`, { cause: request.error }));
    request.onblocked = () => reject(new ValueError(`${where}: ${label(name)}: opening IndexedDB database '${INDEXEDDB_DATABASE}' is blocked by another tab holding an older version open`));
  });
}

/** A copy of the bytes as a standalone ArrayBuffer (IndexedDB clones it; a view's buffer may be larger). */
function ownBuffer(data: ArrayBuffer): ArrayBuffer {
  return data.slice(0);
}

/** Saves artifacts as `indexeddb://name`; the old model of that name is replaced atomically. */
export async function saveToIndexedDb(name: string, artifacts: ModelArtifacts, factory?: IDBFactory, where = 'saveModel'): Promise<{ modelArtifactsInfo: ModelArtifactsInfo }> {
  checkName(name, where);
  const db = await openDatabase(factoryOrThrow(factory, where, name), where, name);
  const modelArtifactsInfo = artifactsInfo(artifacts);
  const record = { modelPath: name, modelArtifacts: { ...artifacts, weightData: ownBuffer(artifacts.weightData) }, modelArtifactsInfo };
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown): void =>
        reject(new ValueError(`${where}: could not save ${label(name)} to IndexedDB (${artifacts.weightData.byteLength} bytes of weights): ${reason(error)}`, { cause: error }));
      let tx: IDBTransaction;
      try {
        tx = db.transaction([MODEL_STORE, INFO_STORE], 'readwrite');
        tx.objectStore(INFO_STORE).put({ modelPath: name, modelArtifactsInfo });
        tx.objectStore(MODEL_STORE).put(record);
      } catch (e) {
        fail(e); // DataCloneError and the like are thrown synchronously by put()
        return;
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => fail(tx.error);
      tx.onabort = () => fail(tx.error ?? new Error('transaction aborted (quota exceeded?)'));
    });
  } finally {
    db.close();
  }
  return { modelArtifactsInfo };
}

/** Loads the artifacts saved as `indexeddb://name` (by lstm-ts or by tfjs). */
export async function loadFromIndexedDb(name: string, factory?: IDBFactory, where = 'loadModel'): Promise<ModelArtifacts> {
  checkName(name, where);
  const db = await openDatabase(factoryOrThrow(factory, where, name), where, name);
  let record: unknown;
  try {
    record = await new Promise<unknown>((resolve, reject) => {
      const request = db.transaction(MODEL_STORE, 'readonly').objectStore(MODEL_STORE).get(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new ValueError(`${where}: could not read ${label(name)} from IndexedDB: ${reason(request.error)}`, { cause: request.error }));
    });
  } finally {
    db.close();
  }
  if (record === undefined || record === null) {
    throw new ValueError(`${where}: no model named '${name}' in IndexedDB (database '${INDEXEDDB_DATABASE}'); save one first with model.save(${label(name)})`);
  }
  const artifacts = (record as { modelArtifacts?: unknown }).modelArtifacts;
  if (typeof artifacts !== 'object' || artifacts === null) {
    throw new ValueError(`${where}: the IndexedDB record of ${label(name)} has no 'modelArtifacts' object; it was not written by lstm-ts or tfjs`);
  }
  const weightData = (artifacts as { weightData?: unknown }).weightData;
  if (weightData !== undefined && !(weightData instanceof ArrayBuffer) && !ArrayBuffer.isView(weightData) && !Array.isArray(weightData)) {
    throw new ValueError(`${where}: the IndexedDB record of ${label(name)} has 'weightData' of type ${typeof weightData}; expected an ArrayBuffer`);
  }
  if (Array.isArray(weightData)) {
    // tfjs may keep several buffers (CompositeArrayBuffer); join them.
    const parts = weightData as ArrayBuffer[];
    const joined = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
    let offset = 0;
    for (const b of parts) {
      joined.set(new Uint8Array(b), offset);
      offset += b.byteLength;
    }
    return { ...(artifacts as ModelArtifacts), weightData: joined.buffer };
  }
  return artifacts as ModelArtifacts;
}

/**
 * Removes `indexeddb://name`; resolves to whether a model was there.
 * @example if (await io.removeFromIndexedDb('old-model')) console.log('removed');
 */
export async function removeFromIndexedDb(name: string, factory?: IDBFactory, where = 'removeFromIndexedDb'): Promise<boolean> {
  checkName(name, where);
  const db = await openDatabase(factoryOrThrow(factory, where, name), where, name);
  try {
    return await new Promise<boolean>((resolve, reject) => {
      const tx = db.transaction([MODEL_STORE, INFO_STORE], 'readwrite');
      const count = tx.objectStore(INFO_STORE).count(name);
      let existed = false;
      count.onsuccess = () => (existed = count.result > 0);
      tx.objectStore(INFO_STORE).delete(name);
      tx.objectStore(MODEL_STORE).delete(name);
      tx.oncomplete = () => resolve(existed);
      tx.onerror = () => reject(new ValueError(`${where}: could not remove ${label(name)}: ${reason(tx.error)}`, { cause: tx.error }));
    });
  } finally {
    db.close();
  }
}

function checkName(name: unknown, where: string): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new ValueError(`${where}: an 'indexeddb://' URL needs a model name after the scheme, e.g. 'indexeddb://my-model', got ${JSON.stringify(name)}`);
  }
}

/**
 * A tfjs-style handler for `indexeddb://name`: pass it to `model.save(handler)` or
 * `loadModel(handler)`, or use the URL directly.
 * @example
 * await model.save(io.browserIndexedDb('sentiment'));
 * const { model: copy } = await loadModel(io.browserIndexedDb('sentiment'));
 */
export function browserIndexedDb(name: string, factory?: IDBFactory): BrowserStoreHandler {
  checkName(name, 'browserIndexedDb');
  return {
    save: (artifacts) => saveToIndexedDb(name, artifacts, factory),
    load: () => loadFromIndexedDb(name, factory),
  };
}
