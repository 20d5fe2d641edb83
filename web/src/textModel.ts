/**
 * The text worker's model: a character-level language model (Embedding → LSTM × layers →
 * softmax, the library's `buildCharLanguageModel`) with its vocabulary, the training windows
 * when it was trained here, and what the page asks of it: train batch by batch, generate,
 * trace the gates, save and load. Runs inside the worker; no DOM.
 *
 * The training loop is written here rather than calling `trainLanguageModel` because the
 * playground needs to pause and resume at any batch and answer messages between batches.
 */
import {
  Sequential,
  ValueError,
  initializers,
  layers,
  loadModel,
  optimizers,
  setSeed,
  tensor,
  text,
  traceLstmGates,
} from '../../src/index.ts';
import { lstmCellWeightsFromLayer } from '../../src/explain/gateTrace.ts';
import type { ModelArtifacts } from './libTypes.ts';
import type { GateView, GenerateArgs, TextModelInfo, TextSettings } from './protocol.ts';

/** Next-token windows of the training text, cut once, visited in a fresh order each pass. */
interface TrainingData {
  x: Float32Array;
  y: Float32Array;
  windows: number;
  seqLength: number;
  /** Held-out windows for the validation loss (may be empty for short texts). */
  validX: Float32Array;
  validY: Float32Array;
  validWindows: number;
  /** Cross-entropy of predicting each held-out token from its training frequency (nats). */
  unigramBaseline: number;
  corpusName: string;
}

/** The longest text the gate view traces: wider heatmaps stop being readable. */
export const MAX_TRACE_LENGTH = 120;
const VALIDATION_WINDOWS = 48;

/** The vocabulary and settings a saved text model carries, in the CLI's format. */
interface TextMetadata {
  kind: 'textgen';
  vocabulary: text.VocabularyJSON;
  settings: Record<string, unknown> & { lower: boolean };
}

function readMetadata(extra: Record<string, unknown> | undefined, source: string): TextMetadata {
  const meta = (extra as { lstmTs?: Partial<TextMetadata> } | undefined)?.lstmTs;
  if (!meta || meta.kind !== 'textgen' || meta.vocabulary === undefined) {
    throw new Error(`${source} holds a model without a text vocabulary; expected one saved by this playground, 'lstm textgen train' or 'lstm demo'`);
  }
  const lower = meta.settings?.lower !== false;
  return { kind: 'textgen', vocabulary: meta.vocabulary, settings: { ...(meta.settings ?? {}), lower } };
}

export class TextModel {
  /** Tokens trained on so far and the run's target. */
  tokens = 0;
  totalTokens = 0;
  batch = 0;
  trainSeconds = 0;
  private order: Int32Array = new Int32Array(0);
  private cursor = 0;
  private pass = 0;
  private readonly generator: text.TextGenerator;
  private readonly xb: Float32Array;
  private readonly yb: Float32Array;

  private constructor(
    readonly model: Sequential,
    readonly vocabulary: text.Vocabulary,
    readonly lower: boolean,
    readonly source: string,
    readonly settings: Partial<TextSettings>,
    readonly data: TrainingData | null,
    /** The page's number for the training run that made this model (0 for loaded ones). */
    readonly run = 0,
  ) {
    this.generator = new text.TextGenerator(model, vocabulary);
    const perBatch = (settings.batchSize ?? 1) * (data?.seqLength ?? 1);
    this.xb = new Float32Array(perBatch);
    this.yb = new Float32Array(perBatch);
    // Whole batches only, so the count never runs past the end the progress bar shows.
    if (data) this.totalTokens = Math.ceil(((settings.epochs ?? 1) * data.windows * data.seqLength) / perBatch) * perBatch;
  }

