/**
 * What LSTM, GRU and SimpleRNN share: the options that decide what comes out (returnSequences,
 * returnState, goBackwards), initial and stateful states, dropout masks and mask handling.
 * A subclass only creates its weights and runs its one sequence op (`runSequence`).
 */
import { ShapeError, ValueError, assertNumber, assertInt, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { random } from '../tensor/random.js';
import { mulMask } from '../ops/elementwise.js';
import type { RecurrentResult } from '../ops/lstm.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, assertRank } from './layer.js';

/** Options every recurrent layer takes (tfjs names, Keras defaults). */
export interface RecurrentArgs extends LayerArgs {
  /** Size of the hidden state. */
  units: number;
  /** Return the output at every step `[batch, time, units]` instead of the last `[batch, units]`. */
  returnSequences?: boolean;
  /** Also return the final states: `[output, h, c]` (LSTM) or `[output, h]`. */
  returnState?: boolean;
  /** Process the sequence backwards; the returned sequence is in processing (reversed) order. */
  goBackwards?: boolean;
  /** Keep the final states as the next call's initial states until `resetStates()`. */
  stateful?: boolean;
  /** Fraction of input units dropped (one mask per sequence, as Keras). */
  dropout?: number;
  /** Fraction of recurrent units dropped in the recurrent product. */
  recurrentDropout?: number;
  /** Masked steps output zeros instead of repeating the last output (Bidirectional sets it). */
  zeroOutputForMask?: boolean;
}

export const recurrentArgKeys = [
  'units', 'returnSequences', 'returnState', 'goBackwards', 'stateful', 'dropout',
  'recurrentDropout', 'zeroOutputForMask', 'unroll', 'implementation',
] as const;

/** Draws a `[rows, cols]` inverted-dropout mask: 0 with probability `rate`, else 1/(1-rate). */
export function dropoutMask(rows: number, cols: number, rate: number, like: Tensor): Tensor {
  const data = allocate(like.dtype, rows * cols);
  const scale = 1 / (1 - rate);
  for (let i = 0; i < data.length; i++) data[i] = random() < rate ? 0 : scale;
  return new Tensor(data, [rows, cols]);
}

/**
 * What LSTM, GRU and SimpleRNN share: running a cell over the time axis with Keras's options
 * (`returnSequences`, `returnState`, `goBackwards`, `stateful`, masking, dropout).
 *
 * @example
 * const rnn: RecurrentLayer = layers.gru({ units: 8, returnSequences: true });
 * rnn.apply(tensor3d([[[1], [2], [3]]])).shape; // [1, 3, 8]
 */
export abstract class RecurrentLayer extends Layer {
  /** Size of the hidden state. */
  readonly units: number;
  /** Return the output at every step `[batch, time, units]` instead of the last `[batch, units]`. */
  readonly returnSequences: boolean;
  /** Also return the final states: `[output, h, c]` (LSTM) or `[output, h]`. */
  readonly returnState: boolean;
  /** Process the sequence backwards; the returned sequence is in processing (reversed) order. */
  readonly goBackwards: boolean;
  /** Keep the final states as the next call's initial states until `resetStates()`. */
  readonly stateful: boolean;
  /** Fraction of input units dropped (one mask per sequence, as Keras). */
  readonly dropout: number;
  /** Fraction of recurrent units dropped in the recurrent product. */
  readonly recurrentDropout: number;
  /** Masked steps output zeros instead of repeating the last output (Bidirectional sets it). */
  zeroOutputForMask: boolean;
  /** How many state tensors the cell carries (LSTM 2, GRU and SimpleRNN 1). */
  abstract readonly stateCount: number;
  /** Kept states of a stateful layer. */
  states: Tensor[] | null = null;
  /** @internal Masks drawn for the current call, exposed for tests that check dropout exactly. */
  lastDropoutMasks: { input: Tensor | null; recurrent: Tensor | null } = { input: null, recurrent: null };
  /** @internal Fixed masks to use instead of random ones (for gradient checks of dropout). */
  fixedDropoutMasks: { input: Tensor | null; recurrent: Tensor | null } | null = null;

  /** The options this layer was made with (Bidirectional clones the layer from them). */
  readonly initArgs: RecurrentArgs;

  constructor(args: RecurrentArgs, prefix: string) {
    super(args, prefix);
    this.initArgs = { ...args };
    const where = `layers.${prefix}`;
    assertInt(where, 'units', args.units, 1);
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    this.dropout = args.dropout ?? 0;
    this.recurrentDropout = args.recurrentDropout ?? 0;
    assertNumber(where, 'dropout', this.dropout, 0, 1);
    assertNumber(where, 'recurrentDropout', this.recurrentDropout, 0, 1);
    if (this.dropout === 1 || this.recurrentDropout === 1) {
      throw new ValueError(`${where}: dropout rates must be < 1 (a rate of 1 drops every unit)`);
    }
    this.zeroOutputForMask = args.zeroOutputForMask ?? false;
    this.supportsMasking = true;
  }

  /** @internal Runs the cell's sequence op. */
  protected abstract runSequence(
    x: Tensor,
    initialStates: Tensor[] | null,
    mask: Tensor | null,
    recurrentDropoutMask: Tensor | null,
  ): RecurrentResult;

  /** @internal */
  protected override checkInput(x: Tensor): void {
    assertRank(`${this.name}.apply`, x, 3, '[batch, timesteps, features]');
    if (x.shape[1] === 0) throw new ShapeError(`${this.name}.apply: argument 'x' has 0 timesteps, got shape ${formatShape(x.shape)}`);
    const expected = this.builtInputShape?.[2] ?? this.batchInputShape?.[2] ?? null;
    if (expected !== null && expected !== undefined && x.shape[2] !== expected) {
      throw new ShapeError(
        `${this.name}.apply: argument 'x' expected shape [batch, timesteps, ${expected}], got ${formatShape(x.shape)}`,
      );
    }
  }

  override call(x: Tensor, args: CallArgs): Tensor | Tensor[] {
    const [B, , I] = x.shape as [number, number, number];
    const initial = this.resolveInitialStates(args.initialState, B);
    let input = x;
    let recurrentMask: Tensor | null = null;
    this.lastDropoutMasks = { input: null, recurrent: null };
    if (args.training && (this.dropout > 0 || this.recurrentDropout > 0 || this.fixedDropoutMasks)) {
      const inputMask = this.fixedDropoutMasks?.input ?? (this.dropout > 0 ? dropoutMask(B, I, this.dropout, x) : null);
      recurrentMask = this.fixedDropoutMasks?.recurrent ?? (this.recurrentDropout > 0 ? dropoutMask(B, this.units, this.recurrentDropout, x) : null);
      if (inputMask) input = mulMask(x, broadcastOverTime(inputMask, x.shape[1]!));
      this.lastDropoutMasks = { input: inputMask, recurrent: recurrentMask };
    }
    const result = this.runSequence(input, initial, args.mask, recurrentMask);
    if (this.stateful) this.states = result.states.map((s) => new Tensor(s.data.slice(), s.shape));
    const output = this.returnSequences ? result.sequence : result.lastOutput;
    return this.returnState ? [output, ...result.states] : output;
  }

  private resolveInitialStates(given: Tensor[] | undefined, batch: number): Tensor[] | null {
    const where = `${this.name}.apply`;
    let states: Tensor[] | null = null;
    if (given && given.length) {
      if (given.length !== this.stateCount) {
        throw new ValueError(
          `${where}: argument 'initialState' expected ${this.stateCount} tensors (${this.stateCount === 2 ? '[h, c]' : '[h]'}), got ${given.length}`,
        );
      }
      states = given;
    } else if (this.stateful && this.states) {
      states = this.states;
    }
    if (!states) return null;
    states.forEach((s, i) => {
      if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== this.units) {
        throw new ShapeError(
          `${where}: argument 'initialState[${i}]' expected shape [${batch}, ${this.units}], got ${formatShape(s.shape)}` +
            (given ? '' : ' (kept state of a stateful layer: batch size changed; call resetStates())'),
        );
      }
    });
    return states;
  }

  override resetStates(): void {
    this.states = null;
  }

  override computeMask(_inputs: Tensor, mask: Tensor | null): Tensor | null {
    return this.returnSequences ? mask : null;
  }

  override computeOutputShape(inputShape: Shape): Shape | Shape[] {
    const [batch, time] = inputShape;
    const out: Shape = this.returnSequences ? [batch ?? null, time ?? null, this.units] : [batch ?? null, this.units];
    if (!this.returnState) return out;
    return [out, ...Array.from({ length: this.stateCount }, (): Shape => [batch ?? null, this.units])];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
    };
  }
}

/** Repeats a `[batch, features]` mask along time to `[batch, time, features]`. */
function broadcastOverTime(mask: Tensor, time: number): Tensor {
  const [B, F] = mask.shape as [number, number];
  const data = allocate(mask.dtype, B * time * F);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < time; t++) data.set(mask.data.subarray(b * F, (b + 1) * F), (b * time + t) * F);
  }
  return new Tensor(data, [B, time, F]);
}
