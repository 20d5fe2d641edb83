/**
 * Composed expressions against PyTorch: test/fixtures/ops/composed.json holds inputs, outputs
 * and gradients from torch autograd (float64); generate_ops_fixtures.py next to it writes the
 * same expressions with torch ops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type NestedArray, Tensor, tensor } from '../../../src/tensor/tensor.js';
import { backward, record } from '../../../src/autograd/tape.js';
import * as ops from '../../../src/ops/public/index.js';
import { assertClose } from '../../helpers/fixtures.js';

interface Case {
  inputs: Record<string, NestedArray>;
  output: NestedArray;
  lossWeights: NestedArray;
  grads: Record<string, NestedArray>;
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/ops/composed.json', import.meta.url)), 'utf8')) as { cases: Record<string, Case> };

type Expr = (t: Record<string, Tensor>) => Tensor;

const expressions: Record<string, Expr> = {
  attention: ({ q, k, v }) => {
    const scores = ops.div(ops.matMul(q!, k!, false, true), Math.sqrt(q!.shape[2]!));
    return ops.matMul(ops.softmax(scores), v!);
  },
  glu: ({ x, w, b1, b2, u }) => {
    const h = ops.matMul(x!, w!);
    const a = ops.slice(h, [0, 0, 0], [-1, -1, 3]);
    const g = ops.slice(h, [0, 0, 3], [-1, -1, 3]);
    const gated = ops.mul(ops.add(a, b1!), ops.sigmoid(ops.add(g, b2!)));
    return ops.div(ops.matMul(gated, u!, false, true), 2);
  },
  normalise: ({ x, gamma, beta }) => {
    const mu = ops.mean(x!, -1, true);
    const xc = ops.sub(x!, mu);
    const variance = ops.mean(ops.square(xc), -1, true);
    const y = ops.add(ops.mul(ops.div(xc, ops.sqrt(ops.add(variance, 1e-3))), gamma!), beta!);
    const z = ops.sub(ops.add(ops.relu(y), ops.log(ops.add(ops.abs(x!), 1))), ops.mul(ops.exp(ops.neg(x!)), 0.1));
    return ops.squeeze(ops.expandDims(ops.sum(ops.reshape(z, [2, 2, 3]), 1), 0), [0]);
  },
  reduceAndShape: ({ a, b }) => {
    const c = ops.concat([ops.tanh(a!), ops.mul(b!, b!)], 1);
    const s = ops.transpose(ops.slice(ops.logSoftmax(c, 0), [0, 1], [-1, 3]));
    const st = ops.stack([ops.max(s, 1), ops.mean(s, 1)], 1);
    const col = ops.transpose(ops.slice(ops.softmax(a!, 0), [0, 0], [-1, 1]));
    return ops.add(ops.sub(st, ops.sum(st)), ops.broadcastTo(col, [3, 2]));
  },
};

test('the fixture covers every expression written here', () => {
  assert.deepEqual(Object.keys(fixture.cases).sort(), Object.keys(expressions).sort());
});

for (const [name, c] of Object.entries(fixture.cases)) {
  test(`${name}: output and gradients match PyTorch (float64)`, () => {
    const inputs: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(c.inputs)) {
      inputs[k] = tensor(v, undefined, 'float64');
      inputs[k]!.requiresGrad = true;
    }
    const w = tensor(c.lossWeights, undefined, 'float64');
    let y: Tensor | null = null;
    const loss = record(() => {
      y = expressions[name]!(inputs);
      return ops.sum(ops.mul(y, w));
    });
    assertClose(y!.toArray(), c.output, `${name} output`, 1e-12, 1e-12);
    backward(loss);
    for (const [k, g] of Object.entries(c.grads)) {
      assertClose(inputs[k]!.grad!, g, `${name} d/d${k}`, 1e-10, 1e-11);
    }
  });

  test(`${name}: float32 stays within float32 rounding of PyTorch`, () => {
    const inputs: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(c.inputs)) inputs[k] = tensor(v);
    const y = expressions[name]!(inputs);
    assert.equal(y.dtype, 'float32');
    assertClose(y.toArray(), c.output, `${name} float32 output`, 1e-4, 1e-5);
  });
}
