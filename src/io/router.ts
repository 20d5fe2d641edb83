/**
 * One entry point for saving and loading models wherever they go, as tfjs's IO router:
 *
 * | target | where |
 * | --- | --- |
 * | `'file://dir'` (or a plain path, Node only) | `dir/model.json` + `dir/weights.bin` on disk |
 * | `'indexeddb://name'` | the browser's IndexedDB, in tfjs's database (`./indexedDb.ts`) |
 * | `'localstorage://name'` | the browser's localStorage, under tfjs's keys (`./localStorage.ts`) |
 * | `'downloads://name'` | save only, browser only: downloads `name.json` and `name.weights.bin` |
 * | `{ save(artifacts), load() }` | any object handler, e.g. to keep the artifacts in memory |
 *
 * Browser-safe: `file://` goes through the Node support that the Node entries install
 * (src/platform/nodeSupport.ts); nothing here imports node:fs, even lazily, so bundlers have
 * no Node module to stub.
 *
 * @example
 * await model.save('indexeddb://sentiment', { extra: { vocabulary } });
 * const { model: copy, extra } = await loadModel('indexeddb://sentiment');
 *
 * @example
 * let kept: ModelArtifacts | undefined;
 * await model.save({ save: (a) => { kept = a; } });
 * const { model: copy } = await loadModel({ load: () => kept! });
 */
import { ValueError } from '../tensor/errors.js';
import type { LayersModel } from '../models/layersModel.js';
import { registerModelSaver } from '../models/modelSaver.js';
import { type JsonObject, toJsonCopy } from './json.js';
import { type LoadOptions, type ModelArtifacts, type SaveOptions, modelFromArtifacts, modelToArtifacts } from './modelArtifacts.js';
import { modelJsonFromArtifacts } from './modelJson.js';
import type { LoadedModel } from './memory.js';
import { type ModelArtifactsInfo, artifactsInfo, loadFromIndexedDb, saveToIndexedDb } from './indexedDb.js';
import { loadFromLocalStorage, saveToLocalStorage } from './localStorage.js';
import { isNode, nodeSupport } from '../platform/nodeSupport.js';

export type { ModelArtifactsInfo } from './indexedDb.js';

/** An object that receives a model's artifacts (tfjs's `io.IOHandler` with `save`). */
export interface SaveHandler {
  /** Receives the topology, weight specs and weight bytes; may return a promise, which is awaited. */
  save(artifacts: ModelArtifacts): unknown;
}

/** An object that hands back a model's artifacts (tfjs's `io.IOHandler` with `load`). */
export interface LoadHandler {
  /** Returns the artifacts a `save` produced (or tfjs wrote). */
  load(): ModelArtifacts | Promise<ModelArtifacts>;
}

/**
 * Where `model.save` and `saveModel` write: a URL such as `'indexeddb://name'` or
 * `'file://dir'` (see the table above), or an object with `save(artifacts)`.
 * @example
 * const target: SaveTarget = navigator.storage ? 'indexeddb://my-model' : 'localstorage://my-model';
 * await model.save(target);
 */
export type SaveTarget = string | SaveHandler;

/**
 * Where `loadModel` reads: the same URLs as {@link SaveTarget} (`downloads://` excepted),
 * or an object with `load()` that returns model artifacts.
 * @example
 * const source: LoadSource = 'indexeddb://my-model';
 * const { model, extra } = await loadModel(source);
 */
export type LoadSource = string | LoadHandler;

/** What `saveModel`/`model.save` report. */
export interface ModelSaveResult {
  /** Where the model went: `'file:///abs/dir'`, `'indexeddb://name'`, ..., or `'handler'`. */
  url: string;
  /** Sizes and date, as tfjs's `SaveResult.modelArtifactsInfo`. */
  modelArtifactsInfo: ModelArtifactsInfo;
  /** `file://` only: the absolute path of model.json. */
  modelJsonPath?: string;
  /** `file://` only: the absolute path of weights.bin. */
  weightsPath?: string;
  /** A handler target only: what its `save` returned (awaited). */
  handlerResult?: unknown;
}

/** The URL schemes the router knows. */
export const MODEL_URL_SCHEMES = ['file://', 'indexeddb://', 'localstorage://', 'downloads://'] as const;

type Route =
  | { scheme: 'file'; path: string }
  | { scheme: 'indexeddb' | 'localstorage' | 'downloads'; name: string }
  | { scheme: 'handler' };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value;
}

function route(target: unknown, where: string, method: 'save' | 'load'): Route {
  if (typeof target === 'object' && target !== null) {
    if (typeof (target as Record<string, unknown>)[method] === 'function') return { scheme: 'handler' };
    throw new ValueError(
      `${where}: a handler object needs a '${method}' method (${method === 'save' ? 'save(artifacts)' : 'load() returning model artifacts'}); got an object with keys [${Object.keys(target).join(', ')}]`,
    );
  }
  if (typeof target !== 'string' || target.trim() === '') {
    throw new ValueError(`${where}: argument '${method === 'save' ? 'target' : 'source'}' expected a URL (${MODEL_URL_SCHEMES.join(', ')}) or a handler object, got ${describe(target)}`);
  }
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(target);
  if (!match) {
    if (isNode()) return { scheme: 'file', path: target };
    throw new ValueError(`${where}: '${target}' has no scheme; use one of ${MODEL_URL_SCHEMES.join(', ')} (a plain path works only in Node)`);
  }
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  if (scheme === 'file') return { scheme: 'file', path: target };
  if (scheme === 'indexeddb' || scheme === 'localstorage' || scheme === 'downloads') return { scheme, name: rest };
  const hint = scheme === 'http' || scheme === 'https'
    ? ' (to load from a server, fetch model.json and weights.bin and call io.loadFromModelJson)'
    : '';
  throw new ValueError(`${where}: URL scheme '${scheme}://' of '${target}' is not supported; use one of ${MODEL_URL_SCHEMES.join(', ')} or a handler object${hint}`);
}

