/**
 * `layers.activation`: applies an activation function elementwise (softmax over the last
 * axis); masks pass through unchanged.
 *
 * @example
 * layers.activation({ activation: 'relu' }).apply(tensor([[-1, 2]])).toArray() // [[0, 2]]
 */
import { assertKnownOptions } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type ActivationName, activation as activationOp, getActivation } from '../ops/activations.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';

export interface ActivationArgs extends LayerArgs {
  /** The activation's tfjs name, e.g. 'relu', 'tanh', 'softmax'. */
  activation: ActivationName;
}

const activationKeys = [...layerArgKeys, 'activation'];

export class Activation extends Layer {
  readonly className = 'Activation';
  /** The activation's tfjs name, e.g. 'relu', 'tanh', 'softmax'. */
  readonly activation: ActivationName;

  constructor(args: ActivationArgs) {
    const where = 'layers.activation';
    assertKnownOptions(where, args, activationKeys);
    super(args, 'activation');
    this.activation = getActivation(args.activation, where, 'activation').name;
    this.supportsMasking = true;
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    return activationOp(x, this.activation);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation };
  }
}

/**
 * Creates an Activation layer (see {@link ActivationArgs}).
 * @example layers.activation({ activation: 'relu' })
 */
export function activation(args: ActivationArgs): Activation {
  return new Activation(args);
}
