/** The fast LSTM kernel against the readable reference kernel, over every option. */
import { test } from 'node:test';
import { lstmForwardReference, lstmBackwardReference } from '../../src/kernels/reference/lstm.js';
import { lstmForwardFast, lstmBackwardFast } from '../../src/kernels/fast/lstm.js';
import type { LstmForwardArgs } from '../../src/kernels/lstmTypes.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setSeed } from '../../src/tensor/random.js';
import { assertClose } from '../helpers/fixtures.js';
import { dropoutMask, randArray, sequenceMask, type MaskKind, optionGrid } from '../helpers/kernelCases.js';

const rand = randArray;

interface Case {
  B: number; T: number; I: number; U: number;
  mask: MaskKind;
  goBackwards: boolean; state: boolean; dropout: boolean; zeroOutputForMask: boolean;
  act: string; rec: string;
}

function makeArgs(c: Case, f64: boolean): LstmForwardArgs {
  const { B, T, I, U } = c;
  const mask = sequenceMask(c.mask, B, T, f64);
  const rdm = c.dropout ? dropoutMask(B * U, f64) : null;
  return {
    x: rand(B * T * I, f64), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: rand(I * 4 * U, f64, -0.6, 0.6), recurrentKernel: rand(U * 4 * U, f64, -0.6, 0.6), bias: rand(4 * U, f64),
    h0: c.state ? rand(B * U, f64, -0.5, 0.5) : null, c0: c.state ? rand(B * U, f64, -0.5, 0.5) : null,
    mask, goBackwards: c.goBackwards, recurrentDropoutMask: rdm, zeroOutputForMask: c.zeroOutputForMask,
    activation: getRecurrentActivation(c.act, 'test', 'activation'),
    recurrentActivation: getRecurrentActivation(c.rec, 'test', 'recurrentActivation'),
    needsBackward: true,
  };
}

const cases: Case[] = optionGrid([[1, 1, 1, 1], [2, 3, 2, 3], [3, 7, 5, 17], [2, 5, 3, 1], [4, 4, 1, 9]], ({ k, ...p }) => ({
  ...p, state: k % 2 === 0, dropout: k % 3 === 0, zeroOutputForMask: k % 4 === 1,
  act: ['tanh', 'relu', 'tanh', 'linear'][k % 4]!, rec: ['sigmoid', 'sigmoid', 'hardSigmoid', 'sigmoid'][k % 4]!,
}));

for (const f64 of [true, false]) {
  test(`fast LSTM kernel equals the reference kernel, forward and backward (${f64 ? 'float64' : 'float32'})`, () => {
    setSeed(11);
    const tol = f64 ? { r: 1e-11, a: 1e-12 } : { r: 2e-4, a: 2e-5 };
    for (const c of cases) {
      const label = JSON.stringify(c);
      const args = makeArgs(c, f64);
      const ref = lstmForwardReference(args);
      const fast = lstmForwardFast(args);
      assertClose(fast.sequence, ref.sequence, `${label} sequence`, tol.r, tol.a);
      assertClose(fast.lastOutput, ref.lastOutput, `${label} lastOutput`, tol.r, tol.a);
      assertClose(fast.hT, ref.hT, `${label} hT`, tol.r, tol.a);
      assertClose(fast.cT, ref.cT, `${label} cT`, tol.r, tol.a);
      const { B, T, U } = c;
      const gradArgs = {
        forward: args,
        dSequence: rand(B * T * U, f64), dLastOutput: rand(B * U, f64), dhT: rand(B * U, f64), dcT: rand(B * U, f64),
      };
      const gr = lstmBackwardReference({ ...gradArgs, cache: ref.cache });
      const gf = lstmBackwardFast({ ...gradArgs, cache: fast.cache });
      for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0', 'dc0'] as const) {
        assertClose(gf[key], gr[key], `${label} ${key}`, tol.r * 10, tol.a * 10);
      }
    }
  });
}
