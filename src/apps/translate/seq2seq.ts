/**
 * The encoder-decoder LSTM of `lstm translate`, built with the functional API as three models
 * that share one set of layers:
 *
 * - `training`: `[source ids, decoder input ids] → next-token probabilities`, trained with
 *   teacher forcing (the decoder reads the target shifted right behind a start token). The
 *   encoder is a bidirectional LSTM of `units / 2` per direction; its final `h, c` (both
 *   directions concatenated, `units` wide) seed the decoder LSTM of `units`; with attention, each decoder output also attends
 *   over the encoder's outputs (Luong: `attention([decoder, encoder])`, then
 *   `tanh(Dense([decoder; context]))` before the softmax).
 * - `encoder`: `source ids → [encoder outputs, h, c]`.
 * - `decoderStep`: `[one token, h, c, encoder outputs] → [probabilities, h, c, attention]`:
 *   one decoding step, called once per output token by `decode.ts`.
 *
 * Source padding (id 0) is masked by the source embedding: the encoder skips it, and its
 * outputs there are zero (`zeroOutputForMask`), so in `decoderStep` a Masking layer on the
 * encoder outputs gives attention the same key mask it had in training.
 *
 * @example
 * const s2s = buildSeq2Seq({ sourceVocab: 40, targetVocab: 15, sourceLength: 30, targetLength: 11, units: 64, embeddingDim: 32, attention: true });
 * s2s.training.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
 */
import { ValueError, assertInt } from '../../tensor/errors.js';
import { Tensor } from '../../tensor/tensor.js';
import * as layers from '../../layers/index.js';
import type { SymbolicTensor } from '../../layers/symbolicTensor.js';
import { type LayersModel, model } from '../../models/layersModel.js';
import { input } from '../../models/graph/inputLayer.js';
import { START } from './vocab.js';
import type { DecoderState, StepModel, StepOutput } from './decode.js';

/** Sizes of a `buildSeq2Seq` network (the ones `translate` chose are in `VariantResult.models.options`). */
export interface Seq2SeqOptions {
  /** Source vocabulary size (embedding rows). */
  sourceVocab: number;
  /** Target vocabulary size (softmax width). */
  targetVocab: number;
  /** Padded source length in tokens. */
  sourceLength: number;
  /** Decoder steps in training: the longest target plus the end token. */
  targetLength: number;
  /** LSTM units of the encoder and of the decoder. */
  units: number;
  /** Width of the character embeddings. */
  embeddingDim: number;
  /** Whether the decoder attends over the encoder's outputs. */
  attention: boolean;
  /** Input dropout of the encoder and decoder LSTMs while training, in [0, 1) (default 0). */
  dropout?: number;
}

/** The three models of `buildSeq2Seq`, sharing their layers; `translate` returns them in `VariantResult.models`. */
export interface Seq2Seq {
  /** Teacher-forced model: `[source, decoder input] → probabilities [batch, targetLength, targetVocab]`. */
  training: LayersModel;
  /** `source → [outputs [batch, sourceLength, units], h, c]`. */
  encoder: LayersModel;
  /** `[token [batch, 1], h, c, encoder outputs] → [probabilities [batch, 1, V], h, c]`, plus attention `[batch, 1, sourceLength]` with attention. */
  decoderStep: LayersModel;
  /** The sizes it was built with. */
  options: Seq2SeqOptions;
}

/**
 * Builds the models described in the module comment.
 * @example const { training, encoder, decoderStep } = buildSeq2Seq({ sourceVocab: 40, targetVocab: 15, sourceLength: 30, targetLength: 11, units: 64, embeddingDim: 32, attention: false });
 */