  /** A fresh model for `corpus` (seeded: the same settings give the same run). */
  static create(corpus: string, corpusName: string, settings: TextSettings, run: number): TextModel {
    const source = settings.lower ? corpus.toLowerCase() : corpus;
    const split = text.splitText(source, 0.1);
    const vocabulary = text.Vocabulary.fromText(split.train, { level: 'char', lower: settings.lower });
    const trainIds = vocabulary.encode(split.train);
    const validIds = vocabulary.encode(split.validation);
    const train = text.nextTokenWindows(trainIds, settings.seqLength);
    if (train.n < 1) {
      throw new Error(`the text has ${trainIds.length} training characters, fewer than one window of ${settings.seqLength + 1}; paste more text or lower the sequence length`);
    }
    const valid = text.nextTokenWindows(validIds.subarray(0, VALIDATION_WINDOWS * settings.seqLength + 1), settings.seqLength);
    setSeed(settings.seed);
    const model = text.buildCharLanguageModel({
      vocabSize: vocabulary.size,
      embeddingDim: settings.embeddingDim,
      units: settings.units,
      layers: settings.layers,
      seqLength: settings.seqLength,
      // N(0, 1) embeddings, as the library's textgen app uses: small models learn much faster.
      embeddingsInitializer: initializers.randomNormal({ stddev: 1 }),
    });
    model.compile({
      optimizer: optimizers.adam({ learningRate: settings.learningRate, globalClipNorm: 5 }),
      loss: 'sparseCategoricalCrossentropy',
    });
    const data: TrainingData = {
      x: train.x,
      y: train.y,
      windows: train.n,
      seqLength: settings.seqLength,
      validX: valid.x,
      validY: valid.y,
      validWindows: valid.n,
      unigramBaseline: text.unigramCrossEntropy(trainIds, validIds, vocabulary.size),
      corpusName,
    };
    return new TextModel(model, vocabulary, settings.lower, 'trained here', settings, data, run);
  }

  /** A model saved by the playground or the CLI, from its artifacts. */
  static async fromArtifacts(artifacts: ModelArtifacts, source: string): Promise<TextModel> {
    const { model, extra } = await loadModel({ load: () => artifacts });
    const meta = readMetadata(extra, source);
    const vocabulary = text.Vocabulary.fromJSON(meta.vocabulary);
    return new TextModel(sequentialOf(model, source), vocabulary, meta.settings.lower, source, {}, null);
  }

  /** Loads `indexeddb://name`. */
  static async fromIndexedDb(name: string): Promise<TextModel> {
    const url = `indexeddb://${name}`;
    const { model, extra } = await loadModel(url);
    const meta = readMetadata(extra, url);
    return new TextModel(sequentialOf(model, url), text.Vocabulary.fromJSON(meta.vocabulary), meta.settings.lower, url, {}, null);
  }

  get unigramBaseline(): number {
    return this.data?.unigramBaseline ?? NaN;
  }

  get finished(): boolean {
    return this.data === null || this.tokens >= this.totalTokens;
  }

  info(): TextModelInfo {
    const recurrent = this.model.layers.filter((l) => l instanceof layers.RecurrentLayer);
    const first = this.model.layers[0];
    return {
      source: this.source,
      vocabSize: this.vocabulary.size,
      units: recurrent[0] instanceof layers.LSTM ? recurrent[0].units : 0,
      layers: recurrent.length,
      embeddingDim: first instanceof layers.Embedding ? first.outputDim : 0,
      parameters: this.model.countParams(),
      lower: this.lower,
      trainable: this.data !== null,
    };
  }

  /** One training batch; returns its loss. */
  trainBatch(): number {
    const data = this.data;
    if (!data) throw new Error('this model was loaded, not trained here; press Train to train a new one');
    const batchSize = this.settings.batchSize ?? 1;
    const T = data.seqLength;
    for (let k = 0; k < batchSize; k++) {
      if (this.cursor >= this.order.length) this.shuffle(data.windows);
      const w = this.order[this.cursor++]!;
      this.xb.set(data.x.subarray(w * T, (w + 1) * T), k * T);
      this.yb.set(data.y.subarray(w * T, (w + 1) * T), k * T);
    }
    const started = performance.now();
    const loss = this.model.trainOnBatch(tensor(this.xb, [batchSize, T]), tensor(this.yb, [batchSize, T])) as number;
    this.trainSeconds += (performance.now() - started) / 1000;
    if (!Number.isFinite(loss)) throw new Error(`the training loss became ${loss} at batch ${this.batch + 1}; lower the learning rate`);
    this.tokens += batchSize * T;
    this.batch++;
    return loss;
  }

