/**
 * Text generation from a trained next-token model, one token at a time with constant work per
 * token. Instead of re-running a window of recent tokens for every new token, the generator
 * keeps an inference twin of the model: the same layers with `stateful: true`, every recurrent
 * layer returning sequences, and input shape `[1, 1]` (one sequence, one timestep). The prompt
 * is fed one token at a time, the recurrent states carry everything seen so far, and each new
 * token costs one timestep of every layer, however long the text already is.
 *
 * The twin computes exactly what the full model computes on the whole sequence (the step-by-step
 * probabilities equal `model.predict` on the prompt at every position; a test checks this).
 *
 * @example
 * const generator = new TextGenerator(model, vocab);
 * generator.generate({ prompt: 'ROMEO:', length: 200, temperature: 0.8, seed: 1 });
 */
import { ValueError, assertInt, assertKnownOptions } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { noGrad } from '../autograd/tape.js';
import { type Sequential, sequential } from '../models/sequential.js';
import type { Layer, LayerArgs } from '../layers/layer.js';
import { RecurrentLayer, type RecurrentArgs } from '../layers/recurrent.js';
import { Embedding } from '../layers/embedding.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { TimeDistributed } from '../layers/timeDistributed.js';
import type { Vocabulary } from './vocabulary.js';
import { type SampleOptions, checkSampleOptions, sampleToken, seededRandom } from './sampling.js';

/**
 * Options of {@link TextGenerator.generate} and `generateIds`: the prompt, the length and how
 * each next token is drawn.
 * @example generator.generate({ prompt: 'the sea', length: 300, temperature: 0.7, topP: 0.9, seed: 3 } satisfies GenerateOptions)
 */
export interface GenerateOptions {
  /** Text the generated tokens continue; at least one token. Unknown tokens map to id 0. */
  prompt: string;
  /** Number of tokens to generate (characters or words), an integer >= 0. */
  length: number;
  /** Sampling temperature > 0 (default 1). */
  temperature?: number;
  /** Keep only the k most likely tokens at each step. */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose mass reaches p, in (0, 1]. */
  topP?: number;
  /** Always take the most likely token (default false). */
  greedy?: boolean;
  /** Seed of the draws: the same seed, model and options give the same text. */
  seed?: number;
  /** Uniform [0, 1) numbers for the draws, instead of `seed` (default: the library's stream). */
  random?: () => number;
}

const generateKeys = ['prompt', 'length', 'temperature', 'topK', 'topP', 'greedy', 'seed', 'random'];

const WHERE = 'TextGenerator';

/** The common layer options of `layer` for its twin, with the given batch input shape. */
function baseArgs(layer: Layer, batchInputShape: (number | null)[] | null): LayerArgs {
  const args: LayerArgs = { name: layer.name, dtype: layer.dtype, trainable: false };
  if (batchInputShape) args.batchInputShape = batchInputShape;
  return args;
}

/**
 * The twin of one layer for stateful one-step inference, or null for a layer that is the
 * identity at inference (Dropout).
 */
function twinLayer(layer: Layer, first: boolean): Layer | null {
  const shape = first ? [1, 1] : null;
  if (layer instanceof Embedding) {
    // maskZero: id 0 would be treated as padding; a stateful step then keeps its state.
    return new Embedding({ ...baseArgs(layer, shape), inputDim: layer.inputDim, outputDim: layer.outputDim, maskZero: layer.maskZero });
  }
  if (first) {
    throw new ValueError(`${WHERE}: the model's first layer must be an Embedding that reads token ids, got ${layer.className} '${layer.name}'`);
  }
  if (layer instanceof RecurrentLayer) {
    if (layer.goBackwards) {
      throw new ValueError(`${WHERE}: layer '${layer.name}' has goBackwards: true; a left-to-right generator needs recurrent layers that read forwards`);
    }
    // The same constructor and options (cell-specific ones included), made stateful and
    // sequence-returning; this is how Bidirectional clones its backward layer.
    const Ctor = layer.constructor as new (args: RecurrentArgs) => RecurrentLayer;
    const args: RecurrentArgs = {
      ...layer.initArgs,
      ...baseArgs(layer, null),
      stateful: true,
      returnSequences: true,
      returnState: false,
      dropout: 0,
      recurrentDropout: 0,
    };
    delete args.inputShape;
    delete args.batchInputShape;
    delete args.batchSize;
    return new Ctor(args);
  }
  if (layer instanceof Dense) {
    return new Dense({ ...baseArgs(layer, null), units: layer.units, activation: layer.activation, useBias: layer.useBias });
  }
  if (layer instanceof TimeDistributed) {
    const inner = twinLayer(layer.layer, false);
    if (!inner) throw new ValueError(`${WHERE}: TimeDistributed '${layer.name}' wraps a ${layer.layer.className}, which has no inference twin`);
    return new TimeDistributed({ ...baseArgs(layer, null), layer: inner });
  }
  if (layer instanceof Dropout) return null;
  throw new ValueError(
    `${WHERE}: layer '${layer.name}' (${layer.className}) is not supported; expected Embedding, then LSTM/GRU/SimpleRNN, Dropout, Dense or TimeDistributed(Dense)`,
  );
}

