/**
 * Writing your own layer: a scaled dot-product self-attention layer whose `call` composes only
 * the public `ops` (matMul, div, softmax), with its own weights made by `addWeight`. The tape
 * differentiates it, so it trains inside a `sequential` model like any built-in layer.
 *
 * The task needs attention: each sequence holds random values, and one step carries a flag;
 * the target is the value at the flagged step, wherever it is. A query that matches the
 * flag's key makes every step read that value.
 *
 * Run: npx tsx examples/customLayer.ts
 */
import { type Tensor, layers, ops, optimizers, sequential, setSeed, tensor } from '../src/index.js';

/** Options of {@link SelfAttention}: the usual layer options plus the attention width. */
export interface SelfAttentionArgs extends layers.LayerArgs {
  /** Size of the queries, keys and values (the output's last axis). */
  units: number;
}

/**
 * softmax(Q Kᵀ / √units) V with Q = x Wq + bq, K = x Wk + bk, V = x Wv + bv, for x
 * `[batch, time, features]`; output `[batch, time, units]`. The query bias lets every step ask
 * the same question ("where is the flag?") whatever its own value.
 */
export class SelfAttention extends layers.Layer {
  readonly className = 'SelfAttention';
  readonly units: number;
  private wq: Tensor | null = null;
  private wk: Tensor | null = null;
  private wv: Tensor | null = null;
  private bq: Tensor | null = null;
  private bk: Tensor | null = null;
  private bv: Tensor | null = null;

  constructor(args: SelfAttentionArgs) {
    const { units, ...layerArgs } = args;
    super(layerArgs, 'self_attention');
    this.units = units;
  }

  /** Called once with the input shape (batch axis included), before the first `call`. */
  override build(inputShape: layers.Shape): void {
    const features = inputShape[inputShape.length - 1];
    if (typeof features !== 'number') throw new Error(`${this.name}: the feature axis must be known, got ${JSON.stringify(inputShape)}`);
    this.wq = this.addWeight('query_kernel', [features, this.units], 'glorotUniform');
    this.wk = this.addWeight('key_kernel', [features, this.units], 'glorotUniform');
    this.wv = this.addWeight('value_kernel', [features, this.units], 'glorotUniform');
    this.bq = this.addWeight('query_bias', [this.units], 'zeros');
    this.bk = this.addWeight('key_bias', [this.units], 'zeros');
    this.bv = this.addWeight('value_bias', [this.units], 'zeros');
  }

  override call(x: Tensor, _args: layers.CallArgs): Tensor {
    // [batch, time, features] x [features, units]: matMul broadcasts the weight over the
    // batch, and add broadcasts the [units] bias over batch and time.
    const q = ops.add(ops.matMul(x, this.wq!), this.bq!);
    const k = ops.add(ops.matMul(x, this.wk!), this.bk!);
    const v = ops.add(ops.matMul(x, this.wv!), this.bv!);
    const scores = ops.div(ops.matMul(q, k, false, true), Math.sqrt(this.units)); // [batch, time, time]
    return ops.matMul(ops.softmax(scores), v);
  }

  override computeOutputShape(inputShape: layers.Shape): layers.Shape {
    return [...inputShape.slice(0, -1), this.units];
  }
}

const STEPS = 8;

/** `n` sequences of [value, flag] pairs with one flagged step each; targets are the flagged values. */
export function makeFlaggedData(n: number, random: () => number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(n * STEPS * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const flagged = Math.floor(random() * STEPS);
    for (let t = 0; t < STEPS; t++) {
      const value = random() * 2 - 1;
      x[(i * STEPS + t) * 2] = value;
      x[(i * STEPS + t) * 2 + 1] = t === flagged ? 1 : 0;
      if (t === flagged) y[i] = value;
    }
  }
  return { x: tensor(x, [n, STEPS, 2]), y: tensor(y, [n, 1]) };
}

/** Trains attention → flatten → dense on the task; returns the test MSE before and after. */
export async function trainSelfAttention(opts: { epochs: number; trainSize: number; seed: number }): Promise<{ before: number; after: number; baseline: number }> {
  setSeed(opts.seed);
  let state = opts.seed;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
  const train = makeFlaggedData(opts.trainSize, random);
  const test = makeFlaggedData(256, random);
  const model = sequential({
    layers: [new SelfAttention({ units: 8, inputShape: [STEPS, 2] }), layers.flatten(), layers.dense({ units: 1 })],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'meanSquaredError' });
  const before = model.evaluate(test.x, test.y) as number;
  await model.fit(train.x, train.y, { epochs: opts.epochs, batchSize: 32, verbose: 0 });
  const after = model.evaluate(test.x, test.y) as number;
  // Predicting the mean target: what a model that cannot find the flagged step does at best.
  const targets = Array.from(test.y.data);
  const mu = targets.reduce((a, b) => a + b, 0) / targets.length;
  const baseline = targets.reduce((a, b) => a + (b - mu) ** 2, 0) / targets.length;
  return { before, after, baseline };
}

async function main(): Promise<void> {
  console.log(`Task: read the value at the flagged one of ${STEPS} steps.`);
  const { before, after, baseline } = await trainSelfAttention({ epochs: 40, trainSize: 1024, seed: 1 });
  console.log(`test MSE before training ${before.toFixed(4)}, after ${after.toFixed(4)} (predicting the mean: ${baseline.toFixed(4)})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
