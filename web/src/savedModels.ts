/**
 * The names of the models saved in this browser's IndexedDB. The library saves and loads by
 * name (`indexeddb://name`) but has no listing, so this reads the model-info store of the
 * database it writes (TensorFlow.js's layout: database 'tensorflowjs' version 1, stores
 * 'models_store' and 'model_info_store' keyed by 'modelPath'; see src/io/indexedDb.ts).
 */
const DATABASE = 'tensorflowjs';
const VERSION = 1;
const INFO_STORE = 'model_info_store';
const MODEL_STORE = 'models_store';

export interface SavedModel {
  name: string;
  weightBytes: number;
  dateSaved: string;
}

export function listSavedModels(): Promise<SavedModel[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, VERSION);
    // A first visit creates the database exactly as the library would, so its saves still work.
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(MODEL_STORE)) db.createObjectStore(MODEL_STORE, { keyPath: 'modelPath' });
      if (!db.objectStoreNames.contains(INFO_STORE)) db.createObjectStore(INFO_STORE, { keyPath: 'modelPath' });
    };
    request.onerror = () => reject(new Error(`cannot open IndexedDB: ${request.error?.message ?? 'unknown error'}`));
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(INFO_STORE)) {
        db.close();
        resolve([]);
        return;
      }
      const all = db.transaction(INFO_STORE, 'readonly').objectStore(INFO_STORE).getAll();
      all.onsuccess = () => {
        db.close();
        const records = all.result as { modelPath: string; modelArtifactsInfo?: { weightDataBytes?: number; dateSaved?: Date | string } }[];
        resolve(
          records.map((r) => ({
            name: r.modelPath,
            weightBytes: r.modelArtifactsInfo?.weightDataBytes ?? 0,
            dateSaved: r.modelArtifactsInfo?.dateSaved ? new Date(r.modelArtifactsInfo.dateSaved).toLocaleString() : '',
          })),
        );
      };
      all.onerror = () => {
        db.close();
        reject(new Error(`cannot list IndexedDB models: ${all.error?.message ?? 'unknown error'}`));
      };
    };
  });
}
