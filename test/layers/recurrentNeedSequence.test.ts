/**
 * A recurrent layer without returnSequences asks its kernels for no output sequence
 * (needSequence: false), with returnSequences it asks for one; and the op without the sequence
 * gives the same last output, states and gradients, bit for bit, as with it, on every kernel
 * variant (reference, and fast or wasm as the suite's backend picks).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstm } from '../../src/layers/lstm.js';
import { gru } from '../../src/layers/gru.js';
import { simpleRNN } from '../../src/layers/simpleRnn.js';
import type { RecurrentLayer } from '../../src/layers/recurrent.js';
import { lstmFamily, lstmSequence } from '../../src/ops/lstm.js';
import { gruFamily, gruSequence } from '../../src/ops/gru.js';
import { simpleRnnFamily, simpleRnnSequence } from '../../src/ops/simpleRnn.js';
import type { RecurrentResult } from '../../src/ops/recurrentOp.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setKernelVariant } from '../../src/kernels/dispatch.js';
import type { RecurrentForwardArgs } from '../../src/kernels/recurrentTypes.js';
import { record, backward } from '../../src/autograd/tape.js';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { setSeed } from '../../src/tensor/random.js';
import { randArray } from '../helpers/kernelCases.js';

const B = 2, T = 5, I = 3, U = 4;
/** A float32 tensor of uniform values in [lo, hi). */
const randomTensor = (shape: number[], lo: number, hi: number): Tensor => new Tensor(randArray(shape.reduce((a, b) => a * b, 1), false, lo, hi), shape);

/** Records the needSequence of every kernel forward call of the three families while `fn` runs. */
function kernelNeedSequence(fn: () => void): (boolean | undefined)[] {
  const seen: (boolean | undefined)[] = [];
  const restore: (() => void)[] = [];
  for (const family of [lstmFamily, gruFamily, simpleRnnFamily]) {
    for (const pair of [family.reference, family.fast, family.wasm] as { forward: (...a: never[]) => unknown }[]) {
      const original = pair.forward;
      pair.forward = ((...a: unknown[]) => {
        seen.push((a.find((v) => typeof v === 'object' && v !== null && 'timesteps' in v) as RecurrentForwardArgs).needSequence);
        return (original as (...b: unknown[]) => unknown)(...a);
      }) as typeof original;
      restore.push(() => (pair.forward = original));
    }
  }
  try {
    fn();
  } finally {
    restore.forEach((r) => r());
  }
  return seen;
}

const makers: [string, (returnSequences: boolean) => RecurrentLayer][] = [
  ['lstm', (returnSequences) => lstm({ units: U, returnSequences })],
  ['gru', (returnSequences) => gru({ units: U, returnSequences })],
  ['gru resetAfter=false', (returnSequences) => gru({ units: U, returnSequences, resetAfter: false })],
  ['simpleRNN', (returnSequences) => simpleRNN({ units: U, returnSequences })],
];

for (const [name, make] of makers) {
  test(`${name}: the layer asks for the output sequence only with returnSequences`, () => {
    setSeed(1);
    const x = randomTensor([B, T, I], -1, 1);
    for (const returnSequences of [false, true]) {
      const layer = make(returnSequences);
      let out: Tensor | Tensor[] | null = null;
      const seen = kernelNeedSequence(() => {
        out = record(() => layer.apply(x, { training: true }) as Tensor);
        backward(out as Tensor, new Float32Array((out as Tensor).size).fill(1));
      });
      assert.deepEqual(seen, [returnSequences], `${name} returnSequences=${returnSequences}: one kernel call, needSequence ${returnSequences}`);
      assert.deepEqual((out as unknown as Tensor).shape, returnSequences ? [B, T, U] : [B, U]);
      assert.ok(layer.weights.every((v) => v.value.grad !== null), 'every weight got a gradient');
    }
  });
}

type Run = (x: Tensor, w: Tensor[], needSequence: boolean) => RecurrentResult;
const tanh = getRecurrentActivation('tanh', 'test', 'activation');
const sigmoid = getRecurrentActivation('sigmoid', 'test', 'recurrentActivation');
const mask = tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], undefined);
const loop = (needSequence: boolean, goBackwards: boolean) =>
  ({ mask, goBackwards, recurrentDropoutMask: null, zeroOutputForMask: goBackwards, needSequence, activation: tanh, recurrentActivation: sigmoid });
const ops: [string, number, number, Run][] = [
  ['lstm', 4, 4, (x, [k, r, b, h0, c0], n) => lstmSequence(x, k!, r!, b!, { ...loop(n, false), h0: h0!, c0: c0! })],
  ['lstm goBackwards', 4, 4, (x, [k, r, b, h0, c0], n) => lstmSequence(x, k!, r!, b!, { ...loop(n, true), h0: h0!, c0: c0! })],
  ['gru', 3, 6, (x, [k, r, b, h0], n) => gruSequence(x, k!, r!, b!, { ...loop(n, false), h0: h0!, resetAfter: true })],
  ['gru resetAfter=false goBackwards', 3, 3, (x, [k, r, b, h0], n) => gruSequence(x, k!, r!, b!, { ...loop(n, true), h0: h0!, resetAfter: false })],
  ['simpleRNN', 1, 1, (x, [k, r, b, h0], n) => simpleRnnSequence(x, k!, r!, b!, { ...loop(n, true), h0: h0! })],
];

for (const [name, gates, biasGates, run] of ops) {
  for (const variant of ['reference', 'fast'] as const) {
    test(`${name} op (${variant}): without the sequence, the same last output, states and gradients`, () => {
      setKernelVariant(variant);
      try {
        const results = [true, false].map((needSequence) => {
          setSeed(7);
          const x = randomTensor([B, T, I], -1, 1);
          const w = [[I, gates * U], [U, gates * U], [biasGates * U], [B, U], [B, U]].map((s) => randomTensor(s, -0.5, 0.5));
          for (const t of [x, ...w]) t.requiresGrad = true;
          const r = record(() => run(x, w, needSequence));
          assert.equal(r.sequence === null, !needSequence, `${name}: sequence present exactly when asked`);
          backward(r.lastOutput, Float32Array.from({ length: B * U }, (_, i) => Math.sin(i + 1)));
          const used = [x, ...w.slice(0, 3 + r.states.length)];
          return { lastOutput: Array.from(r.lastOutput.data), states: r.states.map((s) => Array.from(s.data)), grads: used.map((t) => Array.from(t.grad!)) };
        });
        assert.deepEqual(results[1], results[0]);
      } finally {
        setKernelVariant('fast');
      }
    });
  }
}
