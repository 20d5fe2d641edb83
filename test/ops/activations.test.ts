import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import {
  type ActivationName, activation, activationNames, erf, erfc, getActivation, getRecurrentActivation,
  recurrentActivationNames,
} from '../../src/ops/activations.js';
import { checkGradients, linearLoss } from '../helpers/gradcheck.js';

function close(actual: number, expected: number, rel = 1e-14, label = ''): void {
  const tol = rel * Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) <= tol, `${label}: ${actual} vs ${expected}`);
}

/** Applies one activation to a float64 vector and returns plain numbers. */
function apply(name: ActivationName, xs: number[]): number[] {
  return Array.from(activation(tensor(xs, undefined, 'float64'), name).data);
}

test('erf and erfc match tabulated values to ~1e-14 relative, tails included', () => {
  const erfCases: [number, number][] = [
    [0, 0], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527],
    [3, 0.9999779095030014], [-2.5, -0.999593047982555],
  ];
  for (const [x, v] of erfCases) close(erf(x), v, 1e-14, `erf(${x})`);
  const erfcCases: [number, number][] = [
    [3, 2.2090496998585438e-5], [5, 1.5374597944280351e-12], [10, 2.088487583762545e-45],
    [-1, 1.842700792949715], [1.9, 0.0072095707647425325],
  ];
  for (const [x, v] of erfcCases) close(erfc(x), v, 1e-13, `erfc(${x})`);
  assert.equal(erf(Infinity), 1);
  assert.equal(erfc(-Infinity), 2);
});

test('activations match their formulas at hand-picked points', () => {
  const SCALE = 1.0507009873554805;
  assert.deepEqual(apply('linear', [-2, 3]), [-2, 3]);
  assert.deepEqual(apply('relu', [-2, 0, 3]), [0, 0, 3]);
  assert.deepEqual(apply('relu6', [-1, 3, 7]), [0, 3, 6]);
  close(apply('elu', [-1])[0]!, -0.6321205588285577, 1e-15, 'elu(-1)');
  assert.equal(apply('elu', [2])[0], 2);
  close(apply('selu', [1])[0]!, SCALE, 1e-15, 'selu(1)');
  close(apply('selu', [-1])[0]!, -1.1113307378125625, 1e-15, 'selu(-1)');
  close(apply('sigmoid', [1])[0]!, 0.7310585786300049, 1e-15, 'sigmoid(1)');
  assert.deepEqual(apply('sigmoid', [-800, 800]), [0, 1]);
  // tfjs / Keras 2 hard sigmoid: clip(0.2 x + 0.5, 0, 1).
  const hs = apply('hardSigmoid', [-3, 1, 3]);
  assert.equal(hs[0], 0);
  close(hs[1]!, 0.7, 1e-15, 'hardSigmoid(1)');
  assert.equal(hs[2], 1);
  close(apply('tanh', [0.5])[0]!, Math.tanh(0.5), 0, 'tanh');
  const sp = apply('softplus', [0, -50, 50]);
  close(sp[0]!, Math.LN2, 1e-15, 'softplus(0)');
  close(sp[1]!, 1.9287498479639178e-22, 1e-14, 'softplus(-50)');
  assert.equal(sp[2], 50);
  assert.deepEqual(apply('softsign', [3, -1]), [0.75, -0.5]);
  close(apply('swish', [1])[0]!, 0.7310585786300049, 1e-15, 'swish(1)');
  // Keras's default gelu is the exact x * Phi(x), not the tanh approximation.
  const g = apply('gelu', [1, -1, 0.5, -10]);
  close(g[0]!, 0.8413447460685429, 1e-14, 'gelu(1)');
  close(g[1]!, -0.15865525393145707, 1e-14, 'gelu(-1)');
  close(g[2]!, 0.34573123063700656, 1e-14, 'gelu(0.5)');
  close(g[3]!, -7.619853024160593e-23, 1e-12, 'gelu(-10)');
  close(apply('exponential', [1])[0]!, Math.E, 1e-15, 'exponential(1)');
});

test('softmax normalises over the last axis and is stable for large inputs', () => {
  const y = activation(tensor([[1, 2, 3], [1000, 1000, 1000]], undefined, 'float64'), 'softmax');
  const expected = [0.09003057317038046, 0.24472847105479764, 0.6652409557748218, 1 / 3, 1 / 3, 1 / 3];
  expected.forEach((v, i) => close(y.data[i]!, v, 1e-15, `softmax[${i}]`));
  assert.deepEqual(y.shape, [2, 3]);
});

test('linear returns its input unchanged; float32 stays float32', () => {
  const x = tensor([1, 2]);
  assert.equal(activation(x, 'linear'), x);
  assert.ok(activation(x, 'tanh').data instanceof Float32Array);
});

