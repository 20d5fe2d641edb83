/**
 * An Embedding feeding a recurrent op on the wasm kernels: the input projection is made once
 * per distinct token (ops/gatheredRows.ts, kernels/wasm/recurrentIO.ts). Against the same op
 * on the same Embedding output with the link cut (a reshape), which projects every position:
 * outputs and every gradient (table, kernel, recurrent kernel, bias, initial states) agree to
 * float32 rounding, for LSTM, GRU in both forms and SimpleRNN, masks, goBackwards, a second
 * consumer of the Embedding's output, a frozen table, and the wasm pass counter proves which
 * path ran. On the js backend (the suite's second run) neither run gathers, and they agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor.js';
import { backward, record } from '../../src/autograd/tape.js';
import { embeddingLookup } from '../../src/ops/embedding.js';
import { reshape } from '../../src/ops/shape.js';
import { lstmSequence } from '../../src/ops/lstm.js';
import { gruSequence } from '../../src/ops/gru.js';
import { simpleRnnSequence } from '../../src/ops/simpleRnn.js';
import { gatheredPlan } from '../../src/ops/gatheredRows.js';
import type { RecurrentResult } from '../../src/ops/recurrentOp.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { wasmPassCounts, type WasmRecurrentKind } from '../../src/kernels/wasm/callCounts.js';
import { setSeed, uniform } from '../../src/tensor/random.js';
import { getBackend } from '../../src/kernels/backend.js';
import { sequential, layers } from '../../src/index.js';
import { linearLoss } from '../helpers/gradcheck.js';
import { assertClose } from '../helpers/fixtures.js';
import { randArray } from '../helpers/kernelCases.js';

/** Only the wasm kernels take the gathered form; on the js backend both runs project every position. */
const onWasm = getBackend() === 'wasm';
const tanh = getRecurrentActivation('tanh', 'test', 'activation');
const sigmoid = getRecurrentActivation('sigmoid', 'test', 'recurrentActivation');

function f32(shape: number[], lo = -0.5, hi = 0.5, requiresGrad = true): Tensor {
  const t = new Tensor(randArray(shape.reduce((a, b) => a * b, 1), false, lo, hi), shape);
  t.requiresGrad = requiresGrad;
  return t;
}

interface Case {
  family: 'lstm' | 'gru' | 'gruResetBefore' | 'simpleRnn';
  B: number; T: number; vocab: number; I: number; U: number;
  masked?: boolean; goBackwards?: boolean; initial?: boolean;
  /** The Embedding's output also goes straight into the loss. */
  secondConsumer?: boolean;
  frozenTable?: boolean;
}

const kindOf = (c: Case): WasmRecurrentKind => (c.family === 'lstm' ? 'lstm' : c.family === 'simpleRnn' ? 'simpleRnn' : 'gru');

function run(c: Case, linked: boolean) {
  setSeed(11);
  const { B, T, vocab, I, U } = c;
  const gates = c.family === 'lstm' ? 4 : c.family === 'simpleRnn' ? 1 : 3;
  const table = f32([vocab, I], -1, 1, !c.frozenTable);
  const idData = new Float32Array(B * T);
  for (let i = 0; i < idData.length; i++) idData[i] = Math.floor(uniform(0, vocab));
  const ids = new Tensor(idData, [B, T]);
  const kernel = f32([I, gates * U]);
  const recurrentKernel = f32([U, gates * U]);
  const bias = f32(c.family === 'gru' ? [2, gates * U] : [gates * U]);
  const initial = c.initial ? [f32([B, U]), f32([B, U])] : [null, null];
  let mask: Tensor | null = null;
  if (c.masked) {
    const m = new Float32Array(B * T).fill(1);
    for (let b = 0; b < B; b++) for (let t = T - (b % 3); t < T; t++) m[b * T + t] = 0;
    mask = new Tensor(m, [B, T]);
  }
  const loop = { mask, goBackwards: c.goBackwards ?? false, recurrentDropoutMask: null, zeroOutputForMask: false };
  const before = wasmPassCounts()[kindOf(c)].gathered;
  let result!: RecurrentResult;
  const loss = record(() => {
    const looked = embeddingLookup(ids, table);
    const x = linked ? looked : reshape(looked, looked.shape);
    if (c.family === 'lstm') {
      result = lstmSequence(x, kernel, recurrentKernel, bias, { ...loop, h0: initial[0]!, c0: initial[1]!, activation: tanh, recurrentActivation: sigmoid });
    } else if (c.family === 'simpleRnn') {
      result = simpleRnnSequence(x, kernel, recurrentKernel, bias, { ...loop, h0: initial[0]!, activation: tanh });
    } else {
      result = gruSequence(x, kernel, recurrentKernel, bias, {
        ...loop, h0: initial[0]!, resetAfter: c.family === 'gru', activation: tanh, recurrentActivation: sigmoid,
      });
    }
    return linearLoss([result.sequence!, result.lastOutput, ...result.states, ...(c.secondConsumer ? [looked] : [])]);
  });
  backward(loss);
  const gathered = wasmPassCounts()[kindOf(c)].gathered - before;
  const grads: [string, Tensor | null][] = [['table', table], ['kernel', kernel], ['recurrentKernel', recurrentKernel], ['bias', bias], ['h0', initial[0]!]];
  if (c.family === 'lstm') grads.push(['c0', initial[1]!]);
  return {
    gathered,
    outputs: [result.sequence!.data, result.lastOutput.data, ...result.states.map((s) => s.data)],
    grads: grads.filter(([, t]) => t?.requiresGrad).map(([name, t]) => [name, t!.grad] as const),
    tableGrad: table.grad,
  };
}

