/**
 * Writing your own recurrent cell: a peephole LSTM (Gers & Schmidhuber, 2000), whose gates also
 * look at the cell state, written as a `layers.RNNCell` from the public `ops` alone. `layers.rnn`
 * runs it over time (masking, returnSequences, statefulness come with it) and the tape
 * differentiates each step, so it trains inside `sequential` like a built-in layer.
 *
 *   i  = σ(x·W_i + h·U_i + p_i ⊙ c  + b_i)       f = σ(x·W_f + h·U_f + p_f ⊙ c + b_f)
 *   c' = f ⊙ c + i ⊙ tanh(x·W_c + h·U_c + b_c)
 *   o  = σ(x·W_o + h·U_o + p_o ⊙ c' + b_o)       h' = o ⊙ tanh(c')
 *
 * The task is the adding problem: each step holds a random value and a marker; the target is
 * the sum of the two marked values, so the cell must store a value until the sequence ends.
 *
 * Run: npx tsx examples/peepholeLstm.ts
 */
import { type Tensor, layers, ops, optimizers, sequential, setSeed, tensor } from '../src/index.js';

/** Options of {@link PeepholeLSTMCell}. */
export interface PeepholeLSTMCellArgs extends layers.CellArgs {
  /** Size of h and c. */
  units: number;
}

/** An LSTM step whose input, forget and output gates see the cell state (the peepholes). */
export class PeepholeLSTMCell extends layers.RNNCell {
  readonly className = 'PeepholeLSTMCell';
  readonly units: number;
  private kernel: Tensor | null = null;
  private recurrentKernel: Tensor | null = null;
  private bias: Tensor | null = null;
  private peepI: Tensor | null = null;
  private peepF: Tensor | null = null;
  private peepO: Tensor | null = null;

  constructor(args: PeepholeLSTMCellArgs) {
    const { units, ...cellArgs } = args;
    super(cellArgs, 'peephole_lstm_cell');
    this.units = units;
  }

  /** Two states, h and c, each `units` wide; the output is h. */
  get stateSize(): number[] {
    return [this.units, this.units];
  }

  /** `inputShape` is one step's, `[batch, features]`. */
  override build(inputShape: layers.Shape): void {
    const features = inputShape[inputShape.length - 1];
    if (typeof features !== 'number') throw new Error(`${this.name}: the feature axis must be known, got ${JSON.stringify(inputShape)}`);
    const U = this.units;
    this.kernel = this.addWeight('kernel', [features, 4 * U], 'glorotUniform');
    this.recurrentKernel = this.addWeight('recurrent_kernel', [U, 4 * U], 'orthogonal');
    this.bias = this.addWeight('bias', [4 * U], 'zeros');
    this.bias.data.fill(1, U, 2 * U); // forget gate open at the start, as Keras's unitForgetBias
    this.peepI = this.addWeight('peephole_i', [U], 'zeros');
    this.peepF = this.addWeight('peephole_f', [U], 'zeros');
    this.peepO = this.addWeight('peephole_o', [U], 'zeros');
  }

  call(x: Tensor, [h, c]: Tensor[]): [Tensor, Tensor[]] {
    const U = this.units;
    const z = ops.add(ops.add(ops.matMul(x, this.kernel!), ops.matMul(h!, this.recurrentKernel!)), this.bias!);
    const gate = (k: number): Tensor => ops.slice(z, [0, k * U], [-1, U]);
    const i = ops.sigmoid(ops.add(gate(0), ops.mul(this.peepI!, c!)));
    const f = ops.sigmoid(ops.add(gate(1), ops.mul(this.peepF!, c!)));
    const cNext = ops.add(ops.mul(f, c!), ops.mul(i, ops.tanh(gate(2))));
    const o = ops.sigmoid(ops.add(gate(3), ops.mul(this.peepO!, cNext)));
    const hNext = ops.mul(o, ops.tanh(cNext));
    return [hNext, [hNext, cNext]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), units: this.units };
  }

  override clone(name?: string): PeepholeLSTMCell {
    return new PeepholeLSTMCell({ units: this.units, dtype: this.dtype, ...(name !== undefined ? { name } : {}) });
  }
}

const STEPS = 8;

/** `n` adding-problem sequences of [value, marker]; the target is the sum of the two marked values. */
export function makeAddingData(n: number, random: () => number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(n * STEPS * 2);
  const y = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    const a = Math.floor(random() * STEPS);
    let b = Math.floor(random() * (STEPS - 1));
    if (b >= a) b++;
    for (let t = 0; t < STEPS; t++) {
      const value = random();
      x[(s * STEPS + t) * 2] = value;
      if (t === a || t === b) {
        x[(s * STEPS + t) * 2 + 1] = 1;
        y[s] += value;
      }
    }
  }
  return { x: tensor(x, [n, STEPS, 2]), y: tensor(y, [n, 1]) };
}

/** Trains rnn(peephole cell) → dense on the adding problem; returns the test MSE before and after, and the mean-predictor's. */
export async function trainPeephole(opts: { epochs: number; trainSize: number; seed: number }): Promise<{ before: number; after: number; baseline: number }> {
  setSeed(opts.seed);
  let state = opts.seed;
  const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const train = makeAddingData(opts.trainSize, random);
  const test = makeAddingData(256, random);
  const model = sequential({
    layers: [layers.rnn({ cell: new PeepholeLSTMCell({ units: 8 }), inputShape: [STEPS, 2] }), layers.dense({ units: 1 })],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.02 }), loss: 'meanSquaredError' });
  const before = model.evaluate(test.x, test.y) as number;
  await model.fit(train.x, train.y, { epochs: opts.epochs, batchSize: 32, verbose: 0 });
  const after = model.evaluate(test.x, test.y) as number;
  // Predicting the mean target: the best a model that remembers nothing can do.
  const targets = Array.from(test.y.data);
  const mu = targets.reduce((p, v) => p + v, 0) / targets.length;
  const baseline = targets.reduce((p, v) => p + (v - mu) ** 2, 0) / targets.length;
  return { before, after, baseline };
}

async function main(): Promise<void> {
  console.log(`Task: the sum of the two marked values among ${STEPS} steps.`);
  const { before, after, baseline } = await trainPeephole({ epochs: 30, trainSize: 1024, seed: 1 });
  console.log(`test MSE before training ${before.toFixed(4)}, after ${after.toFixed(4)} (predicting the mean: ${baseline.toFixed(4)})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
