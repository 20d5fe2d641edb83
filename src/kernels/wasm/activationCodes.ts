/**
 * The numbers by which the wasm kernels know each recurrent activation: the same as the
 * ACT_* constants of assembly/activations.ts, which the kernels switch on. Every name
 * getRecurrentActivation hands out has one, so every activation pair a recurrent layer accepts
 * runs on the wasm kernels.
 */
import type { RecurrentActivationName } from '../../ops/activations.js';

const CODES: Record<RecurrentActivationName, number> = {
  linear: 0,
  relu: 1,
  sigmoid: 2,
  hardSigmoid: 3,
  hardSigmoidKeras3: 4,
  tanh: 5,
  elu: 6,
  selu: 7,
  softsign: 8,
  softplus: 9,
  relu6: 10,
  exponential: 11,
  // The kernels keep the input rather than the output of these (see keptV in assembly/activations.ts).
  swish: 12,
  gelu: 13,
};

/**
 * The wasm kernels' code for a recurrent activation, or -1 for a name they do not implement
 * (none today; the caller then runs the TypeScript kernel).
 * @example activationCode({ name: 'relu' }) // 1
 */
export function activationCode(activation: { name: string }): number {
  return Object.prototype.hasOwnProperty.call(CODES, activation.name) ? CODES[activation.name as RecurrentActivationName] : -1;
}
