/**
 * lstm-ts: LSTM, GRU and SimpleRNN with Keras semantics, trained by backpropagation through
 * time, behind a TensorFlow.js-style API.
 *
 * @example
 * import { layers, sequential } from 'lstm-ts';
 * const model = sequential({ layers: [layers.lstm({ units: 32, inputShape: [20, 1] }), layers.dense({ units: 1 })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * await model.fit(x, y, { epochs: 10 });
 */
export { Tensor, tensor, zeros, fill, type TensorLike, type NestedArray, type FloatArray, type DType } from './tensor/tensor.js';
export { setSeed, getRandomState, setRandomState, type RandomState } from './tensor/random.js';
export { ShapeError, ValueError } from './tensor/errors.js';
export { record, backward, noGrad } from './autograd/tape.js';
export * as layers from './layers/index.js';
export * as initializers from './initializers/index.js';
export * as optimizers from './optimizers/index.js';
export * as losses from './losses/index.js';
export * as metrics from './metrics/index.js';
export * as callbacks from './models/callbacks/index.js';
export { Sequential, sequential, type SequentialArgs, type CompileArgs } from './models/sequential.js';
export { type FitArgs, NaNLossError } from './models/training.js';
export { History } from './models/history.js';
export type { Callback, Logs } from './models/callbacks/callback.js';
