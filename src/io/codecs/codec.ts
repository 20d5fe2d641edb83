/**
 * The contract for a layer class read and written outside the built-in table of
 * `layerRegistry.ts`: one codec per class, in a file of its family (merge, attention,
 * convolution, ...), listed in `codecs/index.ts`. A codec reads the tfjs/Keras config through
 * the registry's ConfigReader (which reports unknown and malformed options) and writes the
 * config tfjs itself would write for that class.
 */
import type { Layer, Shape } from '../../layers/layer.js';
import type { ActivationName } from '../../ops/activations.js';
import type { Regularizer } from '../../regularizers/regularizers.js';
import type { Constraint } from '../../constraints/constraints.js';
import type { JsonObject, JsonValue } from '../json.js';
import type { ConfigReader, KerasLayerConfig } from '../layerRegistry.js';

/** What a codec's `write` may use: the registry's own encoders, so every class writes alike. */
export interface LayerWriter {
  /** name, trainable, batch_input_shape (when set) and dtype: the keys every layer ends with. */
  base(): JsonObject;
  /** The Keras form of the initializer held in `layer.getConfig()[key]`. */
  initializer(key: string): JsonValue;
  /** The Keras name of an activation (records an issue when Keras has none). */
  activation(key: string, name: ActivationName): string;
  /** Records why the layer cannot be written. */
  issue(message: string): void;
  /** A regularizer as tfjs writes it (`{ class_name: 'L1L2', config }`), or null. */
  regularizer(r: Regularizer | null): JsonValue;
  /** A constraint as tfjs writes it (`{ class_name: 'MaxNorm', config }`), or null. */
  constraint(c: Constraint | null): JsonValue;
  /** The config of a wrapped layer (for wrappers); null when it cannot be written. */
  inner(layer: Layer, batchInputShape: (number | null)[] | null): KerasLayerConfig | null;
}

/**
 * Reads and writes one layer class in the Keras / tfjs layers format.
 * @example
 * const repeatVectorCodec: LayerCodec = {
 *   className: 'RepeatVector',
 *   handles: (layer) => layer instanceof RepeatVector,
 *   read: (r) => { const args = { ...r.base(), n: r.number('n', { required: true, integer: true, positive: true }) ?? 1 }; return () => new RepeatVector(args); },
 *   write: (layer, w) => ({ n: (layer as RepeatVector).n, ...w.base() }),
 * };
 */
export interface LayerCodec {
  /** The Keras class name, e.g. 'RepeatVector'. */
  readonly className: string;
  /** True for the layers this codec writes. */
  handles(layer: Layer): boolean;
  /**
   * Reads the config (every key must be consumed through `r`, or it is reported as unknown) and
   * returns a thunk constructing the layer, or null when `r` recorded issues.
   */
  read(r: ConfigReader): (() => Layer) | null;
  /** The config as tfjs writes it (snake_case keys), or null after `w.issue(...)`. */
  write(layer: Layer, w: LayerWriter): JsonObject | null;
  /**
   * `[shortName, shape]` of the weights the layer creates for `inputShape` (batch axis
   * included; a list for list inputs), in build order, computed from its options without
   * building: a loader checks a file's weights against this before allocating anything.
   */
  plannedWeights(layer: Layer, inputShape: Shape | Shape[]): [string, number[]][];
}
