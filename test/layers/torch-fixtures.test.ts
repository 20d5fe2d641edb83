/**
 * Recurrent layers against fixtures written by PyTorch (test/fixtures/generate_torch_fixtures.py):
 * outputs, final states and gradients of a linear loss, for single, stacked and bidirectional
 * LSTM/GRU/SimpleRNN layers, with masks, goBackwards and initial states, on both kernels.
 */
import { test } from 'node:test';
import { lstm } from '../../src/layers/lstm.js';
import { gru } from '../../src/layers/gru.js';
import { simpleRNN } from '../../src/layers/simpleRnn.js';
import { bidirectional } from '../../src/layers/bidirectional.js';
import type { Layer } from '../../src/layers/layer.js';
import type { RecurrentLayer } from '../../src/layers/recurrent.js';
import { Tensor, tensor, type DType } from '../../src/tensor/tensor.js';
import { setKernelVariant, type KernelVariant } from '../../src/kernels/dispatch.js';
import { backward, record, addNode, accumulateGrad } from '../../src/autograd/tape.js';
import { assertClose, flat, loadTorchFixture } from '../helpers/fixtures.js';

function recurrent(config: any, dtype: DType, overrides: Record<string, unknown> = {}): RecurrentLayer {
  const common = {
    units: config.units, returnSequences: config.returnSequences, returnState: config.returnState ?? false,
    goBackwards: config.goBackwards ?? false, activation: config.activation, useBias: config.useBias, dtype, ...overrides,
  };
  switch (config.layerType) {
    case 'LSTM': return lstm({ ...common, recurrentActivation: config.recurrentActivation });
    case 'GRU': return gru({ ...common, recurrentActivation: config.recurrentActivation, resetAfter: config.resetAfter });
    case 'SimpleRNN': return simpleRNN(common);
    default: throw new Error(`unknown layerType ${config.layerType}`);
  }
}

/** L = Σ w·t over the given tensors, as one tape node. */
function weighted(pairs: [Tensor, number[]][]): Tensor {
  let sum = 0;
  for (const [t, w] of pairs) for (let i = 0; i < w.length; i++) sum += w[i]! * t.data[i]!;
  const out = new Tensor(new Float64Array([sum]), []);
  addNode(pairs.map((p) => p[0]), [out], () => {
    const g = out.grad![0]!;
    for (const [t, w] of pairs) accumulateGrad(t, w.map((v) => v * g));
  });
  return out;
}

const tol: Record<DType, { r: number; a: number; gr: number; ga: number }> = {
  float64: { r: 1e-10, a: 1e-12, gr: 1e-9, ga: 1e-11 },
  float32: { r: 1e-5, a: 1e-6, gr: 1e-4, ga: 2e-5 },
};

interface Built { layers: Layer[]; run(x: Tensor, mask: Tensor | null, states: Tensor[]): Tensor[] }

function buildSingle(c: any, dtype: DType): Built {
  const layer = c.config.mergeMode
    ? bidirectional({ layer: recurrent({ ...c.config, layerType: c.config.layerType ?? c.layerType }, dtype), mergeMode: c.config.mergeMode })
    : recurrent({ ...c.config, layerType: c.layerType }, dtype);
  layer.ensureBuilt([null, c.timesteps, c.inputDim]);
  layer.setWeights(c.weights);
  return {
    layers: [layer],
    run: (x, mask, states) => {
      const out = layer.invoke(x, { training: false, mask, initialState: states.length ? states : undefined });
      return Array.isArray(out) ? out : [out];
    },
  };
}

function buildStack(c: any, dtype: DType): Built {
  const layers = c.config.layers.map((cfg: any) => recurrent(cfg, dtype));
  let inDim = c.inputDim;
  let k = 0;
  for (const layer of layers as RecurrentLayer[]) {
    layer.ensureBuilt([null, c.timesteps, inDim]);
    layer.setWeights(c.weights[k++]);
    inDim = layer.units;
  }
  return {
    layers,
    run: (x, mask, states) => {
      let out = x;
      let m = mask;
      let s = 0;
      for (const layer of layers as RecurrentLayer[]) {
        const own = states.length ? states.slice(s, s + layer.stateCount) : undefined;
        s += layer.stateCount;
        const next = layer.invoke(out, { training: false, mask: m, initialState: own }) as Tensor;
        m = layer.computeMask(out, m);
        out = next;
      }
      return [out];
    },
  };
}

function runCase(raw: any, dtype: DType, stacked: boolean): void {
  const t = tol[dtype];
  // Stacked fixtures list weights, states and their gradients per layer.
  const c = stacked
    ? {
        ...raw,
        initialState: raw.initialState?.flat(1) ?? null,
        grads: { ...raw.grads, weights: raw.grads.weights.flat(1), initialState: raw.grads.initialState?.flat(1) ?? null },
      }
    : raw;
  const built = stacked ? buildStack(raw, dtype) : buildSingle(c, dtype);
  const x = tensor(c.inputs, undefined, dtype);
  x.requiresGrad = true;
  const mask = c.mask ? tensor(c.mask, undefined, dtype) : null;
  const states = (c.initialState ?? []).map((s: number[][]) => {
    const st = tensor(s, undefined, dtype);
    st.requiresGrad = true;
    return st;
  });
  const loss = record(() => {
    const outs = built.run(x, mask, states);
    const pairs: [Tensor, number[]][] = [[outs[0]!, flat(c.loss.wOutput)]];
    if (c.loss.wStates) c.loss.wStates.forEach((w: unknown, i: number) => pairs.push([outs[1 + i]!, flat(w)]));
    assertClose(outs[0]!.data, c.expected.output, `${c.name} output`, t.r, t.a);
    if (c.expected.finalStates && outs.length > 1) {
      c.expected.finalStates.forEach((s: unknown, i: number) => assertClose(outs[1 + i]!.data, s, `${c.name} state ${i}`, t.r, t.a));
    }
    return weighted(pairs);
  });
  assertClose([loss.data[0]!], [c.loss.value], `${c.name} loss`, t.r, t.a);
  backward(loss);
  const weights = built.layers.flatMap((l) => l.weights.map((w) => w.value));
  c.grads.weights.forEach((g: unknown, i: number) => assertClose(weights[i]!.grad ?? new Float64Array(weights[i]!.size), g, `${c.name} d${c.weightNames?.[i] ?? `w${i}`}`, t.gr, t.ga));
  assertClose(x.grad!, c.grads.inputs, `${c.name} dInputs`, t.gr, t.ga);
  (c.grads.initialState ?? []).forEach((g: unknown, i: number) => assertClose(states[i]!.grad!, g, `${c.name} dInitialState[${i}]`, t.gr, t.ga));
}

const files: [string, boolean][] = [['lstm', false], ['gru', false], ['simple_rnn', false], ['stacked', true], ['bidirectional', false]];
for (const [file, stacked] of files) {
  const fixture = loadTorchFixture(file);
  for (const variant of ['reference', 'fast'] as KernelVariant[]) {
    for (const dtype of ['float64', 'float32'] as DType[]) {
      test(`${file}: matches PyTorch (${fixture.cases.length} cases, ${variant} kernel, ${dtype})`, () => {
        setKernelVariant(variant);
        try {
          for (const c of fixture.cases) runCase(c, dtype, stacked);
        } finally {
          setKernelVariant('fast');
        }
      });
    }
  }
}