export function buildSeq2Seq(options: Seq2SeqOptions): Seq2Seq {
  const where = 'buildSeq2Seq';
  for (const key of ['sourceVocab', 'targetVocab', 'sourceLength', 'targetLength', 'units', 'embeddingDim'] as const) {
    assertInt(where, key, options[key], 1);
  }
  const { units, attention } = options;
  const dropout = options.dropout ?? 0;
  const sourceEmbedding = layers.embedding({ inputDim: options.sourceVocab, outputDim: options.embeddingDim, maskZero: true, name: 'source_embedding' });
  if (units % 2 !== 0) throw new ValueError(`${where}: option 'units' expected an even number (each direction of the encoder gets half), got ${units}`);
  // Bidirectional: each source position sees what follows it too (is this '2' a whole day or the first digit of '25'?).
  const encoderLstm = layers.bidirectional({ layer: layers.lstm({ units: units / 2, returnSequences: true, returnState: true, dropout }), name: 'encoder' });
  const joinH = layers.concatenate({ name: 'encoder_h' });
  const joinC = layers.concatenate({ name: 'encoder_c' });
  const targetEmbedding = layers.embedding({ inputDim: options.targetVocab, outputDim: options.embeddingDim, maskZero: true, name: 'target_embedding' });
  const decoderLstm = layers.lstm({ units, returnSequences: true, returnState: true, dropout, name: 'decoder' });
  const attend = attention ? layers.attention({ useScale: true, returnAttentionScores: true, name: 'attention' }) : null;
  const join = attention ? layers.concatenate({ name: 'decoder_and_context' }) : null;
  const combine = attention ? layers.dense({ units, activation: 'tanh', name: 'attentional' }) : null;
  const output = layers.dense({ units: options.targetVocab, activation: 'softmax', name: 'next_token' });

  /** The decoder from its input tokens on; shared by the training and the step model. */
  const decoderHead = (tokens: SymbolicTensor, h: SymbolicTensor, c: SymbolicTensor, memory: SymbolicTensor) => {
    const [seq, hOut, cOut] = decoderLstm.apply(targetEmbedding.apply(tokens) as SymbolicTensor, { initialState: [h, c] }) as SymbolicTensor[];
    if (!attend || !join || !combine) {
      return { probs: output.apply(seq!) as SymbolicTensor, h: hOut!, c: cOut!, scores: null };
    }
    const [context, scores] = attend.apply([seq!, memory]) as SymbolicTensor[];
    const mixed = combine.apply(join.apply([seq!, context!]) as SymbolicTensor) as SymbolicTensor;
    return { probs: output.apply(mixed) as SymbolicTensor, h: hOut!, c: cOut!, scores: scores! };
  };

  const sourceIn = input({ shape: [options.sourceLength], name: 'source' });
  const [memory, hForward, cForward, hBackward, cBackward] = encoderLstm.apply(sourceEmbedding.apply(sourceIn) as SymbolicTensor) as SymbolicTensor[];
  const hEnc = joinH.apply([hForward!, hBackward!]) as SymbolicTensor;
  const cEnc = joinC.apply([cForward!, cBackward!]) as SymbolicTensor;
  const decoderIn = input({ shape: [options.targetLength], name: 'decoder_input' });
  const trained = decoderHead(decoderIn, hEnc, cEnc, memory!);
  const training = model({ inputs: [sourceIn, decoderIn], outputs: trained.probs, name: attention ? 'seq2seq_attention' : 'seq2seq' });
  const encoder = model({ inputs: sourceIn, outputs: [memory!, hEnc, cEnc], name: 'encoder_model' });

  const tokenIn = input({ shape: [1], name: 'token' });
  const hIn = input({ shape: [units], name: 'h' });
  const cIn = input({ shape: [units], name: 'c' });
  const memoryIn = input({ shape: [options.sourceLength, units], name: 'encoder_outputs' });
  // Padded source steps are all-zero encoder outputs: masking them hides them from attention as in training.
  const maskedMemory = layers.masking({ maskValue: 0, name: 'source_mask' }).apply(memoryIn) as SymbolicTensor;
  const step = decoderHead(tokenIn, hIn, cIn, maskedMemory);
  const decoderStep = model({
    inputs: [tokenIn, hIn, cIn, memoryIn],
    outputs: step.scores ? [step.probs, step.h, step.c, step.scores] : [step.probs, step.h, step.c],
    name: 'decoder_step_model',
  });
  return { training, encoder, decoderStep, options };
}

/** The state {@link Seq2SeqStepper} carries between steps, one row per hypothesis. */
export interface Seq2SeqState extends DecoderState {
  /** Decoder hidden state, `[rows, units]`. */
  h: Float32Array;
  /** Decoder cell state, `[rows, units]`. */
  c: Float32Array;
  /** Encoder outputs of each row's source, `[rows, sourceLength, units]`. */
  memory: Float32Array;
}

