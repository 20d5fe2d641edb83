/**
 * LSTM against the shared oracle (PyTorch float64, converted to Keras layout): forward
 * sequences, final states and BPTT gradients, with both kernel families, in float64 and float32.
 */
import { test } from 'node:test';
import { lstm } from '../../src/layers/lstm.js';
import { Tensor, tensor, type DType } from '../../src/tensor/tensor.js';
import { setKernelVariant, type KernelVariant } from '../../src/kernels/dispatch.js';
import { backward, record } from '../../src/autograd/tape.js';
import { assertClose, flat, loadOracle } from '../helpers/fixtures.js';

const forward = loadOracle('lstm_forward');
const backwardCases = loadOracle('lstm_backward');
const worked = loadOracle('worked_example');

const tolerances: Record<DType, { rtol: number; atol: number; grtol: number; gatol: number }> = {
  float64: { rtol: 1e-12, atol: 1e-12, grtol: 1e-10, gatol: 1e-10 },
  float32: { rtol: 1e-5, atol: 1e-6, grtol: 1e-4, gatol: 1e-5 },
};

function makeLayer(c: any, dtype: DType, returnSequences: boolean) {
  const layer = lstm({ units: c.units, returnSequences, returnState: true, dtype });
  layer.ensureBuilt([null, c.timesteps, c.input_dim]);
  layer.setWeights([c.weights.kernel, c.weights.recurrent_kernel, c.weights.bias]);
  return layer;
}

for (const variant of ['reference', 'fast'] as KernelVariant[]) {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    const tol = tolerances[dtype];
    test(`LSTM forward matches the oracle (${variant} kernel, ${dtype})`, () => {
      setKernelVariant(variant);
      for (const c of forward.cases) {
        const layer = makeLayer(c, dtype, true);
        const [seq, h, cc] = layer.apply(c.inputs, { initialState: [c.h0, c.c0] }) as Tensor[];
        assertClose(seq!.data, c.expected.sequence, `${c.name} sequence`, tol.rtol, tol.atol);
        assertClose(h!.data, c.expected.final_h, `${c.name} final_h`, tol.rtol, tol.atol);
        assertClose(cc!.data, c.expected.final_c, `${c.name} final_c`, tol.rtol, tol.atol);
      }
      setKernelVariant('fast');
    });

    test(`LSTM gradients match the oracle (${variant} kernel, ${dtype})`, () => {
      setKernelVariant(variant);
      for (const c of backwardCases.cases) {
        const seqLoss = c.loss.kind === 'sequence';
        const layer = makeLayer(c, dtype, seqLoss);
        const x = tensor(c.inputs, undefined, dtype);
        const h0 = tensor(c.h0, undefined, dtype);
        const c0 = tensor(c.c0, undefined, dtype);
        for (const t of [x, h0, c0]) t.requiresGrad = true;
        const wOut = flat(c.loss.W_out);
        const loss = record(() => {
          const [out] = layer.invoke(x, { training: false, mask: null, initialState: [h0, c0] }) as Tensor[];
          // L = sum(W_out * out), built from a tiny op so the tape carries it.
          const value = new Tensor(new (dtype === 'float64' ? Float64Array : Float32Array)(1), []);
          let sum = 0;
          for (let i = 0; i < wOut.length; i++) sum += wOut[i]! * out!.data[i]!;
          value.data[0] = sum;
          value.requiresGrad = true;
          value.creator = {
            inputs: [out!],
            outputs: [value],
            backward: () => {
              const g = value.grad![0]!;
              out!.grad ??= new (dtype === 'float64' ? Float64Array : Float32Array)(out!.size);
              for (let i = 0; i < wOut.length; i++) out!.grad[i]! += g * wOut[i]!;
            },
          };
          return value;
        });
        assertClose([loss.data[0]], [c.loss.value], `${c.name} loss`, tol.rtol, tol.atol);
        backward(loss);
        const [k, rk, b] = layer.weights.map((v) => v.value);
        const eg = c.expected_grads;
        assertClose(k!.grad!, eg.kernel, `${c.name} dKernel`, tol.grtol, tol.gatol);
        assertClose(rk!.grad!, eg.recurrent_kernel, `${c.name} dRecurrentKernel`, tol.grtol, tol.gatol);
        assertClose(b!.grad!, eg.bias, `${c.name} dBias`, tol.grtol, tol.gatol);
        assertClose(x.grad!, eg.inputs, `${c.name} dInputs`, tol.grtol, tol.gatol);
        assertClose(h0.grad!, eg.h0, `${c.name} dh0`, tol.grtol, tol.gatol);
        assertClose(c0.grad!, eg.c0, `${c.name} dc0`, tol.grtol, tol.gatol);
      }
      setKernelVariant('fast');
    });
  }
}

test('LSTM one-step worked example matches every intermediate', () => {
  const w = worked.lstm;
  for (const variant of ['reference', 'fast'] as KernelVariant[]) {
    setKernelVariant(variant);
    const layer = lstm({ units: w.units, returnState: true, dtype: 'float64' });
    layer.ensureBuilt([null, 1, w.input_dim]);
    layer.setWeights([w.weights.kernel, w.weights.recurrent_kernel, w.weights.bias]);
    const [out, h, c] = layer.apply([[w.x]], { initialState: [[w.h_prev], [w.c_prev]] }) as Tensor[];
    assertClose(h!.data, w.expected.h, `${variant} h`, 1e-14, 1e-15);
    assertClose(c!.data, w.expected.c, `${variant} c`, 1e-14, 1e-15);
    assertClose(out!.data, w.expected.h, `${variant} output`, 1e-14, 1e-15);
  }
  setKernelVariant('fast');
});
