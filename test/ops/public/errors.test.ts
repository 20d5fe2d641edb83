/** Every public op names itself, the argument, what it expected and what it got. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { tensor, zeros } from '../../../src/tensor/tensor.js';
import * as ops from '../../../src/ops/public/index.js';

function throwsWith(f: () => unknown, type: typeof ShapeError | typeof ValueError, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

test('broadcasting and dtype errors', () => {
  throwsWith(() => ops.add([1, 2, 3], [1, 2]), ShapeError,
    /^ops\.add: arguments 'a' \[3\] and 'b' \[2\] do not broadcast: sizes 3 and 2 on axis -1/);
  throwsWith(() => ops.mul(zeros([2, 3]), zeros([3, 3])), ShapeError, /^ops\.mul: arguments 'a' \[2, 3\] and 'b' \[3, 3\] do not broadcast: sizes 2 and 3 on axis -2/);
  throwsWith(() => ops.sub(tensor([1]), tensor([1], undefined, 'float64')), ValueError,
    /^ops\.sub: argument 'b' expected dtype float32 like 'a', got float64/);
  throwsWith(() => ops.broadcastTo([1, 2], [2, 3]), ShapeError, /^ops\.broadcastTo: arguments 'x' \[2\] and 'shape' \[2, 3\] do not broadcast/);
  throwsWith(() => ops.broadcastTo([[1], [2]], [2]), ShapeError, /^ops\.broadcastTo: argument 'x' of shape \[2, 1\] cannot be broadcast to \[2\]/);
  throwsWith(() => ops.tanh([[1, 2], [3]]), ShapeError, /^ops\.tanh: argument 'x' is ragged/);
  throwsWith(() => ops.exp('abc' as unknown as number), ValueError, /^ops\.exp: argument 'x' expected a Tensor, nested number arrays/);
});

test('matMul errors', () => {
  throwsWith(() => ops.matMul([1, 2], [[1], [2]]), ShapeError, /^ops\.matMul: argument 'a' expected rank >= 2 \[\.\.\., rows, columns\], got shape \[2\]/);
  throwsWith(() => ops.matMul(zeros([2, 3]), zeros([4, 5])), ShapeError,
    /^ops\.matMul: argument 'b' expected shape \[\.\.\., 3, n\] to match the inner size 3 of 'a' \[2, 3\], got \[4, 5\]/);
  throwsWith(() => ops.matMul(zeros([2, 3]), zeros([4, 5]), false, true), ShapeError,
    /expected shape \[\.\.\., n, 3\] to match the inner size 3 of 'a' \[2, 3\], got \[4, 5\] \(transposed\)/);
  throwsWith(() => ops.matMul(zeros([2, 3, 4]), zeros([3, 4, 5])), ShapeError,
    /^ops\.matMul: the batch axes of 'a' \[2, 3, 4\] and 'b' \[3, 4, 5\] do not broadcast: \[2\] vs \[3\]/);
});

test('axis errors name the argument, the valid range and the shape', () => {
  throwsWith(() => ops.softmax([[1, 2]], 2), ValueError, /^ops\.softmax: argument 'dim' expected an integer in \[-2, 1\] for a tensor of shape \[1, 2\], got 2/);
  throwsWith(() => ops.logSoftmax([1, 2], -2), ValueError, /^ops\.logSoftmax: argument 'dim' expected an integer in \[-1, 0\]/);
  throwsWith(() => ops.sum([[1, 2]], 2), ValueError, /^ops\.sum: argument 'axis' expected an integer in \[-2, 1\] for a tensor of shape \[1, 2\], got 2/);
  throwsWith(() => ops.mean([[1, 2]], [1, -1]), ValueError, /^ops\.mean: argument 'axis' lists an axis twice: \[1,-1\]/);
  throwsWith(() => ops.max([[1, 2]], 0.5), ValueError, /^ops\.max: argument 'axis' expected an integer/);
  throwsWith(() => ops.mean(zeros([0, 2])), ValueError, /^ops\.mean: argument 'x' is empty \(shape \[0, 2\]\)/);
  throwsWith(() => ops.max(zeros([0])), ValueError, /^ops\.max: argument 'x' is empty/);
  throwsWith(() => ops.expandDims([1, 2], 3), ValueError, /^ops\.expandDims: argument 'axis' expected an integer in \[-2, 1\] for a tensor of shape \[2\], got 3/);
  throwsWith(() => ops.squeeze([[1, 2]], [1]), ShapeError, /^ops\.squeeze: argument 'axis' names axis 1, which has size 2 in shape \[1, 2\]/);
});

test('shape op errors', () => {
  throwsWith(() => ops.reshape([1, 2, 3], [2, 2]), ShapeError, /^ops\.reshape: cannot reshape 3 values to \[2, 2\] \(4 values\): argument 'x' has shape \[3\]/);
  throwsWith(() => ops.reshape([1, 2, 3], [-1, -1]), ValueError, /^ops\.reshape: argument 'shape' expected non-negative integer sizes and at most one -1/);
  throwsWith(() => ops.transpose([[1, 2]], [0, 0]), ValueError, /^ops\.transpose: argument 'perm' expected a permutation of \[0, 1\] for a tensor of shape \[1, 2\], got \[0,0\]/);
  throwsWith(() => ops.transpose([[1, 2]], [0]), ValueError, /argument 'perm' expected a permutation of \[0, 1\]/);
  throwsWith(() => ops.concat([]), ValueError, /^ops\.concat: argument 'tensors' expected a non-empty list of tensors, got an empty list/);
  throwsWith(() => ops.concat([[[1, 2]], [[1, 2, 3]]], 0), ShapeError,
    /^ops\.concat: argument 'tensors\[1\]' expected shape \[null, 2\] \(the shape of 'tensors\[0\]' \[1, 2\] except on axis 0\), got \[1, 3\]/);
  throwsWith(() => ops.concat([[1], [[1]]], 0), ShapeError, /argument 'tensors\[1\]' expected shape \[null\]/);
  throwsWith(() => ops.concat([[1], [2]], 1), ValueError, /^ops\.concat: argument 'axis' expected an integer in \[-1, 0\]/);
  throwsWith(() => ops.stack([[1, 2], [1]]), ShapeError, /^ops\.stack: argument 'tensors\[1\]' expected the shape of 'tensors\[0\]', \[2\], got \[1\]/);
  throwsWith(() => ops.stack([[1, 2]], 3), ValueError, /^ops\.stack: argument 'axis' expected an integer in \[-2, 1\]/);
  throwsWith(() => ops.slice([[1, 2, 3]], [0, 1], [1, 3]), ShapeError,
    /^ops\.slice: argument 'size' expected size\[1\] in \[0, 2\] \(or -1\) so that begin \+ size stays within axis 1 of 'x' \[1, 3\]/);
  throwsWith(() => ops.slice([[1, 2, 3]], [0, -1]), ValueError, /^ops\.slice: argument 'begin' expected begin\[1\] in \[0, 3\] for 'x' of shape \[1, 3\], got \[0,-1\]/);
  throwsWith(() => ops.slice([[1, 2, 3]], [0, 0, 0]), ValueError, /^ops\.slice: argument 'begin' expected an integer or a list of at most 2 integers/);
  throwsWith(() => ops.slice([1, 2, 3], [0], [-2]), ShapeError, /^ops\.slice: argument 'size' expected size\[0\] in \[0, 3\] \(or -1\)/);
});