function compare(c: Case): void {
  const fused = run(c, true);
  const plain = run(c, false);
  assert.equal(plain.gathered, 0, 'the reshape cuts the link: every position projected');
  assert.equal(fused.gathered, onWasm ? 1 : 0, `${c.family}: the op took the Embedding's output by distinct rows on wasm only`);
  fused.outputs.forEach((y, i) => assertClose(y, plain.outputs[i]!, `${c.family} output ${i}`, 2e-6, 2e-6));
  assert.equal(fused.grads.length, plain.grads.length);
  fused.grads.forEach(([name, g], i) => {
    assert.ok(g, `${c.family}: ${name} has a gradient`);
    assertClose(g, plain.grads[i]![1]!, `${c.family} d${name}`, 2e-5, 1e-5);
  });
  if (c.frozenTable) assert.equal(fused.tableGrad, null, 'a frozen table gets no gradient');
}

const base = { B: 6, T: 9, vocab: 5, I: 7, U: 8 };

for (const family of ['lstm', 'gru', 'gruResetBefore', 'simpleRnn'] as const) {
  test(`gathered input: ${family} projects each distinct token once, same outputs and gradients`, () => {
    compare({ family, ...base });
    compare({ family, ...base, masked: true, goBackwards: true, initial: true });
    compare({ family, ...base, B: 2, U: 13, secondConsumer: true });
  });
}

test('gathered input: a frozen table gets no gradient and the rest still matches', () => {
  compare({ family: 'lstm', ...base, frozenTable: true });
});

test('gathered input: too many distinct rows for the batch keeps the ordinary projection', () => {
  setSeed(3);
  const table = f32([50, 4]);
  const ids = new Tensor(Float32Array.from({ length: 12 }, (_, i) => i), [3, 4]);
  assert.equal(gatheredPlan(embeddingLookup(ids, table)), null, '12 distinct rows in 12 positions');
  const repeated = new Tensor(Float32Array.from({ length: 12 }, (_, i) => i % 6), [3, 4]);
  const plan = gatheredPlan(embeddingLookup(repeated, table));
  assert.ok(plan);
  assert.equal(plan.input.count, 6);
  assert.deepEqual([...plan.tableRows], [0, 1, 2, 3, 4, 5]);
  assert.deepEqual([...plan.input.slots], [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
  assert.equal(gatheredPlan(f32([3, 4, 4])), null, 'a tensor no Embedding made');
});

test('gathered input: a Sequential Embedding -> Bidirectional(LSTM) -> Dense takes it in both directions while training', {
  skip: onWasm ? false : 'the js backend has no gathered path',
}, () => {
  setSeed(5);
  const m = sequential();
  m.add(layers.embedding({ inputDim: 7, outputDim: 5, inputShape: [12] }));
  m.add(layers.bidirectional({ layer: layers.lstm({ units: 6 }) }));
  m.add(layers.dense({ units: 7, activation: 'softmax' }));
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const x = new Tensor(Float32Array.from({ length: 8 * 12 }, (_, i) => (i * 5) % 7), [8, 12]);
  const y = new Tensor(Float32Array.from({ length: 8 }, (_, i) => i % 7), [8, 1]);
  const before = wasmPassCounts().lstm.gathered;
  const losses = [0, 1, 2].map(() => m.trainOnBatch(x, y) as number);
  assert.equal(wasmPassCounts().lstm.gathered - before, 6, 'two directions x three steps');
  assert.ok(losses.every(Number.isFinite) && losses[2]! < losses[0]!, `loss falls: ${losses.join(', ')}`);
});
