/**
 * The Keras loaders for Node: as in `./index.ts`, plus file paths (`'model.h5'`,
 * `'file:///abs/model.keras'`) read from disk. http(s) URLs are fetched.
 *
 * @example
 * const model = await loadKerasModel('models/lstm.h5');
 * model.summary();
 * const keras1 = await loadKerasModel('char-lstm.h5.json', { weights: 'char-lstm.h5' });
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValueError } from '../../tensor/errors.js';
import { readRegularFile } from '../regularFile.js';
import type { LayersModel } from '../../models/layersModel.js';
import {
  type KerasLoadOptions, type KerasReader, type KerasSource, fetchKerasSource, loadKerasModelWith, loadKerasWeightsWith,
} from './index.js';

/** Larger files cannot be held in one typed array on every engine; no LSTM model we read comes near. */
export const MAX_KERAS_FILE_BYTES = 2 ** 31 - 1;

/** @internal Reads paths and file:// URLs from disk; bytes and http(s) URLs as in the browser. */
export const readKerasSource: KerasReader = async (source, where) => {
  let path: string | null = null;
  if (source instanceof URL) path = source.protocol === 'file:' ? fileURLToPath(source) : null;
  else if (typeof source === 'string') {
    if (/^file:\/\//i.test(source)) path = fileURLToPath(source);
    else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) path = resolve(source);
  }
  if (path === null) return fetchKerasSource(source, where);
  // A FIFO, a device (/dev/zero) or a directory is refused before anything is read.
  const bytes = await readRegularFile(path, where, `file '${path}'`, MAX_KERAS_FILE_BYTES, '2 GiB, the most a Keras file may have here');
  return { bytes, name: path };
};

/**
 * Loads a Keras model from a path, URL or bytes: an `.h5` saved by `model.save` (Keras 1, 2,
 * tf.keras, Keras 3 legacy), a `.keras` archive, or a `model.to_json()` file with
 * `options.weights`. Returns an uncompiled model: a `Sequential` for a Sequential (or chain)
 * model, a functional `LayersModel` otherwise.
 * @example
 * const model = await loadKerasModel('models/forecaster.keras');
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' }); // to train it further
 */
export function loadKerasModel(source: KerasSource, options: KerasLoadOptions = {}): Promise<LayersModel> {
  return loadKerasModelWith(readKerasSource, source, options);
}

/**
 * Sets a built model's weights from a Keras weights file (path, URL or bytes); see the
 * browser entry's `loadKerasWeights` for the formats read.
 * @example
 * const model = sequential({ layers: [layers.lstm({ units: 32, inputShape: [20, 1] }), layers.dense({ units: 1 })] });
 * await loadKerasWeights(model, 'models/forecaster.weights.h5');
 */
export function loadKerasWeights(model: LayersModel, source: KerasSource): Promise<void> {
  return loadKerasWeightsWith(readKerasSource, model, source);
}

export type { KerasLoadOptions, KerasSource } from './index.js';
