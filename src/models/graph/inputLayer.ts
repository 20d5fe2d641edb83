/**
 * `input(...)`: where a functional model starts. An InputLayer holds no weights; calling
 * `input` makes one and returns its symbolic output, the tensor the model's data will fill.
 */
import { ValueError, assertKnownOptions, formatShape } from '../../tensor/errors.js';
import type { DType, Tensor } from '../../tensor/tensor.js';
import { Layer, type Shape } from '../../layers/layer.js';
import { type GraphNode, SymbolicTensor } from '../../layers/symbolicTensor.js';

/**
 * Options of `input(...)`, as `tf.input`.
 * @example input({ shape: [null, 8], name: 'tokens' })
 */
export interface InputArgs {
  /** Shape of one sample (no batch axis); null where any size is accepted, e.g. `[null, 3]` for any length. */
  shape?: (number | null)[];
  /** Shape with the batch axis (fixes the batch size, as stateful layers need). */
  batchShape?: (number | null)[];
  /** Name of the input; `fit`/`predict` accept data keyed by it. */
  name?: string;
  /** 'float32' (default) or 'float64'. Token ids are passed as floats, as in tfjs. */
  dtype?: DType;
  /** Fixed batch size, combined with `shape`. */
  batchSize?: number;
}

/**
 * The layer behind `input(...)`: it passes data through unchanged and marks the start of a
 * graph. `model.layers` lists it first, as in tfjs and Keras.
 */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';

  constructor(args: { name?: string; batchInputShape: Shape; dtype?: DType }) {
    super({ name: args.name, batchInputShape: args.batchInputShape, dtype: args.dtype }, 'input');
    this.built = true;
    this.builtInputShape = args.batchInputShape;
  }

  call(inputs: Tensor): Tensor {
    return inputs;
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), sparse: false };
  }
}

/**
 * Starts a functional model: a symbolic tensor for data of the given shape, to pass to
 * `layer.apply` and then to `model({ inputs, outputs })`.
 * @example
 * const tokens = input({ shape: [null], name: 'tokens' });
 * const h = layers.lstm({ units: 16 }).apply(layers.embedding({ inputDim: 50, outputDim: 8 }).apply(tokens));
 */
export function input(args: InputArgs): SymbolicTensor {
  assertKnownOptions('input', args, ['shape', 'batchShape', 'name', 'dtype', 'batchSize']);
  if ((args.shape === undefined) === (args.batchShape === undefined)) {
    throw new ValueError(`input: give exactly one of 'shape' (without the batch axis) or 'batchShape' (with it), got ${args.shape === undefined ? 'neither' : 'both'}`);
  }
  const shape = args.batchShape ?? [args.batchSize ?? null, ...args.shape!];
  if (!Array.isArray(shape) || !shape.every((d) => d === null || (Number.isSafeInteger(d) && d >= 1))) {
    throw new ValueError(`input: option '${args.shape ? 'shape' : 'batchShape'}' expected an array of positive integers and nulls, got ${Array.isArray(shape) ? formatShape(shape as number[]) : JSON.stringify(shape)}`);
  }
  if (args.dtype !== undefined && args.dtype !== 'float32' && args.dtype !== 'float64') {
    throw new ValueError(`input: option 'dtype' expected 'float32' or 'float64', got ${JSON.stringify(args.dtype)}`);
  }
  const layer = new InputLayer({ name: args.name, batchInputShape: shape, dtype: args.dtype });
  const node: GraphNode = { layer, inputs: [], inputIsList: false, initialState: [], training: undefined, outputs: [], index: 0 };
  node.outputs.push(new SymbolicTensor([...shape], layer.dtype, node, 0, layer.name));
  layer.inboundNodes.push(node);
  return node.outputs[0]!;
}
