/**
 * Node entry point of the io module: everything in `./index.ts` plus saving to and loading
 * from disk (`saveModel`, `loadModel`), which need node:fs and so stay out of browser bundles.
 */
import '../platform/installNodeSupport.js';

export * from './index.js';
export { saveModel, loadModel, type SaveResult } from './fileHandler.js';
