/**
 * Stand-ins for the model and the output stream, so the callbacks can be tested without a
 * trainable model: the "weights" are one number that the test sets to the epoch index.
 */
import { type Tensor, tensor } from '../../src/tensor/tensor.js';

export class FakeModel {
  stopTraining = false;
  /** The single weight value; tests set it to the epoch so restored weights name an epoch. */
  weight = 0;
  setWeightsCalls = 0;
  optimizer: { learningRate: unknown } = { learningRate: 0.1 };

  getWeights(): Tensor[] {
    return [tensor([this.weight], undefined, 'float64')];
  }

  setWeights(weights: Tensor[]): void {
    this.setWeightsCalls += 1;
    this.weight = weights[0]!.data[0]!;
  }
}

/** A stream that records every write. */
export class FakeStream {
  readonly writes: string[] = [];
  constructor(readonly isTTY: boolean) {}
  write(s: string): boolean {
    this.writes.push(s);
    return true;
  }
  get text(): string {
    return this.writes.join('');
  }
}

/** Runs `fn` with console[method] replaced by a recorder; returns what was printed. */
export async function capture(method: 'log' | 'warn', fn: () => unknown): Promise<string[]> {
  const original = console[method];
  const lines: string[] = [];
  console[method] = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  try {
    await fn();
  } finally {
    console[method] = original;
  }
  return lines;
}
