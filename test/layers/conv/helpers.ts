/** Shared by the conv/pooling/batch-norm tests: the fixture file and a weighted-sum loss. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tensor } from '../../../src/tensor/tensor.js';
import { accumulateGrad, addNode, backward, record } from '../../../src/autograd/tape.js';
import { flat } from '../../helpers/fixtures.js';

/** test/fixtures/conv/conv.json, written by generate_conv_fixtures.py (PyTorch float64). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadConvFixture(): any {
  return JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/conv/conv.json', import.meta.url)), 'utf8'));
}

/** A float64 tensor from nested fixture arrays with the given shape. */
export function f64(values: unknown, shape: number[], requiresGrad = false): Tensor {
  const t = new Tensor(Float64Array.from(flat(values)), shape);
  t.requiresGrad = requiresGrad;
  return t;
}

/** The shape of a nested array. */
export function shapeOf(values: unknown): number[] {
  const shape: number[] = [];
  let v = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/** L = sum(w * y) for fixed weights w, differentiable in y. */
export function weightedSum(y: Tensor, w: readonly number[]): Tensor {
  let sum = 0;
  for (let i = 0; i < y.size; i++) sum += w[i]! * y.data[i]!;
  const out = new Tensor(new Float64Array([sum]), []);
  addNode([y], [out], () => {
    const g = out.grad ? out.grad[0]! : 0;
    accumulateGrad(y, w.map((v) => v * g));
  });
  return out;
}

/** Runs f recorded, back-propagates L = sum(w * f()), returns the output. */
export function runWithLoss(f: () => Tensor, w: readonly number[]): Tensor {
  let y: Tensor | null = null;
  const loss = record(() => {
    y = f();
    return weightedSum(y, w);
  });
  backward(loss);
  return y!;
}
