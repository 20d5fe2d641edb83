/**
 * `sequential`: a stack of layers, each feeding the next. It is a `LayersModel` whose graph is
 * a chain: the graph is made (from an `input` of the first layer's shape) when the model is
 * first built, so compile / fit / evaluate / predict are the functional model's own.
 *
 * @example
 * const model = sequential({ layers: [layers.lstm({ units: 16, inputShape: [10, 1] }), layers.dense({ units: 1 })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * await model.fit(x, y, { epochs: 5 });
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import type { Layer, Shape } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolicTensor.js';
import { Bidirectional } from '../layers/bidirectional.js';
import { summaryLines } from './summary.js';
import { LayersModel } from './layersModel.js';
import { type Graph, buildGraph } from './graph/topology.js';
import { input } from './graph/inputLayer.js';

export type { CompileArgs } from './layersModel.js';

/**
 * Options of `sequential(...)`.
 * @example sequential({ name: 'forecaster', layers: [layers.lstm({ units: 8, inputShape: [12, 1] }), layers.dense({ units: 1 })] })
 */
export interface SequentialArgs {
  /** The layers, first to last. The first needs `inputShape` to build before data arrives. */
  layers?: Layer[];
  /** Model name (default 'sequential'). */
  name?: string;
}

/**
 * A stack of layers, each feeding the next, trained and used with Keras's `compile` / `fit` /
 * `evaluate` / `predict`. Create it with {@link sequential}; save it with `save` and read it
 * back with `loadModel`. It is a {@link LayersModel} with one input and one output whose graph
 * is a chain.
 *
 * @example
 * const model = sequential({ layers: [layers.lstm({ units: 16, inputShape: [10, 1] }), layers.dense({ units: 1 })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * const history = await model.fit(x, y, { epochs: 5 });
 * const next = model.predict(xNew).toArray();
 */
export class Sequential extends LayersModel {
  /** The input shape the graph was made for (the chain is re-made when it changes). */
  private graphShape: Shape | null = null;
  override readonly isChain: boolean = true;

