/**
 * Elementwise arithmetic with broadcasting: add, sub, mul, div, neg. Either argument may be a
 * plain number (`ops.mul(x, 0.5)`), which becomes a constant of the other argument's dtype.
 */
import { Tensor, type TensorLike, allocate } from '../../tensor/tensor.js';
import { addNode, gradOf } from '../../autograd/tape.js';
import { add as addSameShape, mul as mulSameShape, scale } from '../elementwise.js';
import { asTensor, asTensors } from './convert.js';
import { broadcastMap, broadcastShapes } from './broadcast.js';

/** d f / d a and d f / d b at one element, given both inputs and the output. */
type Partial = (a: number, b: number, y: number) => number;

/**
 * One broadcasting binary op: forward `f` over the broadcast shape, backward scatters
 * `g * da` and `g * db` back through the broadcast maps (summing over repeated elements).
 */
function binary(where: string, aLike: TensorLike, bLike: TensorLike, f: (a: number, b: number) => number, da: Partial, db: Partial): Tensor {
  const [a, b] = asTensors(where, ['a', 'b'], [aLike, bLike]) as [Tensor, Tensor];
  const shape = broadcastShapes(where, 'a', a.shape, 'b', b.shape);
  const ia = broadcastMap(a.shape, shape);
  const ib = broadcastMap(b.shape, shape);
  const size = shape.reduce((p, d) => p * d, 1);
  const y = allocate(a.dtype, size);
  const av = a.data;
  const bv = b.data;
  for (let i = 0; i < size; i++) y[i] = f(av[ia ? ia[i]! : i]!, bv[ib ? ib[i]! : i]!);
  const out = new Tensor(y, shape);
  addNode([a, b], [out], () => {
    const g = out.grad;
    if (!g) return;
    const ga = a.requiresGrad ? gradOf(a) : null;
    const gb = b.requiresGrad ? gradOf(b) : null;
    for (let i = 0; i < size; i++) {
      const ja = ia ? ia[i]! : i;
      const jb = ib ? ib[i]! : i;
      if (ga) ga[ja]! += g[i]! * da(av[ja]!, bv[jb]!, y[i]!);
      if (gb) gb[jb]! += g[i]! * db(av[ja]!, bv[jb]!, y[i]!);
    }
  });
  return out;
}

function sameShape(a: TensorLike, b: TensorLike): a is Tensor {
  return a instanceof Tensor && b instanceof Tensor && a.dtype === b.dtype
    && a.rank === b.rank && a.shape.every((d, i) => d === b.shape[i]);
}

const one: Partial = () => 1;
const minusOne: Partial = () => -1;

/**
 * a + b elementwise, with broadcasting (as `tf.add`).
 * @example ops.add([[1, 2], [3, 4]], [10, 20]).toArray() // [[11, 22], [13, 24]]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  // The common same-shape case goes through the library's own op (no index maps).
  if (sameShape(a, b)) return addSameShape(a, b as Tensor);
  return binary('ops.add', a, b, (x, y) => x + y, one, one);
}

/**
 * a - b elementwise, with broadcasting (as `tf.sub`).
 * @example ops.sub([5, 7], 1).toArray() // [4, 6]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary('ops.sub', a, b, (x, y) => x - y, one, minusOne);
}

/**
 * a * b elementwise, with broadcasting (as `tf.mul`); `b` may be a number to scale by.
 * @example ops.mul([[1, 2], [3, 4]], [[10], [100]]).toArray() // [[10, 20], [300, 400]]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  if (sameShape(a, b)) return mulSameShape(a, b as Tensor);
  if (a instanceof Tensor && typeof b === 'number') return scale(a, b);
  return binary('ops.mul', a, b, (x, y) => x * y, (_x, y) => y, (x) => x);
}

/**
 * a / b elementwise, with broadcasting (as `tf.div`). Division by zero gives Infinity or NaN,
 * as in IEEE arithmetic.
 * @example ops.div([2, 9], [2, 3]).toArray() // [1, 3]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary('ops.div', a, b, (x, y) => x / y, (_x, y) => 1 / y, (_x, y, q) => -q / y);
}

/**
 * -x elementwise (as `tf.neg`).
 * @example ops.neg([1, -2]).toArray() // [-1, 2]
 */
export function neg(x: TensorLike): Tensor {
  return scale(asTensor('ops.neg', 'x', x), -1);
}
