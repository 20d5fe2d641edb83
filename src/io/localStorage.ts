/**
 * Saving to and loading from the browser's localStorage (`localstorage://name`) under the keys
 * TensorFlow.js uses, so either library reads what the other saved:
 * `tensorflowjs_models/<name>/info`, `/model_topology`, `/weight_specs`, `/weight_data`
 * (the weight bytes as base64) and `/model_metadata`.
 *
 * localStorage holds a few megabytes per origin (about 5 million UTF-16 characters in most
 * browsers), and base64 makes the weights a third larger: a model over ~3.5 MB of weights does
 * not fit. A save that hits the quota fails with an error giving the sizes, and the keys of the
 * model are put back as they were (the previous save of that name stays loadable).
 *
 * Browser-safe: no Node imports. Tests pass an in-memory `Storage`.
 */
import { ValueError } from '../tensor/errors.js';
import { isJsonObject } from './json.js';
import type { ModelArtifacts } from './modelArtifacts.js';
import { type BrowserStoreHandler, type ModelArtifactsInfo, artifactsInfo } from './indexedDb.js';

/** The part of the DOM `Storage` interface used here. */
export interface StorageLike {
  /** The value stored under `key`, or null when there is none. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`; may throw (e.g. when the quota is exceeded): the save then restores the old keys and throws a ValueError. */
  setItem(key: string, value: string): void;
  /** Deletes `key`; a missing key is not an error. */
  removeItem(key: string): void;
}

const PREFIX = 'tensorflowjs_models';

/** The five keys of a model, as tfjs names them. */
export function localStorageKeys(name: string): { info: string; topology: string; weightSpecs: string; weightData: string; modelMetadata: string } {
  const key = (suffix: string): string => [PREFIX, name, suffix].join('/');
  return {
    info: key('info'),
    topology: key('model_topology'),
    weightSpecs: key('weight_specs'),
    weightData: key('weight_data'),
    modelMetadata: key('model_metadata'),
  };
}

function label(name: string): string {
  return `'localstorage://${name}'`;
}

function storageOrThrow(storage: StorageLike | undefined, where: string, name: string): StorageLike {
  let found = storage;
  if (!found) {
    try {
      found = (globalThis as { localStorage?: StorageLike }).localStorage;
    } catch {
      found = undefined; // some browsers throw on access when storage is disabled
    }
  }
  if (!found || typeof found.getItem !== 'function' || typeof found.setItem !== 'function') {
    throw new ValueError(
      `${where}: ${label(name)} needs localStorage, which this environment does not have (browser pages do; workers and Node do not: use 'indexeddb://' or 'file://')`,
    );
  }
  return found;
}

function checkName(name: unknown, where: string): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new ValueError(`${where}: a 'localstorage://' URL needs a model name after the scheme, e.g. 'localstorage://my-model', got ${JSON.stringify(name)}`);
  }
}

/** Base64 of bytes (standard alphabet with padding, as `btoa`). */
export function bytesToBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    chunks.push(String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + step))));
  }
  return btoa(chunks.join(''));
}

