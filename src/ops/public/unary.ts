/**
 * Elementwise functions of one tensor: tanh, sigmoid, relu, exp (the library's activations),
 * and log, sqrt, square, abs. Values outside a function's domain give NaN, as in tfjs.
 */
import { Tensor, type TensorLike, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { activation } from '../activations.js';
import { asTensor } from './convert.js';

/** One elementwise op: y = f(x), backward dx += dy * df(x, y). */
function unary(where: string, xLike: TensorLike, f: (x: number) => number, df: (x: number, y: number) => number): Tensor {
  const x = asTensor(where, 'x', xLike);
  const xv = x.data;
  const y = allocate(x.dtype, x.size);
  for (let i = 0; i < y.length; i++) y[i] = f(xv[i]!);
  const out = new Tensor(y, x.shape);
  addNode([x], [out], () => {
    const g = out.grad;
    if (!g || !x.requiresGrad) return;
    const gx = gradOf(x);
    for (let i = 0; i < g.length; i++) gx[i]! += g[i]! * df(xv[i]!, y[i]!);
  });
  return out;
}

/**
 * The hyperbolic tangent, elementwise (as `tf.tanh`).
 * @example ops.tanh([0, 100]).toArray() // [0, 1]
 */
export function tanh(x: TensorLike): Tensor {
  return activation(asTensor('ops.tanh', 'x', x), 'tanh');
}

/**
 * The logistic function 1 / (1 + e^-x), elementwise (as `tf.sigmoid`).
 * @example ops.sigmoid([0]).toArray() // [0.5]
 */
export function sigmoid(x: TensorLike): Tensor {
  return activation(asTensor('ops.sigmoid', 'x', x), 'sigmoid');
}

/**
 * max(x, 0), elementwise (as `tf.relu`); its gradient at 0 is 0.
 * @example ops.relu([-1, 2]).toArray() // [0, 2]
 */
export function relu(x: TensorLike): Tensor {
  return activation(asTensor('ops.relu', 'x', x), 'relu');
}

/**
 * e^x, elementwise (as `tf.exp`).
 * @example ops.exp([0, 1]).toArray() // [1, 2.718281828459045] (float32-rounded)
 */
export function exp(x: TensorLike): Tensor {
  return activation(asTensor('ops.exp', 'x', x), 'exponential');
}

/**
 * The natural logarithm, elementwise (as `tf.log`); log(0) is -Infinity, negatives give NaN.
 * @example ops.log([1]).toArray() // [0]
 */
export function log(x: TensorLike): Tensor {
  return unary('ops.log', x, Math.log, (v) => 1 / v);
}

/**
 * The square root, elementwise (as `tf.sqrt`).
 * @example ops.sqrt([4, 9]).toArray() // [2, 3]
 */
export function sqrt(x: TensorLike): Tensor {
  return unary('ops.sqrt', x, Math.sqrt, (_v, y) => 0.5 / y);
}

/**
 * x², elementwise (as `tf.square`).
 * @example ops.square([-3]).toArray() // [9]
 */
export function square(x: TensorLike): Tensor {
  return unary('ops.square', x, (v) => v * v, (v) => 2 * v);
}

/**
 * |x|, elementwise (as `tf.abs`); its gradient is sign(x), 0 at 0.
 * @example ops.abs([-2, 3]).toArray() // [2, 3]
 */
export function abs(x: TensorLike): Tensor {
  return unary('ops.abs', x, Math.abs, (v) => Math.sign(v));
}