test('every activation passes a finite-difference gradient check (away from kinks)', () => {
  // Points stay >= 0.05 away from the kinks at 0 (relu, selu), +-2.5 (hardSigmoid), 6 (relu6).
  const xs = [-2.9, -2.4, -1.3, -0.6, 0.2, 0.7, 1.9, 2.6, 5.5, 6.5, -0.05, 0.05];
  for (const name of activationNames) {
    const x = new Tensor(Float64Array.from(xs), [3, 4]);
    checkGradients(() => linearLoss([activation(x, name)]), [x], { label: name });
  }
});

test('recurrent activations: forward agrees with the array form, derivFromOutput and derivFromInput with finite differences', () => {
  assert.deepEqual(recurrentActivationNames, ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu', 'exponential']);
  // Every elementwise activation but swish and gelu has its derivative written through the output.
  assert.deepEqual(recurrentActivationNames.filter((n) => getRecurrentActivation(n, 'test', 'activation').derivFromOutput === null), ['swish', 'gelu']);
  const xs = [-3, -1.2, -0.7, -0.3, 0.4, 1.1, 2.2, 3];
  for (const name of recurrentActivationNames) {
    const act = getRecurrentActivation(name, 'test', 'activation');
    const arr = apply(name, xs);
    xs.forEach((x, i) => {
      assert.equal(act.forward(x), arr[i], `${name}.forward(${x})`);
      const h = 1e-6;
      const numeric = (act.forward(x + h) - act.forward(x - h)) / (2 * h);
      assert.ok(Math.abs(act.derivFromInput(x) - numeric) < 1e-8, `${name}' at ${x} from the input`);
      if (act.derivFromOutput) {
        assert.ok(Math.abs(act.derivFromOutput(act.forward(x)) - numeric) < 1e-8, `${name}' at ${x} from the output`);
        assert.equal(act.derivFromInput(x), act.derivFromOutput(act.forward(x)), `${name}: both forms give one number`);
      }
    });
  }
});

test('swish and gelu are not monotonic: two inputs with one output have different slopes, so the output cannot give the derivative', () => {
  // a lies right of the minimum at xMin; bisection finds the input left of it with a's output.
  for (const [name, a, xMin] of [['swish', -0.6, -1.2785], ['gelu', -0.3, -0.7518]] as const) {
    const act = getRecurrentActivation(name, 'test', 'activation');
    const target = act.forward(a);
    let lo = -10;
    let hi: number = xMin;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (act.forward(mid) > target) lo = mid;
      else hi = mid;
    }
    assert.ok(Math.abs(act.forward(lo) - target) < 1e-12, `${name}: ${lo} and ${a} share an output`);
    assert.ok(act.derivFromInput(lo) < 0 && act.derivFromInput(a) > 0, `${name}: slopes of opposite sign`);
  }
});

test('recurrent derivatives at the kinks are what the array op gives there (relu 0, elu 1, selu scale*alpha at 0; 0 where relu6 and the hard sigmoids clip)', () => {
  const kinks: Record<string, number[]> = {
    relu: [0, -0], relu6: [0, 6], elu: [0, -0], selu: [0, -0], hardSigmoid: [-2.5, 2.5], hardSigmoidKeras3: [-3, 3],
  };
  for (const [name, xs] of Object.entries(kinks)) {
    const act = getRecurrentActivation(name, 'test', 'activation');
    const arr = getActivation(name, 'test', 'activation');
    for (const x of xs) {
      const y = new Float64Array(1);
      arr.forward(Float64Array.of(x), y, 1);
      const dx = new Float64Array(1);
      arr.backward(Float64Array.of(x), y, Float64Array.of(1), dx, 1);
      assert.equal(act.derivFromInput(x), dx[0], `${name}' at ${x}`);
    }
  }
  assert.equal(getRecurrentActivation('selu', 'test', 'activation').derivFromInput(0), 1.0507009873554805 * 1.6732632423543772);
});

test('unknown and non-recurrent activation names throw listing the valid ones', () => {
  assert.throws(
    () => getActivation('reLU', 'Dense', 'activation'),
    /Dense: option 'activation' expected one of 'linear', 'relu'.*'softmax', got "reLU"/,
  );
  assert.throws(() => activation(tensor([1]), 'nope' as ActivationName), /activation: option 'name' expected one of/);
  assert.throws(
    () => getRecurrentActivation('softmax', 'layers.lstm', 'recurrentActivation'),
    /layers.lstm: option 'recurrentActivation' expected one of 'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu', 'exponential', got "softmax" \(softmax normalises over all units together/,
  );
  assert.throws(() => getRecurrentActivation(undefined, 'x', 'activation'), /got undefined/);
});