/**
 * Runs a trained {@link Seq2Seq} one token at a time for `decode.ts`: `start` encodes the
 * sources, `step` advances every row by one token.
 * @example
 * const stepper = new Seq2SeqStepper(s2s);
 * const out = greedyDecode(stepper, stepper.start(sourceIds), { maxLength: 11 });
 */
export class Seq2SeqStepper implements StepModel<Seq2SeqState> {
  private readonly units: number;
  private readonly sourceLength: number;

  constructor(private readonly s2s: Seq2Seq) {
    this.units = s2s.options.units;
    this.sourceLength = s2s.options.sourceLength;
  }

  /**
   * Encodes padded source rows `[batch][sourceLength]` into the first decoder state.
   * @example stepper.start([[5, 6, 7, 0, 0]]).rows // 1
   */
  start(sources: readonly (readonly number[])[]): Seq2SeqState {
    const rows = sources.length;
    const flat = new Float32Array(rows * this.sourceLength);
    sources.forEach((s, r) => {
      if (s.length !== this.sourceLength) throw new ValueError(`Seq2SeqStepper.start: source row ${r} has ${s.length} ids, expected ${this.sourceLength} (padded)`);
      flat.set(s, r * this.sourceLength);
    });
    const [memory, h, c] = this.s2s.encoder.predict(new Tensor(flat, [rows, this.sourceLength]), { batchSize: Math.max(rows, 1) }) as Tensor[];
    return { rows, h: h!.data as Float32Array, c: c!.data as Float32Array, memory: memory!.data as Float32Array };
  }

  step(tokens: readonly number[], state: Seq2SeqState): StepOutput<Seq2SeqState> {
    const rows = state.rows;
    const { units, sourceLength } = this;
    const out = this.s2s.decoderStep.predict(
      [
        new Tensor(Float32Array.from(tokens), [rows, 1]),
        new Tensor(state.h, [rows, units]),
        new Tensor(state.c, [rows, units]),
        new Tensor(state.memory, [rows, sourceLength, units]),
      ],
      { batchSize: Math.max(rows, 1) },
    ) as Tensor[];
    const [probs, h, c, scores] = out;
    const V = probs!.shape[2]!;
    const logProbs = Array.from({ length: rows }, (_, r) => Array.from(probs!.data.subarray(r * V, (r + 1) * V), (p) => Math.log(Math.max(p, 1e-30))));
    const attention = scores ? Array.from({ length: rows }, (_, r) => Array.from(scores.data.subarray(r * sourceLength, (r + 1) * sourceLength))) : null;
    return { logProbs, attention, state: { rows, h: h!.data as Float32Array, c: c!.data as Float32Array, memory: state.memory } };
  }

  select(state: Seq2SeqState, rows: readonly number[]): Seq2SeqState {
    const { units, sourceLength } = this;
    const gather = (src: Float32Array, width: number) => {
      const out = new Float32Array(rows.length * width);
      rows.forEach((r, i) => out.set(src.subarray(r * width, (r + 1) * width), i * width));
      return out;
    };
    return { rows: rows.length, h: gather(state.h, units), c: gather(state.c, units), memory: gather(state.memory, sourceLength * units) };
  }
}

/**
 * Teacher-forcing arrays: the decoder reads `[START, t1, ..., tn]` and learns `[t1, ..., tn, END]`;
 * both padded with 0 to `targetLength`, which masks the padded steps out of the loss.
 * @example teacherForcing([[7, 8]], 4, 2) // { decoderInput: [[1, 7, 8, 0]], decoderTarget: [[7, 8, 2, 0]] }
 */
export function teacherForcing(targets: readonly (readonly number[])[], targetLength: number, end: number): { decoderInput: number[][]; decoderTarget: number[][] } {
  const decoderInput: number[][] = [];
  const decoderTarget: number[][] = [];
  for (const t of targets) {
    if (t.length + 1 > targetLength) throw new ValueError(`teacherForcing: a target of ${t.length} tokens does not fit 'targetLength' ${targetLength} with its end token`);
    const pad = (row: number[]) => [...row, ...new Array<number>(targetLength - row.length).fill(0)];
    decoderInput.push(pad([START, ...t]));
    decoderTarget.push(pad([...t, end]));
  }
  return { decoderInput, decoderTarget };
}
