/**
 * The Models tab, for the text model (the one the Text and Look inside tabs use): save it in
 * this browser's IndexedDB and load it back (also after a reload), download model.json and
 * the weights (the same format `model.save('file://dir')` writes in Node), and upload such
 * files, e.g. a model trained with `lstm textgen train`.
 */
import { io, loadModel } from '../../src/index.ts';
import { byId, count, esc } from './dom.ts';
import { artifactsFromFiles } from './modelFiles.ts';
import type { TextModelInfo } from './protocol.ts';
import { listSavedModels } from './savedModels.ts';
import type { TextSession } from './textSession.ts';

const MARKUP = `
<div class="columns">
  <section class="card" aria-labelledby="idb-heading">
    <h2 id="idb-heading">In this browser (IndexedDB)</h2>
    <div class="field"><label for="model-name">Name</label><input id="model-name" type="text" value="playground-text" autocomplete="off"></div>
    <div class="buttons"><button id="save-idb" type="button" class="primary">Save the current model</button></div>
    <div class="field"><label for="saved-models">Saved models</label><select id="saved-models"></select></div>
    <div class="buttons">
      <button id="load-idb" type="button">Load</button>
      <button id="delete-idb" type="button">Delete</button>
    </div>
  </section>
  <section class="card" aria-labelledby="files-heading">
    <h2 id="files-heading">Files</h2>
    <p class="hint">Downloads <code>NAME.json</code> and <code>NAME.weights.bin</code> (TensorFlow.js layers format, with the vocabulary inside).
    Upload both together to load them again, or a <code>model.json</code> + <code>weights.bin</code> pair written by <code>lstm textgen train</code>.</p>
    <div class="buttons"><button id="download" type="button">Download model files</button></div>
    <div class="field"><label for="upload-files">Model files (.json and .bin)</label><input id="upload-files" type="file" multiple accept=".json,.bin"></div>
    <div class="buttons"><button id="load-files" type="button">Load the chosen files</button></div>
  </section>
</div>
<section class="card" aria-labelledby="current-heading">
  <h2 id="current-heading">Current text model</h2>
  <p id="model-info">None yet: train one in the Text tab or load one here.</p>
  <p id="models-status" class="status" role="status"></p>
</section>`;

function describe(info: TextModelInfo | null): string {
  if (!info) return 'None yet: train one in the Text tab or load one here.';
  return `${info.source}: Embedding(${info.vocabSize}, ${info.embeddingDim}) → ${info.layers} × LSTM(${info.units}) → softmax over ${info.vocabSize} characters; ${count(info.parameters)} parameters${info.lower ? ', lower-cased text' : ''}.`;
}

export function mountModelsPanel(root: HTMLElement, session: TextSession): void {
  root.innerHTML = MARKUP;
  const q = <T extends Element>(id: string, type: new () => T): T => byId(root, id, type);
  const name = q('model-name', HTMLInputElement);
  const saved = q('saved-models', HTMLSelectElement);
  const info = q('model-info', HTMLElement);
  const status = q('models-status', HTMLElement);
  const uploads = q('upload-files', HTMLInputElement);
  const buttons = [...root.querySelectorAll('button')];

  /** Runs one action with the buttons disabled, reporting success or the error. */
  const act = (label: string, action: () => Promise<string>): void => {
    for (const b of buttons) b.disabled = true;
    status.textContent = `${label}…`;
    action()
      .then((message) => (status.textContent = message))
      .catch((error: unknown) => (status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        for (const b of buttons) b.disabled = false;
      });
  };

  const refresh = async (select?: string): Promise<void> => {
    const models = await listSavedModels();
    const keep = select ?? saved.value;
    saved.replaceChildren(
      ...models.map((m) => new Option(`${m.name} (${count(m.weightBytes / 1024)} kB${m.dateSaved ? `, ${m.dateSaved}` : ''})`, m.name, false, m.name === keep)),
    );
    if (models.length === 0) saved.add(new Option('(none saved yet)', ''));
  };
  void refresh().catch((error: unknown) => (status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`));

  const modelName = (): string => {
    const v = name.value.trim();
    if (v === '') throw new Error('give the model a name');
    return v;
  };

  q('save-idb', HTMLButtonElement).addEventListener('click', () =>
    act('Saving', async () => {
      const target = modelName();
      const result = await session.client.call('saveIndexedDb', { name: target });
      await refresh(target);
      return `Saved as ${result.url} (${count(result.weightBytes / 1024)} kB of weights).`;
    }),
  );
  q('load-idb', HTMLButtonElement).addEventListener('click', () =>
    act('Loading', async () => {
      if (saved.value === '') throw new Error('no saved model chosen');
      const loaded = await session.client.call('loadIndexedDb', { name: saved.value });
      return `Loaded ${loaded.source}.`;
    }),
  );
  q('delete-idb', HTMLButtonElement).addEventListener('click', () =>
    act('Deleting', async () => {
      if (saved.value === '') throw new Error('no saved model chosen');
      const gone = saved.value;
      await io.removeFromIndexedDb(gone);
      await refresh();
      return `Deleted indexeddb://${gone}.`;
    }),
  );
  q('download', HTMLButtonElement).addEventListener('click', () =>
    act('Preparing the files', async () => {
      const target = modelName();
      const { artifacts } = await session.client.call('exportArtifacts', {});
      // Rebuild the model here: 'downloads://' needs a page (it clicks download links).
      const { model, extra } = await loadModel({ load: () => artifacts });
      await model.save(`downloads://${target}`, extra ? { extra } : {});
      return `Downloaded ${target}.json and ${target}.weights.bin.`;
    }),
  );
  q('load-files', HTMLButtonElement).addEventListener('click', () =>
    act('Reading the files', async () => {
      const files = [...(uploads.files ?? [])];
      if (files.length === 0) throw new Error('choose the model .json file and its weights file first');
      const { artifacts, source } = await artifactsFromFiles(files);
      const loaded = await session.client.call('importArtifacts', { artifacts, source }, [artifacts.weightData]);
      return `Loaded ${loaded.source}.`;
    }),
  );

  session.on((event) => {
    if (event.type === 'state') {
      info.textContent = describe(event.info);
      root.dataset['modelSource'] = event.info?.source ?? '';
    }
  });
  info.innerHTML = esc(describe(session.info));
}
