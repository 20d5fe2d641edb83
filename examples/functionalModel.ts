/**
 * A functional model with two inputs and two outputs: what `sequential` cannot express.
 *
 * Each sample is a noisy sine wave segment (12 steps) plus two numbers describing the wave
 * (its frequency and its amplitude). One head regresses the next value of the wave; the other
 * classifies whether the wave goes up at the next step. Both heads read one shared LSTM
 * summary of the segment joined with the description, and train together: one loss each,
 * weighted in the total.
 *
 * Run: npx tsx examples/functionalModel.ts
 */
import { type SymbolicTensor, type Tensor, input, layers, model, optimizers, setSeed } from '../src/index.js';
import { random } from '../src/tensor/random.js';

const STEPS = 12;

/** Samples of the task: inputs `[segment, description]`, targets `[next, rises]`. */
function makeData(count: number): { segments: number[][][]; descriptions: number[][]; next: number[][]; rises: number[][] } {
  const out = { segments: [] as number[][][], descriptions: [] as number[][], next: [] as number[][], rises: [] as number[][] };
  for (let i = 0; i < count; i++) {
    const freq = 0.2 + 0.6 * random();
    const amp = 0.5 + random();
    const phase = 2 * Math.PI * random();
    const wave = (t: number): number => amp * Math.sin(freq * t + phase);
    out.segments.push(Array.from({ length: STEPS }, (_, t) => [wave(t) + 0.05 * (random() - 0.5)]));
    out.descriptions.push([freq, amp]);
    out.next.push([wave(STEPS)]);
    out.rises.push([wave(STEPS) > wave(STEPS - 1) ? 1 : 0]);
  }
  return out;
}

/** What the example measured: test errors of the model and of the baselines. */
export interface FunctionalExampleResult {
  /** Mean absolute error of the next-value head on held-out samples. */
  nextMae: number;
  /** The same for repeating the last value of the segment. */
  lastValueMae: number;
  /** Accuracy of the up/down head on held-out samples. */
  risesAccuracy: number;
  /** Accuracy of always answering the more common class of the training set. */
  majorityAccuracy: number;
  /** The History keys fit logged, e.g. 'next_loss'. */
  logged: string[];
}

/** Builds and trains the two-headed model; returns its test scores beside the baselines'. */
export async function twoHeads(epochs = 30, seed = 1): Promise<FunctionalExampleResult> {
  setSeed(seed);
  const train = makeData(1024);
  const test = makeData(256);

  const segment = input({ shape: [STEPS, 1], name: 'segment' });
  const description = input({ shape: [2], name: 'description' });
  const summary = layers.lstm({ units: 24 }).apply(segment) as SymbolicTensor;
  const joined = layers.concatenate().apply([summary, description]) as SymbolicTensor;
  const hidden = layers.dense({ units: 24, activation: 'tanh' }).apply(joined) as SymbolicTensor;
  const next = layers.dense({ units: 1, name: 'next' }).apply(hidden) as SymbolicTensor;
  const rises = layers.dense({ units: 1, activation: 'sigmoid', name: 'rises' }).apply(hidden) as SymbolicTensor;
  const net = model({ inputs: [segment, description], outputs: [next, rises], name: 'two_heads' });

  net.compile({
    optimizer: optimizers.adam({ learningRate: 0.01 }),
    loss: { next: 'meanSquaredError', rises: 'binaryCrossentropy' },
    lossWeights: { next: 1, rises: 0.5 },
    metrics: { rises: ['accuracy'] },
  });
  const history = await net.fit(
    { segment: train.segments, description: train.descriptions },
    { next: train.next, rises: train.rises },
    { epochs, batchSize: 32, verbose: 0 },
  );

  const [predNext, predRises] = net.predict([test.segments, test.descriptions]) as Tensor[];
  let nextErr = 0;
  let lastErr = 0;
  let correct = 0;
  test.next.forEach(([want], i) => {
    nextErr += Math.abs(predNext!.data[i]! - want!);
    lastErr += Math.abs(test.segments[i]![STEPS - 1]![0]! - want!);
    if ((predRises!.data[i]! > 0.5 ? 1 : 0) === test.rises[i]![0]) correct++;
  });
  const upShare = train.rises.filter(([r]) => r === 1).length / train.rises.length;
  const majority = upShare >= 0.5 ? 1 : 0;
  return {
    nextMae: nextErr / test.next.length,
    lastValueMae: lastErr / test.next.length,
    risesAccuracy: correct / test.rises.length,
    majorityAccuracy: test.rises.filter(([r]) => r === majority).length / test.rises.length,
    logged: Object.keys(history.history),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await twoHeads();
  console.log(`logged per epoch: ${r.logged.join(', ')}`);
  console.log(`next value: MAE ${r.nextMae.toFixed(3)} (repeating the last value: ${r.lastValueMae.toFixed(3)})`);
  console.log(`goes up:    accuracy ${(100 * r.risesAccuracy).toFixed(1)}% (majority class: ${(100 * r.majorityAccuracy).toFixed(1)}%)`);
}
