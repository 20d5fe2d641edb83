/**
 * The text worker: owns the language model, trains it batch by batch without freezing the
 * page, and answers Generate, gate-trace and save/load requests between batches (so they
 * always see the current weights).
 */
import { detectEngine } from './engine.ts';
import type { ModelArtifacts } from './libTypes.ts';
import type { TextCommand, TextEvent, TextMethods, TextSettings, TrainState } from './protocol.ts';
import { TextModel } from './textModel.ts';
import { errorMessage, nextTask, serve } from './workerHost.ts';

/** Seconds of training between held-out losses (each costs one forward pass over ~2k characters). */
const VALIDATE_EVERY_SECONDS = 1;

let current: TextModel | null = null;
let stopRequested = false;
let loop: Promise<void> | null = null;

function requireModel(): TextModel {
  if (!current) throw new Error('no model yet: press Train, or load one in the Models tab');
  return current;
}

function setState(state: TrainState, message: string): void {
  emit({ type: 'state', state, info: current?.info() ?? null, message });
}

async function train(model: TextModel): Promise<void> {
  stopRequested = false;
  setState('training', `training on ${model.info().vocabSize} distinct characters`);
  let lastValidation = -Infinity; // the first batch of a run gets a held-out loss
  try {
    while (!stopRequested && !model.finished && current === model) {
      const loss = model.trainBatch();
      let validationLoss: number | null = null;
      if (model.trainSeconds - lastValidation >= VALIDATE_EVERY_SECONDS || model.finished) {
        validationLoss = model.validationLoss();
        lastValidation = model.trainSeconds;
      }
      emit({
        type: 'progress',
        progress: {
          run: model.run,
          batch: model.batch,
          tokens: model.tokens,
          totalTokens: model.totalTokens,
          loss,
          validationLoss,
          unigramBaseline: model.unigramBaseline,
          tokensPerSecond: model.tokens / Math.max(model.trainSeconds, 1e-9),
          seconds: model.trainSeconds,
        },
      });
      // Let Stop, Generate and the other requests in.
      await nextTask();
    }
    if (current === model) {
      if (model.finished) setState('done', `finished: ${model.tokens.toLocaleString('en-US')} characters in ${model.trainSeconds.toFixed(1)} s`);
      else setState('stopped', `stopped after ${model.tokens.toLocaleString('en-US')} characters`);
    }
  } catch (error) {
    emit({ type: 'failed', message: errorMessage(error) });
    if (current === model) setState('stopped', 'training failed');
  }
}

/** Stops the running loop (if any) and waits for it to leave. */
async function halt(): Promise<void> {
  stopRequested = true;
  await loop;
  loop = null;
}

function launch(model: TextModel): void {
  loop = train(model).finally(() => {
    loop = null;
  });
}

async function start(run: number, corpus: string, corpusName: string, settings: TextSettings): Promise<void> {
  await halt();
  try {
    current = TextModel.create(corpus, corpusName, settings, run);
  } catch (error) {
    emit({ type: 'failed', message: errorMessage(error) });
    return;
  }
  launch(current);
}

async function replaceWith(load: () => Promise<TextModel>): Promise<ReturnType<TextModel['info']>> {
  const model = await load(); // a failed load leaves the current model in place
  await halt();
  current = model;
  setState('loaded', `loaded ${model.source}`);
  return model.info();
}

const emit = serve<TextMethods, TextCommand, TextEvent>(
  {
    generate: (args) => requireModel().generate(args),
    trace: ({ text }) => requireModel().trace(text),
    saveIndexedDb: ({ name }) => requireModel().saveIndexedDb(name),
    loadIndexedDb: ({ name }) => replaceWith(() => TextModel.fromIndexedDb(name)),
    exportArtifacts: async () => ({ artifacts: await requireModel().artifacts() }),
    importArtifacts: ({ artifacts, source }) => replaceWith(() => TextModel.fromArtifacts(artifacts, source)),
  },
  (command) => {
    switch (command.type) {
      case 'start':
        void start(command.run, command.text, command.corpusName, command.settings);
        break;
      case 'stop':
        stopRequested = true;
        break;
      case 'resume':
        if (current && !loop && !current.finished) launch(current);
        break;
    }
  },
  (result) => {
    // Hand exported weights over instead of copying them.
    const artifacts = (result as { artifacts?: ModelArtifacts } | null)?.artifacts;
    return artifacts ? [artifacts.weightData] : [];
  },
);

emit({ type: 'ready', engine: detectEngine() });