/** How the model's output is read: the last layer's activation. */
function outputKind(model: Sequential): 'probabilities' | 'logits' {
  let last = model.layers[model.layers.length - 1];
  if (last instanceof TimeDistributed) last = last.layer;
  if (last instanceof Dense) {
    if (last.activation === 'softmax') return 'probabilities';
    if (last.activation === 'linear') return 'logits';
    throw new ValueError(`${WHERE}: the last Dense layer '${last.name}' has activation '${last.activation}'; expected 'softmax' (probabilities) or 'linear' (logits)`);
  }
  throw new ValueError(`${WHERE}: the model's last layer must be Dense or TimeDistributed(Dense) over the vocabulary, got ${last ? `${last.className} '${last.name}'` : 'no layers'}`);
}

/**
 * Generates text from a trained next-token model one token at a time, carrying the recurrent
 * state instead of re-reading a window (see the module comment).
 * @example
 * const generator = new TextGenerator(model, vocab);
 * console.log(generator.generate({ prompt: 'ROMEO:', length: 200, temperature: 0.8, seed: 1 }));
 */
export class TextGenerator {
  /** The trained model (read, never modified). */
  readonly model: Sequential;
  /** The vocabulary the model was trained with: encodes prompts and decodes generated ids. */
  readonly vocab: Vocabulary;
  /**
   * The stateful twin that generates: input `[1, 1]`, one token per call. Its weights are
   * copied from `model` at construction and again at the start of every `generate`.
   */
  readonly inferenceModel: Sequential;
  /** Whether the model outputs probabilities (softmax) or logits (linear). */
  readonly output: 'probabilities' | 'logits';
  private readonly input: Tensor;

  /**
   * Builds the inference twin of `model` (whose first layer is an Embedding over
   * `vocab.size` ids) and copies its weights.
   * @example const generator = new TextGenerator(model, vocab);
   */
  constructor(model: Sequential, vocab: Vocabulary) {
    this.model = model;
    this.vocab = vocab;
    if (!model || !Array.isArray(model.layers) || model.layers.length === 0) {
      throw new ValueError(`${WHERE}: argument 'model' expected a Sequential model with layers, got ${model ? `${model.layers?.length ?? 0} layers` : String(model)}`);
    }
    const unbuilt = model.layers.find((l) => !l.built);
    if (unbuilt) {
      throw new ValueError(`${WHERE}: layer '${unbuilt.name}' of the model is not built; give the first layer an inputShape or train the model first`);
    }
    this.output = outputKind(model);
    const twins: Layer[] = [];
    model.layers.forEach((layer, i) => {
      const twin = twinLayer(layer, i === 0);
      if (twin) twins.push(twin);
    });
    const first = model.layers[0] as Embedding;
    if (first.inputDim !== vocab.size) {
      throw new ValueError(`${WHERE}: argument 'vocab' has ${vocab.size} tokens but the model's Embedding '${first.name}' reads ${first.inputDim} ids; expected the vocabulary the model was trained with`);
    }
    this.inferenceModel = sequential({ layers: twins, name: `${model.name}_generator` });
    this.input = new Tensor(allocate(first.dtype, 1), [1, 1]);
    this.syncWeights();
  }