/** Bytes of a base64 string; throws ValueError on characters outside the alphabet. */
export function base64ToBytes(text: string, what: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch (e) {
    throw new ValueError(`${what} is not valid base64`, { cause: e });
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function isQuotaError(e: unknown): boolean {
  const { name, code } = (e ?? {}) as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

/** Saves artifacts as `localstorage://name`. On failure, the keys of `name` are restored. */
export function saveToLocalStorage(name: string, artifacts: ModelArtifacts, storage?: StorageLike, where = 'saveModel'): { modelArtifactsInfo: ModelArtifactsInfo } {
  checkName(name, where);
  const ls = storageOrThrow(storage, where, name);
  const keys = localStorageKeys(name);
  const modelArtifactsInfo = artifactsInfo(artifacts);
  const metadata: Record<string, unknown> = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
  };
  if (artifacts.userDefinedMetadata !== undefined) metadata['userDefinedMetadata'] = artifacts.userDefinedMetadata;
  // The info key goes last: it is what marks a model as present.
  const entries: [string, string][] = [
    [keys.topology, JSON.stringify(artifacts.modelTopology)],
    [keys.weightSpecs, JSON.stringify(artifacts.weightSpecs)],
    [keys.weightData, bytesToBase64(new Uint8Array(artifacts.weightData))],
    [keys.modelMetadata, JSON.stringify(metadata)],
    [keys.info, JSON.stringify(modelArtifactsInfo)],
  ];
  const previous = entries.map(([key]) => [key, ls.getItem(key)] as const);
  try {
    for (const [key, value] of entries) ls.setItem(key, value);
  } catch (e) {
    // Make room first, then put the old model back (it fitted before).
    for (const [key] of entries) ls.removeItem(key);
    for (const [key, value] of previous) {
      if (value === null) continue;
      try {
        ls.setItem(key, value);
      } catch {
        // Nothing more can be done; the message below says the save failed.
      }
    }
    const chars = entries.reduce((n, [key, value]) => n + key.length + value.length, 0);
    const sizes =
      `topology ${modelArtifactsInfo.modelTopologyBytes} bytes, weight specs ${modelArtifactsInfo.weightSpecsBytes} bytes, ` +
      `weights ${modelArtifactsInfo.weightDataBytes} bytes (${entries[2]![1].length} characters of base64); ${chars} characters in all`;
    if (isQuotaError(e)) {
      throw new ValueError(
        `${where}: ${label(name)} does not fit in localStorage: the storage quota (about 5 million characters per origin in most browsers) was exceeded while writing ${sizes}. ` +
          `Save to 'indexeddb://${name}' instead, or free space with removeFromLocalStorage`,
        { cause: e },
      );
    }
    throw new ValueError(`${where}: could not save ${label(name)} to localStorage (${sizes}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return { modelArtifactsInfo };
}

function parseKey(ls: StorageLike, key: string, name: string, what: string, where: string): unknown {
  const text = ls.getItem(key);
  if (text === null) throw new ValueError(`${where}: localStorage has the info of ${label(name)} but not its ${what} (key '${key}'); the save was incomplete`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValueError(`${where}: the ${what} of ${label(name)} (key '${key}') is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Loads the artifacts saved as `localstorage://name` (by lstm-ts or by tfjs). */
export function loadFromLocalStorage(name: string, storage?: StorageLike, where = 'loadModel'): ModelArtifacts {
  checkName(name, where);
  const ls = storageOrThrow(storage, where, name);
  const keys = localStorageKeys(name);
  if (ls.getItem(keys.info) === null) {
    throw new ValueError(`${where}: no model named '${name}' in localStorage (key '${keys.info}' is missing); save one first with model.save(${label(name)})`);
  }
  const info = parseKey(ls, keys.info, name, 'info', where);
  if (isJsonObject(info) && info['modelTopologyType'] !== undefined && info['modelTopologyType'] !== 'JSON') {
    throw new ValueError(`${where}: ${label(name)} has a ${String(info['modelTopologyType'])} topology; only JSON topologies can be read`);
  }
  const modelTopology = parseKey(ls, keys.topology, name, 'topology', where);
  if (!isJsonObject(modelTopology)) throw new ValueError(`${where}: the topology of ${label(name)} (key '${keys.topology}') is not a JSON object`);
  const weightSpecs = parseKey(ls, keys.weightSpecs, name, 'weight specs', where);
  if (!Array.isArray(weightSpecs)) throw new ValueError(`${where}: the weight specs of ${label(name)} (key '${keys.weightSpecs}') are not a JSON array`);
  const base64 = ls.getItem(keys.weightData);
  if (base64 === null) throw new ValueError(`${where}: localStorage has the info of ${label(name)} but not its weights (key '${keys.weightData}'); the save was incomplete`);
  const bytes = base64ToBytes(base64, `${where}: the weights of ${label(name)} (key '${keys.weightData}')`);
  const artifacts: ModelArtifacts = { modelTopology, weightSpecs: weightSpecs as ModelArtifacts['weightSpecs'], weightData: bytes.buffer as ArrayBuffer };
  const metaText = ls.getItem(keys.modelMetadata);
  if (metaText !== null) {
    const meta = parseKey(ls, keys.modelMetadata, name, 'metadata', where);
    if (isJsonObject(meta)) {
      if (typeof meta['format'] === 'string') artifacts.format = meta['format'];
      if (typeof meta['generatedBy'] === 'string') artifacts.generatedBy = meta['generatedBy'];
      if (typeof meta['convertedBy'] === 'string' || meta['convertedBy'] === null) artifacts.convertedBy = meta['convertedBy'];
      if (isJsonObject(meta['userDefinedMetadata'])) artifacts.userDefinedMetadata = meta['userDefinedMetadata'];
    }
  }
  return artifacts;
}

/**
 * Removes the keys of `localstorage://name`; returns whether a model was there.
 * @example io.removeFromLocalStorage('forecaster') // true if it was saved there
 */
export function removeFromLocalStorage(name: string, storage?: StorageLike): boolean {
  checkName(name, 'removeFromLocalStorage');
  const ls = storageOrThrow(storage, 'removeFromLocalStorage', name);
  const keys = localStorageKeys(name);
  const existed = ls.getItem(keys.info) !== null;
  for (const key of Object.values(keys)) ls.removeItem(key);
  return existed;
}

/**
 * A tfjs-style handler for `localstorage://name` (optionally on another Storage).
 * @example await model.save(io.browserLocalStorage('forecaster', sessionStorage));
 */
export function browserLocalStorage(name: string, storage?: StorageLike): BrowserStoreHandler {
  checkName(name, 'browserLocalStorage');
  return {
    save: async (artifacts) => saveToLocalStorage(name, artifacts, storage),
    load: async () => loadFromLocalStorage(name, storage),
  };
}
