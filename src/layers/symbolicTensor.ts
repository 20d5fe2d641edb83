/**
 * Symbolic tensors: placeholders that carry a shape and the layer call that made them, so that
 * calling layers on them records a graph instead of computing numbers. This is how the
 * functional API (`input`, `layer.apply(symbolic)`, `model({ inputs, outputs })`) describes
 * a model; the numbers flow later, when the model runs.
 */
import type { DType } from '../tensor/tensor.js';
import type { Layer, Shape } from './layer.js';

let nextId = 0;

/**
 * One call of a layer in a graph: which symbolic tensors went in, which came out. A layer
 * applied twice (a shared layer) has two nodes and one set of weights.
 */
export interface GraphNode {
  /** The layer that was called. */
  readonly layer: Layer;
  /** The main inputs, in the order the layer received them. */
  readonly inputs: readonly SymbolicTensor[];
  /** True when the layer was called with a list (merge and attention layers), even of one. */
  readonly inputIsList: boolean;
  /** Symbolic `initialState` of a recurrent layer (the encoder's states seeding a decoder). */
  readonly initialState: readonly SymbolicTensor[];
  /** A `training` value fixed at the call (`apply(x, { training: false })`); undefined follows the model. */
  readonly training: boolean | undefined;
  /** The outputs: one, or several for `returnState` / attention scores. */
  readonly outputs: SymbolicTensor[];
  /** This node's position among the layer's calls (tfjs's node index). */
  readonly index: number;
}

/**
 * A placeholder for a tensor in a functional model: its shape (null for sizes not known until
 * data arrives, always the batch) and the node that produces it. Made by `input(...)` and by
 * `layer.apply` on other symbolic tensors; it holds no values.
 *
 * @example
 * const x = input({ shape: [10, 3] });
 * const h = layers.lstm({ units: 8 }).apply(x) as SymbolicTensor;
 * h.shape // [null, 8]
 */
export class SymbolicTensor {
  /** Unique per process; the graph runner keys values by it. */
  readonly id = nextId++;

  constructor(
    /** Shape with the batch axis first; null where unknown. */
    readonly shape: Shape,
    /** Computation dtype of the producing layer. */
    readonly dtype: DType,
    /** The layer call that produces it. */
    readonly node: GraphNode,
    /** Which of the node's outputs it is. */
    readonly outputIndex: number,
    /** Readable name, `<layer>/<output index>` as in tfjs. */
    readonly name: string,
  ) {}

  /** The layer whose call produces this tensor. */
  get sourceLayer(): Layer {
    return this.node.layer;
  }

  /** Number of axes, batch included. */
  get rank(): number {
    return this.shape.length;
  }
}

/** True for a symbolic tensor or a list holding one. */
export function isSymbolic(x: unknown): x is SymbolicTensor | SymbolicTensor[] {
  if (x instanceof SymbolicTensor) return true;
  return Array.isArray(x) && x.length > 0 && x.some((v) => v instanceof SymbolicTensor);
}