  /**
   * Copies the model's current weights into the inference twin (done by every `generate`;
   * call it yourself before `step` if the model was trained since).
   * @example generator.syncWeights();
   */
  syncWeights(): void {
    const twins = this.inferenceModel.layers;
    let k = 0;
    for (const layer of this.model.layers) {
      if (layer instanceof Dropout) continue;
      twins[k++]!.setWeights(layer.getWeights());
    }
  }

  /**
   * Forgets everything fed so far (clears the recurrent states).
   * @example generator.reset();
   */
  reset(): void {
    this.inferenceModel.resetStates();
  }

  /**
   * Feeds one token id (one timestep) and returns the model's output for the next token:
   * probabilities, or logits when the model's last layer is linear (see `output`).
   * @example generator.reset(); const probs = generator.step(vocab.idOf('h'));
   */
  step(id: number): Float32Array | Float64Array {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocab.size) {
      throw new ValueError(`${WHERE}.step: argument 'id' expected an integer in [0, ${this.vocab.size}), got ${id}`);
    }
    this.input.data[0] = id;
    const out = noGrad(() => this.inferenceModel.forward(this.input, false));
    const v = out.shape[out.rank - 1]!;
    return out.data.slice(out.size - v);
  }

  /**
   * Generates `length` tokens after `prompt` and returns them as text (the prompt itself is
   * not repeated; for words, join with a space). The states start empty, the prompt is fed
   * one token at a time, then each drawn token is fed back: `prompt tokens + length - 1`
   * one-timestep steps in all.
   * @example generator.generate({ prompt: 'hello ', length: 100, temperature: 0.5, seed: 3 })
   * @example generator.generate({ prompt: 'The', length: 20, greedy: true })
   */
  generate(options: GenerateOptions): string {
    return this.vocab.decode(this.generateIds(options));
  }

  /**
   * Like `generate`, returning the generated ids.
   * @example vocab.decode(generator.generateIds({ prompt: 'a', length: 10, topK: 5, seed: 1 }))
   */
  generateIds(options: GenerateOptions): Int32Array {
    const where = `${WHERE}.generate`;
    if (options === null || typeof options !== 'object') {
      throw new ValueError(`${where}: argument 'options' expected { prompt, length, ... }, got ${options === null ? 'null' : typeof options}`);
    }
    assertKnownOptions(where, options, generateKeys);
    if (typeof options.prompt !== 'string') {
      throw new ValueError(`${where}: option 'prompt' expected a string, got ${JSON.stringify(options.prompt)}`);
    }
    assertInt(where, 'length', options.length, 0);
    if (options.seed !== undefined) assertInt(where, 'seed', options.seed);
    if (options.seed !== undefined && options.random !== undefined) {
      throw new ValueError(`${where}: options 'seed' and 'random' both given; expected at most one`);
    }
    const sampling: SampleOptions = { fromLogits: this.output === 'logits' };
    if (options.temperature !== undefined) sampling.temperature = options.temperature;
    if (options.topK !== undefined) sampling.topK = options.topK;
    if (options.topP !== undefined) sampling.topP = options.topP;
    if (options.greedy !== undefined) sampling.greedy = options.greedy;
    const random = options.seed !== undefined ? seededRandom(options.seed) : options.random;
    if (random !== undefined) sampling.random = random;
    const checked = checkSampleOptions(where, sampling); // fail before any work
    sampling.random = checked.random;
    const prompt = this.vocab.encode(options.prompt);
    if (prompt.length === 0) {
      throw new ValueError(`${where}: option 'prompt' expected text with at least one token, got ${JSON.stringify(options.prompt)}`);
    }

    this.syncWeights();
    this.reset();
    let next: Float32Array | Float64Array = new Float32Array(0);
    for (const id of prompt) next = this.step(id);
    const out = new Int32Array(options.length);
    for (let i = 0; i < options.length; i++) {
      out[i] = sampleToken(next, sampling);
      if (i + 1 < options.length) next = this.step(out[i]!);
    }
    return out;
  }
}