  constructor(args: SequentialArgs = {}) {
    assertKnownOptions('sequential', args, ['layers', 'name']);
    super({ name: args.name ?? 'sequential' });
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /**
   * Appends a layer; a model whose first layer declares `inputShape` builds it at once.
   * @example model.add(layers.dense({ units: 1 }))
   */
  add(layer: Layer): void {
    if (this.layers.some((l) => l.name === layer.name)) {
      throw new ValueError(`sequential.add: a layer named '${layer.name}' is already in the model; names must be unique`);
    }
    if (layer instanceof Bidirectional && layer.mergeMode === null) {
      // Refused up front: building later would fail far from the cause, and merging silently
      // would compute something the user did not ask for.
      throw new ValueError(
        `sequential.add: layer '${layer.name}' (Bidirectional) has mergeMode null, which returns the forward and backward outputs as two tensors, but a sequential model passes one tensor from layer to layer; use a functional model (input, layer.apply, model) for two outputs, or mergeMode 'concat', 'sum', 'mul' or 'ave'`,
      );
    }
    this.layers.push(layer);
    this.graphCache = null;
    this.graphShape = null;
    // As in Keras and tfjs, a model whose first layer declares its input shape is built as
    // layers arrive: weights exist (and shape errors surface) before any data is seen.
    if (this.inputShape) this.build();
  }

  /**
   * The input shape (with `null` batch) declared on the first layer, if any.
   * @example model.inputShape // [null, 10, 1]
   */
  get inputShape(): Shape | null {
    return this.layers[0]?.batchInputShape ?? null;
  }

  /**
   * The input shape (batch axis included) the model is built for: the declared one, else the
   * one its first build (`build`, `fit`, `predict`, ...) saw; null while unbuilt.
   * @example model.builtInputShape // [null, 10, 1]
   */
  get builtInputShape(): Shape | null {
    const first = this.layers[0];
    if (!first) return null;
    return first.batchInputShape ?? (first.built ? first.builtInputShape : null);
  }

  /**
   * Builds every layer for `inputShape` (batch axis included; default: the shape the model
   * was declared or first built for) and returns each output shape.
   * @example model.build([null, 10, 1]) // [[null, 16], [null, 1]]
   */
  build(inputShape?: Shape): Shape[] {
    let shape = inputShape ?? this.builtInputShape;
    if (!shape) {
      throw new ValueError(`${this.name}.build: the first layer needs 'inputShape' (or call build(inputShape), fit or predict first)`);
    }
    const shapes: Shape[] = [];
    for (const layer of this.layers) {
      layer.ensureBuilt(shape);
      const out = layer.computeOutputShape(shape);
      if (Array.isArray(out[0])) {
        throw new ValueError(`${this.name}: layer '${layer.name}' returns several tensors (returnState, or a Bidirectional with mergeMode null); a sequential model needs one output per layer`);
      }
      shape = out as Shape;
      shapes.push(shape);
    }
    return shapes;
  }

  /**
   * @internal The chain as a graph, made for the declared input shape, else for the data
   * about to run (`sample`), as tfjs builds a Sequential on its first call.
   */
  override graph(where: string, sample?: readonly Tensor[]): Graph {
    if (this.layers.length === 0) throw new ValueError(`${this.name}: the model has no layers`);
    const shape = this.builtInputShape ?? (sample?.[0] ? sample[0].shape.map((d, i) => (i === 0 ? null : d)) : null);
    if (!shape) {
      throw new ValueError(`${where}: the model is not built yet: give the first layer 'inputShape', or call build(inputShape), fit or predict first`);
    }
    if (this.graphCache && this.graphShape && sameShape(this.graphShape, shape)) return this.graphCache;
    this.build(shape);
    const x = input({ batchShape: shape, dtype: this.layers[0]!.dtype, name: `${this.name}_input` });
    let flow: SymbolicTensor = x;
    for (const layer of this.layers) {
      const out = layer.apply(flow);
      if (Array.isArray(out)) {
        throw new ValueError(`${this.name}: layer '${layer.name}' returns several tensors (returnState, or a Bidirectional with mergeMode null); a sequential model needs one output per layer`);
      }
      flow = out;
    }
    this.graphCache = buildGraph([x], [flow], this.name);
    this.graphShape = shape;
    return this.graphCache;
  }

  override get inputCount(): number {
    return 1;
  }

  override get outputCount(): number {
    return 1;
  }

  override get inputNames(): string[] {
    return [this.graphCache?.inputs[0]?.sourceLayer.name ?? `${this.name}_input`];
  }

  override get outputNames(): string[] {
    return [this.layers[this.layers.length - 1]?.name ?? 'output'];
  }

  /** @internal The last layer produces the only output; its activation may join the loss. */
  protected override fusableOutputLayer(k: number): Layer | null {
    return k === 0 ? (this.layers[this.layers.length - 1] ?? null) : null;
  }

  protected override inputDtype(): Layer['dtype'] {
    return this.layers[0]?.dtype ?? 'float32';
  }

  protected override declaredInputShape(): Shape | null {
    return this.inputShape;
  }

  /**
   * Prints (or hands each line to `printFn`) the layer table with output shapes and
   * parameter counts, as Keras does.
   * @example model.summary()
   * @example const lines: string[] = []; model.summary(80, (l) => lines.push(l));
   */
  override summary(lineLength = 65, printFn: (line: string) => void = console.log): void {
    const shapes = this.build();
    for (const line of summaryLines(this.name, this.layers, shapes, lineLength)) printFn(line);
  }

  /** @internal Runs the layers (the text generator's step). */
  forward(x: Tensor, training: boolean): Tensor {
    return this.run([x], training).outputs[0]!;
  }

  /**
   * Predicts in batches, without dropout; returns one Tensor (call `.toArray()` for nested
   * arrays). Accepts nested arrays, typed arrays, Tensors and tfjs tensors.
   * @example model.predict([[[0.1], [0.2]]]).toArray()
   */
  override predict(x: TensorLike, args: { batchSize?: number; verbose?: number } = {}): Tensor {
    return super.predict(x, args) as Tensor;
  }
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Creates a {@link Sequential} model from its layers, as `tf.sequential` does.
 * @example sequential({ layers: [layers.dense({ units: 1, inputShape: [3] })] })
 */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}