  /** Mean cross-entropy (nats/char) on the held-out windows, or NaN without any. */
  validationLoss(): number {
    const data = this.data;
    if (!data || data.validWindows === 0) return NaN;
    const shape = [data.validWindows, data.seqLength];
    return text.validationCrossEntropy(this.model, tensor(data.validX, shape), tensor(data.validY, shape), { batchSize: 64 });
  }

  /** A seeded Fisher–Yates order of the windows for the next pass. */
  private shuffle(n: number): void {
    const random = text.seededRandom((this.settings.seed ?? 0) * 1000 + this.pass++);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    this.order = order;
    this.cursor = 0;
  }

  /** Continues `prompt` from the current weights (the generator copies them first). */
  generate(args: GenerateArgs): { text: string; tokens: number } {
    const raw = args.prompt === '' ? ' ' : args.prompt;
    const prompt = this.lower ? raw.toLowerCase() : raw;
    const out = this.generator.generate({ prompt, length: args.length, temperature: args.temperature, seed: args.seed });
    return { text: out, tokens: args.length };
  }

  /** The first LSTM layer's gates over `input`, with everything needed to redo any step. */
  trace(input: string): GateView {
    const source = this.lower ? input.toLowerCase() : input;
    const chars = Array.from(source).slice(0, MAX_TRACE_LENGTH);
    if (chars.length === 0) throw new Error('type some text to look inside the model');
    const embedding = this.model.layers[0];
    const lstm = this.model.layers.find((l): l is InstanceType<typeof layers.LSTM> => l instanceof layers.LSTM);
    if (!(embedding instanceof layers.Embedding) || embedding.embeddings === null || !lstm) {
      throw new Error('the gate view needs a model whose first layers are an Embedding and an LSTM');
    }
    const table = embedding.embeddings;
    const dim = table.shape[1]!;
    const ids = Array.from(this.vocabulary.encode(chars.join('')));
    const inputs = ids.map((id) => Array.from(table.data.subarray(id * dim, (id + 1) * dim)));
    // Only the first LSTM reads the embeddings directly; deeper layers would need the
    // outputs of the ones below, so the view explains layer 1.
    const cell = lstmCellWeightsFromLayer(lstm);
    const trace = traceLstmGates(cell, inputs, undefined, undefined, { recurrentActivation: cell.recurrentActivation });
    return { tokens: ids.map((id) => this.vocabulary.tokenOf(id)), inputs, trace, cell, units: lstm.units };
  }

  /** What is saved with the weights: the vocabulary and settings, as the CLI writes them. */
  extra(): Record<string, unknown> {
    const metadata: TextMetadata = {
      kind: 'textgen',
      vocabulary: this.vocabulary.toJSON(),
      settings: { ...this.settings, lower: this.lower, ...(this.data ? { corpus: this.data.corpusName } : {}) },
    };
    return { lstmTs: metadata };
  }

  async saveIndexedDb(name: string): Promise<{ url: string; weightBytes: number }> {
    const result = await this.model.save(`indexeddb://${name}`, { extra: this.extra() });
    return { url: result.url, weightBytes: result.modelArtifactsInfo.weightDataBytes };
  }

  async artifacts(): Promise<ModelArtifacts> {
    let kept: ModelArtifacts | null = null;
    await this.model.save({ save: (a: ModelArtifacts) => (kept = a) }, { extra: this.extra() });
    if (kept === null) throw new Error('the model handed out no artifacts');
    return kept;
  }
}

/** The text models are layer stacks; a functional model file is not one the playground made. */
function sequentialOf(model: unknown, source: string): Sequential {
  if (model instanceof Sequential) return model;
  throw new ValueError(`${source}: expected a sequential text model saved by the playground or the CLI, got a functional model`);
}