/** Clicks an `<a download>` for each file (a browser shows one download per file). */
async function downloadFiles(name: string, artifacts: ModelArtifacts, where: string): Promise<void> {
  const doc = (globalThis as { document?: Document }).document;
  const createUrl = typeof URL !== 'undefined' ? URL.createObjectURL : undefined;
  if (!doc || typeof doc.createElement !== 'function' || typeof createUrl !== 'function' || typeof Blob === 'undefined') {
    throw new ValueError(
      `${where}: 'downloads://' needs a browser page (document, Blob and URL.createObjectURL)${isNode() ? "; in Node save with 'file://path' instead" : ''}`,
    );
  }
  const prefix = name === '' ? 'model' : name;
  // The file names tfjs's browserDownloads uses, so tf.loadLayersModel reads the pair too.
  const weightsName = `${prefix}.weights.bin`;
  const json = modelJsonFromArtifacts(artifacts, `./${weightsName}`);
  const files: [string, Blob][] = [
    [`${prefix}.json`, new Blob([JSON.stringify(json)], { type: 'application/json' })],
    [weightsName, new Blob([artifacts.weightData], { type: 'application/octet-stream' })],
  ];
  const urls: string[] = [];
  for (const [fileName, blob] of files) {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    const anchor = doc.createElement('a');
    anchor.download = fileName;
    anchor.href = url;
    anchor.click();
  }
  // Give the browser a moment to start the downloads before the URLs stop working.
  setTimeout(() => {
    for (const url of urls) URL.revokeObjectURL?.(url);
  }, 1000);
}

/**
 * Saves `model` to `target` (see the table in this file's header); `options.extra` is any
 * JSON object stored with it (tfjs's `userDefinedMetadata`) and returned by `loadModel`.
 * `model.save(target, options)` calls this (exported as `io.saveModelTo`).
 * @example
 * const { url, modelArtifactsInfo } = await io.saveModelTo(model, 'indexeddb://forecaster');
 * console.log(url, modelArtifactsInfo.weightDataBytes);
 */
export async function saveModel(model: LayersModel, target: SaveTarget, options: SaveOptions = {}): Promise<ModelSaveResult> {
  const where = `${model?.name ?? 'model'}.save`;
  const r = route(target, where, 'save');
  if (r.scheme === 'file') {
    const files = nodeSupport(where, `saving to '${r.path}'`, "save to 'indexeddb://name', 'localstorage://name' or 'downloads://name' instead");
    const result = await files.saveModelFiles(model, r.path, options);
    return {
      url: `file://${result.modelJsonPath.replace(/[\\/][^\\/]*$/, '')}`,
      modelArtifactsInfo: artifactsInfo(modelToArtifacts(model, options, where)),
      modelJsonPath: result.modelJsonPath,
      weightsPath: result.weightsPath,
    };
  }
  const artifacts = modelToArtifacts(model, options, where);
  switch (r.scheme) {
    case 'handler': {
      const handlerResult = await (target as SaveHandler).save(artifacts);
      return { url: 'handler', modelArtifactsInfo: artifactsInfo(artifacts), handlerResult };
    }
    case 'indexeddb':
      return { url: `indexeddb://${r.name}`, ...(await saveToIndexedDb(r.name, artifacts, undefined, where)) };
    case 'localstorage':
      return { url: `localstorage://${r.name}`, ...saveToLocalStorage(r.name, artifacts, undefined, where) };
    case 'downloads':
      await downloadFiles(r.name, artifacts, where);
      return { url: `downloads://${r.name}`, modelArtifactsInfo: artifactsInfo(artifacts) };
  }
}

registerModelSaver(saveModel);

/**
 * Loads a model saved with `saveModel`/`model.save` (or by tfjs) from a URL or handler.
 * Returns the (uncompiled) model and the `extra` JSON saved with it.
 * @example const { model } = await loadModel('localstorage://forecaster');
 */
export async function loadModel(source: LoadSource, options: LoadOptions = {}): Promise<LoadedModel> {
  const where = 'loadModel';
  const r = route(source, where, 'load');
  if (r.scheme === 'file') {
    const files = nodeSupport(where, `loading '${r.path}'`, "load from 'indexeddb://name' or 'localstorage://name', or read the files with a file input and call io.loadFromModelJson");
    return files.loadModelFiles(r.path, options);
  }
  let artifacts: ModelArtifacts;
  switch (r.scheme) {
    case 'handler': {
      const got: unknown = await (source as LoadHandler).load();
      if (typeof got !== 'object' || got === null) {
        throw new ValueError(`${where}: the handler's load() returned ${got === null ? 'null' : typeof got}; expected model artifacts { modelTopology, weightSpecs, weightData }`);
      }
      artifacts = got as ModelArtifacts;
      break;
    }
    case 'indexeddb':
      artifacts = await loadFromIndexedDb(r.name, undefined, where);
      break;
    case 'localstorage':
      artifacts = loadFromLocalStorage(r.name, undefined, where);
      break;
    case 'downloads':
      throw new ValueError(
        `${where}: 'downloads://' is for saving only; to load downloaded files, read model.json and the weights with a file input and call io.loadFromModelJson`,
      );
  }
  const model = modelFromArtifacts(artifacts, options, where);
  const meta = artifacts.userDefinedMetadata;
  return { model, extra: meta === undefined || meta === null ? undefined : (toJsonCopy(meta, where, 'userDefinedMetadata') as JsonObject) };
}
