// The merge layers against PyTorch (test/fixtures/merge/generate_merge_fixtures.py): forward
// values and the gradients of a fixed linear loss with respect to every input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Tensor } from '../../../src/tensor/tensor.js';
import { backward, record } from '../../../src/autograd/tape.js';
import type { Layer } from '../../../src/layers/layer.js';
import * as layers from '../../../src/layers/index.js';
import { linearLoss } from '../../helpers/gradcheck.js';
import { assertClose } from '../../helpers/fixtures.js';

interface FixtureCase {
  name: string;
  layer: 'add' | 'subtract' | 'multiply' | 'average' | 'maximum' | 'minimum' | 'concatenate' | 'dot' | 'repeatVector' | 'permute';
  config: Record<string, unknown>;
  inputs: { shape: number[]; values: number[] }[];
  output: { shape: number[]; values: number[] };
  input_grads: number[][];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/merge/merge.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };

function makeLayer(c: FixtureCase, dtype: 'float32' | 'float64'): Layer {
  const cfg = { ...c.config, dtype } as never;
  switch (c.layer) {
    case 'add': return layers.add(cfg);
    case 'subtract': return layers.subtract(cfg);
    case 'multiply': return layers.multiply(cfg);
    case 'average': return layers.average(cfg);
    case 'maximum': return layers.maximum(cfg);
    case 'minimum': return layers.minimum(cfg);
    case 'concatenate': return layers.concatenate(cfg);
    case 'dot': return layers.dot(cfg);
    case 'repeatVector': return layers.repeatVector(cfg);
    case 'permute': return layers.permute(cfg);
  }
}

const single = new Set(['repeatVector', 'permute']);

/** Runs the layer and back-propagates linearLoss (the fixture's loss) into the inputs. */
function run(c: FixtureCase, dtype: 'float32' | 'float64'): { y: Tensor; xs: Tensor[] } {
  const xs = c.inputs.map((i) => {
    const t = new Tensor(dtype === 'float64' ? Float64Array.from(i.values) : Float32Array.from(i.values), i.shape);
    t.requiresGrad = true;
    return t;
  });
  const layer = makeLayer(c, dtype);
  let y: Tensor | null = null;
  const loss = record(() => {
    y = layer.apply(single.has(c.layer) ? xs[0]! : xs) as Tensor;
    return linearLoss([y]);
  });
  backward(loss);
  return { y: y!, xs };
}

test('the fixture covers every merge layer, dot with axes as a pair and with normalize', () => {
  const kinds = new Set(fixture.cases.map((c) => c.layer));
  for (const k of ['add', 'subtract', 'multiply', 'average', 'maximum', 'minimum', 'concatenate', 'dot', 'repeatVector', 'permute']) assert.ok(kinds.has(k as never), k);
  assert.ok(fixture.cases.some((c) => c.layer === 'dot' && Array.isArray(c.config['axes'])));
  assert.ok(fixture.cases.some((c) => c.layer === 'dot' && c.config['normalize'] === true));
});

for (const c of fixture.cases) {
  test(`${c.name}: forward and input gradients match PyTorch (float64)`, () => {
    const { y, xs } = run(c, 'float64');
    assert.deepEqual([...y.shape], c.output.shape);
    assertClose(y.data, c.output.values, `${c.name} forward`, 1e-12, 1e-12);
    xs.forEach((x, k) => assertClose(x.grad ?? new Float64Array(x.size), c.input_grads[k]!, `${c.name} d/d inputs[${k}]`, 1e-10, 1e-12));
  });
}

test('float32 layers give the fixture values to float32 precision', () => {
  for (const c of fixture.cases) {
    const { y, xs } = run(c, 'float32');
    assert.equal(y.dtype, 'float32', c.name);
    assertClose(y.data, c.output.values, `${c.name} forward float32`, 1e-5, 1e-5);
    xs.forEach((x, k) => assertClose(x.grad!, c.input_grads[k]!, `${c.name} float32 d/d inputs[${k}]`, 1e-4, 1e-5));
  }
});
