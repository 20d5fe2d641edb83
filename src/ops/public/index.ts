/**
 * The `ops` namespace: differentiable tensor operations, named and called as in
 * TensorFlow.js, for writing your own layers. Each op computes its result at once and, inside
 * `record(...)`, registers its backward on the tape, so a layer whose `call` composes ops
 * gets its gradients with no further code. Inputs may be Tensors or anything `tensor()`
 * accepts; float32 and float64 both work (a plain number takes the other argument's dtype).
 *
 * @example
 * import { ops, record, backward, tensor } from 'lstm-ts';
 * const w = tensor([[0.5], [-1]]); w.requiresGrad = true;
 * const loss = record(() => ops.mean(ops.square(ops.matMul([[1, 2], [3, 4]], w))));
 * backward(loss); // w.grad holds d loss / d w
 */
export { add, sub, mul, div, neg } from './arithmetic.js';
export { tanh, sigmoid, relu, exp, log, sqrt, square, abs } from './unary.js';
export { matMul } from './matMul.js';
export { softmax, logSoftmax } from './softmax.js';
export { sum, mean, max } from './reduce.js';
export { reshape, expandDims, squeeze } from './reshape.js';
export { transpose } from './transpose.js';
export { concat, stack } from './concat.js';
export { slice } from './slice.js';
export { broadcastTo } from './broadcast.js';
