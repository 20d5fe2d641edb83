/**
 * Reverse-mode autograd over coarse ops.
 *
 * Each op (a whole LSTM sequence, a matrix product, a fused softmax-cross-entropy) computes
 * its forward eagerly and, while recording, registers one node holding the closure that
 * computes its backward. `backward(loss)` walks the nodes in reverse creation order. Nothing
 * is recorded outside `record(...)`, so `predict` and `layer.apply` build no graph.
 */
import { Tensor, type FloatArray, type TapeNode, allocate } from '../tensor/tensor.js';

let recording = 0;

/**
 * Runs `fn` with the tape on: ops on tensors that require grad register backward nodes.
 * @example
 * const layer = layers.dense({ units: 1, inputShape: [2] });
 * const loss = record(() => losses.meanSquaredError(tensor([[1]]), layer.apply([[0.5, 2]]) as Tensor));
 * backward(loss);
 * layer.weights.map((w) => w.value.grad); // d loss / d kernel, d loss / d bias
 */
export function record<T>(fn: () => T): T {
  recording++;
  try {
    return fn();
  } finally {
    recording--;
  }
}

/**
 * Runs `fn` with the tape off, even inside `record`.
 * @example
 * const y = noGrad(() => model.predict(x)); // no tape, even inside record()
 */
export function noGrad<T>(fn: () => T): T {
  const saved = recording;
  recording = 0;
  try {
    return fn();
  } finally {
    recording = saved;
  }
}

export function isRecording(): boolean {
  return recording > 0;
}

/**
 * Registers a node if recording and any input requires grad. Returns true when the node was
 * registered, so an op can skip saving what only backward needs.
 */
export function addNode(inputs: readonly Tensor[], outputs: readonly Tensor[], backward: () => void): boolean {
  if (!recording || !inputs.some((t) => t.requiresGrad)) return false;
  const node: TapeNode = { inputs, outputs, backward };
  for (const out of outputs) {
    out.requiresGrad = true;
    out.creator = node;
  }
  return true;
}

/** The gradient buffer of `t`, created as zeros on first use. */
export function gradOf(t: Tensor): FloatArray {
  if (!t.grad) t.grad = allocate(t.dtype, t.size);
  return t.grad;
}

/**
 * dst += g for float32 arrays, the same sums as the shared loop below: that loop meets every
 * array type (float32, float64, plain arrays), and once it has, V8's code for it adds a
 * character model's 460k recurrent gradients in 0.9 ms where this float32-only loop takes 0.5.
 */
function addFloat32(dst: Float32Array, g: Float32Array): void {
  const n = dst.length;
  for (let i = 0; i < n; i++) dst[i]! += g[i]!;
}

/** Adds `g` into `t.grad` when `t` takes part in the gradient. */
export function accumulateGrad(t: Tensor, g: ArrayLike<number>): void {
  if (!t.requiresGrad) return;
  const dst = gradOf(t);
  if (dst instanceof Float32Array && g instanceof Float32Array && g.length >= dst.length) {
    addFloat32(dst, g);
    return;
  }
  for (let i = 0; i < dst.length; i++) dst[i]! += g[i]!;
}

/**
 * Back-propagates from `root` (a scalar loss unless `seed` is given) to every tensor that
 * requires grad. Gradients accumulate into `.grad`; clear them with `zeroGrads` between steps.
 * @example
 * const loss = record(() => losses.meanSquaredError(tensor(y), model.predict(x)));
 * backward(loss);
 * model.trainableWeights.map((v) => v.value.grad); // then e.g. model.optimizer.applyGradients(...)
 */
export function backward(root: Tensor, seed?: ArrayLike<number>): void {
  if (!root.requiresGrad) return;
  const order: TapeNode[] = [];
  const seen = new Set<TapeNode>();
  // Iterative post-order DFS: graphs over long sequences must not overflow the call stack.
  const stack: [TapeNode, number][] = [];
  if (root.creator) stack.push([root.creator, 0]);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [node, i] = top;
    if (i === 0 && seen.has(node)) {
      stack.pop();
      continue;
    }
    seen.add(node);
    if (i < node.inputs.length) {
      top[1] = i + 1;
      const child = node.inputs[i]!.creator;
      if (child && !seen.has(child)) stack.push([child, 0]);
    } else {
      stack.pop();
      order.push(node);
    }
  }
  const g = gradOf(root);
  if (seed) g.set(seed);
  else g.fill(1);
  for (let k = order.length - 1; k >= 0; k--) order[k]!.backward();
  // Intermediate results drop their grads and tape links so the graph can be collected.
  for (const node of order) {
    for (const out of node.outputs) {
      out.grad = null;
      out.creator = null;
    }
  }
}

/** Clears the gradients of the given tensors (the trainable weights between steps). */
export function zeroGrads(tensors: Iterable<Tensor>): void {
  for (const t of tensors) if (t.grad) t.grad.fill(0);
}
