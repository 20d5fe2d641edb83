/**
 * How `model.save` reaches the file formats without importing them. The io modules rebuild
 * Sequential models, and Sequential extends LayersModel, so a static import of io from
 * layersModel.ts is an import cycle that breaks whichever file loads first, and a lazy
 * `import()` is ineffective in bundlers (Vite warns in every build). Instead the router
 * registers its `saveModel` here when it loads; every public entry loads it.
 */
import { ValueError } from '../tensor/errors.js';
import type { LayersModel } from './layersModel.js';
import type { ModelSaveResult, SaveTarget } from '../io/router.js';
import type { SaveOptions } from '../io/modelArtifacts.js';

type SaveFn = (model: LayersModel, target: SaveTarget, options: SaveOptions) => Promise<ModelSaveResult>;

let saver: SaveFn | null = null;

/** @internal Called once by src/io/router.ts. */
export function registerModelSaver(fn: SaveFn): void {
  saver = fn;
}

/** @internal The registered saver; a clear error where no entry loaded the file formats. */
export function modelSaver(where: string): SaveFn {
  if (!saver) {
    throw new ValueError(`${where}: the file formats are not loaded; use the package entry ('lstm-ts'), which loads them, rather than an internal module alone`);
  }
  return saver;
}
