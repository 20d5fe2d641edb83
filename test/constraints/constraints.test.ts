import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Tensor } from '../../src/tensor/tensor.js';
import { constraints } from '../../src/index.js';
import { assertClose, flat } from '../helpers/fixtures.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/conv/regularizers_constraints.json', import.meta.url), 'utf8'));

function shapeOf(v: unknown): number[] {
  const s: number[] = [];
  while (Array.isArray(v)) {
    s.push(v.length);
    v = v[0];
  }
  return s;
}

const make = (kind: string, args: Record<string, unknown>): constraints.Constraint => {
  switch (kind) {
    case 'maxNorm': return constraints.maxNorm(args);
    case 'unitNorm': return constraints.unitNorm(args);
    case 'nonNeg': return constraints.nonNeg();
    default: return constraints.minMaxNorm(args);
  }
};

for (const c of fixture.constraints) {
  test(`${c.kind} ${JSON.stringify(c.args)} projects as Keras's formula in PyTorch`, () => {
    const w = new Tensor(Float64Array.from(flat(c.w)), shapeOf(c.w));
    make(c.kind, c.args).project(w);
    assertClose(w.data, c.projected, 'projected', 1e-12, 1e-14);
  });
}

test('defaults as Keras: maxNorm 2 on axis 0, unitNorm axis 0, minMaxNorm [0, 1] rate 1 axis 0', () => {
  assert.deepEqual(constraints.maxNorm().getConfig(), { max_value: 2, axis: 0 });
  assert.deepEqual(constraints.unitNorm().getConfig(), { axis: 0 });
  assert.deepEqual(constraints.minMaxNorm().getConfig(), { min_value: 0, max_value: 1, rate: 1, axis: 0 });
  // Column norms of [[3, 0], [4, 1]] are 5 and 1: maxNorm(2) scales only the first column.
  const w = new Tensor(Float64Array.from([3, 0, 4, 1]), [2, 2]);
  constraints.maxNorm().project(w);
  assertClose(w.data, [3 * 2 / (5 + 1e-7), 0, 4 * 2 / (5 + 1e-7), 1 / (1 + 1e-7)], 'max norm', 1e-15, 1e-15);
  const f32 = new Tensor(Float32Array.from([-1, 2]), [2]);
  constraints.nonNeg().project(f32);
  assert.deepEqual(Array.from(f32.data), [0, 2]);
});

test('Keras / tfjs serialisation both ways, and errors', () => {
  for (const c of [constraints.maxNorm({ maxValue: 3, axis: [0, 1] }), constraints.unitNorm({ axis: 1 }), constraints.nonNeg(), constraints.minMaxNorm({ minValue: 0.5, rate: 0.3 })]) {
    const json = constraints.constraintToKeras(c);
    assert.deepEqual(constraints.constraintToKeras(constraints.constraintFromKeras(json)), json);
  }
  assert.deepEqual(constraints.constraintToKeras(constraints.constraintFromKeras({ class_name: 'MaxNorm', config: { maxValue: 4, axis: 0 } })), { class_name: 'MaxNorm', config: { max_value: 4, axis: 0 } });
  assert.equal(constraints.getConstraint('non_neg', 'x', 'y').className, 'NonNeg');
  assert.throws(() => constraints.constraintFromKeras({ class_name: 'RadialConstraint', config: {} }), /class 'RadialConstraint' is not one lstm-ts has/);
  assert.throws(() => constraints.maxNorm({ maxValue: -1 }), /option 'maxValue' expected a finite number >= 0, got -1/);
  assert.throws(() => constraints.minMaxNorm({ minValue: 2, maxValue: 1 }), /option 'maxValue' expected a finite number >= 2, got 1/);
  assert.throws(() => constraints.unitNorm({ axis: 1.5 }), /option 'axis' expected an integer or a list of integers/);
  assert.throws(() => constraints.unitNorm({ axis: 2 }).project(new Tensor(new Float64Array(4), [2, 2])), /option 'axis' 2 is out of range for a weight of rank 2/);
});
