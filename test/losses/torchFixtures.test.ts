// Values, per-sample values and gradients against the independent PyTorch float64 fixtures
// (test/fixtures/torch/losses.json; see test/fixtures/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { type NestedArray, tensor } from '../../src/tensor/tensor.js';
import { backward, record } from '../../src/autograd/tape.js';
import { getLoss, perSampleLoss } from '../../src/losses/index.js';

interface LossCase {
  name: string;
  config: { loss: string; fromLogits?: boolean; delta?: number };
  yTrue: NestedArray;
  yPred: NestedArray;
  expected: { perSample: NestedArray; value: number };
  grad: NestedArray;
}

const path = new URL('../fixtures/torch/losses.json', import.meta.url);

function flat(v: NestedArray): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

test('losses match the PyTorch fixtures: value, per-sample values and gradient', { skip: !existsSync(path) }, () => {
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as { cases: LossCase[] };
  assert.ok(fixture.cases.length >= 13);
  for (const c of fixture.cases) {
    const { loss: name, ...options } = c.config;
    const loss = getLoss(name, options);
    const yTrue = tensor(c.yTrue, undefined, 'float64');
    const yPred = tensor(c.yPred, undefined, 'float64');
    yPred.requiresGrad = true;
    const out = record(() => loss(yTrue, yPred));
    backward(out);
    const value = out.data[0]!;
    assert.ok(Math.abs(value - c.expected.value) <= 1e-12 * Math.max(1, Math.abs(c.expected.value)), `${c.name}: value ${value} vs ${c.expected.value}`);
    const perSample = Array.from(perSampleLoss(loss, yTrue, yPred).data);
    flat(c.expected.perSample).forEach((e, i) =>
      assert.ok(Math.abs(perSample[i]! - e) <= 1e-12 * Math.max(1, Math.abs(e)), `${c.name}: perSample[${i}] ${perSample[i]} vs ${e}`),
    );
    const grad = Array.from(yPred.grad!);
    flat(c.grad).forEach((e, i) =>
      assert.ok(Math.abs(grad[i]! - e) <= 1e-10 * Math.max(1, Math.abs(e)), `${c.name}: grad[${i}] ${grad[i]} vs ${e}`),
    );
  }
});
