/**
 * The weights a stack of layers will create, under the names tfjs gives them, computed from
 * the layers' options and input shapes without building anything. A loader compares this plan
 * with the weights manifest before any weight is allocated or initialised, so a model file
 * that claims LSTM units 5,000 next to a 468-byte weights file fails at once instead of
 * spending a minute drawing an orthogonal matrix it would then overwrite (or allocating
 * gigabytes). Building the model afterwards re-checks every shape against the real variables,
 * so a plan that ever disagreed with a layer's `build` would show as an error, not as wrong
 * weights.
 */
import { ValueError, formatShape } from '../tensor/errors.js';
import { type Layer, type Shape, isShapeList } from '../layers/layer.js';
import { Activation } from '../layers/activation.js';
import { Bidirectional } from '../layers/bidirectional.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { Flatten } from '../layers/flatten.js';
import { GRU } from '../layers/gru.js';
import { LayerNormalization } from '../layers/layerNormalization.js';
import { LSTM } from '../layers/lstm.js';
import { Masking } from '../layers/masking.js';
import { Reshape } from '../layers/reshape.js';
import { SimpleRNN } from '../layers/simpleRnn.js';
import { TimeDistributed } from '../layers/timeDistributed.js';
import { layerCodecs } from './codecs/index.js';

/** One weight the model will have once built. */
export interface PlannedWeight {
  /** The tfjs name, e.g. `lstm/kernel`, `bidirectional/forward_lstm/kernel`. */
  name: string;
  shape: number[];
  /** The top-level layer that owns it (a wrapper for wrapped layers' weights). */
  layer: Layer;
}

function label(layer: Layer): string {
  return `layer '${layer.name}' (${layer.className})`;
}

/** The input's last axis, which every weight shape below depends on. */
function lastAxis(layer: Layer, input: Shape, where: string): number {
  const last = input[input.length - 1];
  if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 1) {
    throw new ValueError(`${where}: ${label(layer)} gets input shape ${formatShape(input)}; its last axis must be a known positive size to hold weights`);
  }
  return last;
}

/** `[shortName, shape]` of the weights a non-wrapper layer creates for `inputs`, in build order. */
function ownWeights(layer: Layer, inputs: Shape | Shape[], where: string): [string, number[]][] {
  const codec = layerCodecs.find((c) => c.handles(layer));
  if (codec) return codec.plannedWeights(layer, inputs);
  if (isShapeList(inputs)) {
    throw new ValueError(`${where}: ${label(layer)} is called with a list of ${inputs.length} inputs; it takes one tensor`);
  }
  const input = inputs;
  if (layer instanceof LSTM || layer instanceof GRU || layer instanceof SimpleRNN) {
    const gates = layer instanceof LSTM ? 4 : layer instanceof GRU ? 3 : 1;
    const U = layer.units;
    const out: [string, number[]][] = [
      ['kernel', [lastAxis(layer, input, where), gates * U]],
      ['recurrent_kernel', [U, gates * U]],
    ];
    if (layer.useBias) out.push(['bias', layer instanceof GRU && layer.resetAfter ? [2, gates * U] : [gates * U]]);
    return out;
  }
  if (layer instanceof Dense) {
    const out: [string, number[]][] = [['kernel', [lastAxis(layer, input, where), layer.units]]];
    if (layer.useBias) out.push(['bias', [layer.units]]);
    return out;
  }
  if (layer instanceof Embedding) return [['embeddings', [layer.inputDim, layer.outputDim]]];
  if (layer instanceof LayerNormalization) {
    const features = lastAxis(layer, input, where);
    const out: [string, number[]][] = [];
    if (layer.scale) out.push(['gamma', [features]]);
    if (layer.center) out.push(['beta', [features]]);
    return out;
  }
  if (layer instanceof Dropout || layer instanceof Masking || layer instanceof Activation || layer instanceof Flatten || layer instanceof Reshape) {
    return [];
  }
  throw new ValueError(`${where}: ${label(layer)}: lstm-ts cannot tell which weights this layer class creates`);
}

/** The layer's weights under tfjs's names (the scheme of modelArtifacts' tfjsNamedWeights). */
function layerWeights(layer: Layer, inputs: Shape | Shape[], owner: Layer, where: string): PlannedWeight[] {
  if (isShapeList(inputs) && (layer instanceof Bidirectional || layer instanceof TimeDistributed)) {
    throw new ValueError(`${where}: ${label(layer)} is called with a list of ${inputs.length} inputs; it takes one tensor`);
  }
  const input = inputs as Shape;
  if (layer instanceof Bidirectional) {
    const inner = layer.forwardLayer.name;
    const one = ownWeights(layer.forwardLayer, input, where);
    return [
      ...one.map(([short, shape]) => ({ name: `${layer.name}/forward_${inner}/${short}`, shape, layer: owner })),
      ...one.map(([short, shape]) => ({ name: `${layer.name}/backward_${inner}/${short}`, shape: [...shape], layer: owner })),
    ];
  }
  if (layer instanceof TimeDistributed) {
    const step: Shape = [null, ...input.slice(2)];
    // tfjs builds the wrapped layer in the wrapper's scope: its names lose their own prefix.
    return layerWeights(layer.layer, step, owner, where).map((w) => ({ ...w, name: `${layer.name}/${w.name.slice(w.name.indexOf('/') + 1)}` }));
  }
  return ownWeights(layer, inputs, where).map(([short, shape]) => ({ name: `${layer.name}/${short}`, shape, layer: owner }));
}

/**
 * The weights one layer of a graph will create when first called on `inputs` (its first
 * call's input shape, batch axis included; a list for a layer called with a list), under
 * tfjs's names. Throws a ValueError when it cannot tell.
 */
export function plannedLayerWeights(layer: Layer, inputs: Shape | Shape[], where: string): PlannedWeight[] {
  return layerWeights(layer, inputs, layer, where);
}

/**
 * The weights `layers`, stacked as a Sequential model, will have; null when the first layer
 * declares no input shape (the model is then not built until it sees data, and holds no
 * weights yet). Throws a ValueError when the layers cannot be stacked.
 */
export function plannedWeights(layers: readonly Layer[], where: string): PlannedWeight[] | null {
  let shape: Shape | null = layers[0]?.batchInputShape ?? null;
  if (!shape) return null;
  const out: PlannedWeight[] = [];
  for (const layer of layers) {
    for (const w of layerWeights(layer, shape, layer, where)) out.push(w);
    let next: Shape | Shape[];
    try {
      next = layer.computeOutputShape(shape);
    } catch (e) {
      throw new ValueError(`${where}: the layers do not form a working Sequential model: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (Array.isArray(next[0])) {
      throw new ValueError(
        `${where}: the layers do not form a working Sequential model: layer '${layer.name}' returns several tensors (returnState); a sequential model needs one output per layer`,
      );
    }
    shape = next as Shape;
  }
  return out;
}
