/**
 * Keras's RNN layer in the tfjs / Keras layers format, with a built-in cell (LSTMCell, GRUCell,
 * SimpleRNNCell) or a StackedRNNCells of them. What is written is what tfjs 4.22's RNN writes:
 * the cell's config merged into the layer's (tfjs's `{...cellConfig, ...baseConfig, ...rnnConfig}`:
 * the cell's keys, then batch_input_shape and dtype, then return_sequences, return_state,
 * go_backwards, stateful, unroll) followed by `cell: { class_name, config }`; a cell's config is
 * name, trainable and the keys its descriptor lists, in tfjs's order. Stacked cells' weights are
 * `<layer>/RNNCell_<i>/<weight>`, as tfjs names them. Reading takes that, and Keras's RNN
 * (no merged keys; `time_major`, `zero_output_for_mask`, Keras 3's `seed`, `module`,
 * `registered_name`). A user-defined cell has no config lstm-ts could rebuild it from: saving it
 * is refused with a message saying so.
 */
import { ValueError, formatShape } from '../../tensor/errors.js';
import type { Layer, Shape } from '../../layers/layer.js';
import { RNN, type RNNArgs } from '../../layers/rnn.js';
import { StackedRNNCells } from '../../layers/stackedRnnCells.js';
import type { RNNCell } from '../../layers/cells/cell.js';
import type { BuiltinCell, BuiltinCellArgs } from '../../layers/cells/builtinCell.js';
import type { LSTMCell } from '../../layers/cells/lstmCell.js';
import type { GRUCell } from '../../layers/cells/gruCell.js';
import { cellDescriptors, descriptorByClassName, exactBuiltinCell } from '../../layers/cells/registry.js';
import type { CellDescriptor } from '../../layers/cells/descriptor.js';
import type { RecurrentArgs, RecurrentLayer } from '../../layers/recurrent.js';
import { LSTM } from '../../layers/lstm.js';
import { GRU } from '../../layers/gru.js';
import { SimpleRNN } from '../../layers/simpleRnn.js';
import { type Regularizer, regularizerToKeras } from '../../regularizers/regularizers.js';
import { type Constraint, constraintToKeras } from '../../constraints/constraints.js';
import { type JsonObject, type JsonValue, isJsonObject } from '../json.js';
import { ConfigReader, initializerToKeras } from '../layerRegistry.js';
import type { LayerCodec, LayerWriter } from './codec.js';

function isExactBuiltin(cell: RNNCell): cell is BuiltinCell {
  return exactBuiltinCell(cell) !== null;
}

function compact<T extends object>(args: T): T {
  for (const key of Object.keys(args) as (keyof T)[]) if (args[key] === undefined) delete args[key];
  return args;
}

/** The six per-weight regularizer and constraint options, as Keras/tfjs write them. */
function readPenalties(r: ConfigReader): Record<string, unknown> {
  return {
    kernelRegularizer: r.regularizer('kernel_regularizer'),
    recurrentRegularizer: r.regularizer('recurrent_regularizer'),
    biasRegularizer: r.regularizer('bias_regularizer'),
    kernelConstraint: r.constraint('kernel_constraint'),
    recurrentConstraint: r.constraint('recurrent_constraint'),
    biasConstraint: r.constraint('bias_constraint'),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

/** One built-in cell's config keys, by Keras key, from the cell. */
function builtinCellKeys(cell: BuiltinCell, w: LayerWriter): JsonObject {
  const cfg = cell.getConfig();
  const issues: string[] = [];
  const where = `cell '${cell.name}' (${cell.className})`;
  const weightOption = (weight: 'kernel' | 'recurrent_kernel' | 'bias', kind: 'regularizer' | 'constraint'): JsonValue => {
    const o = cell.weightOptions[weight][kind];
    if (!o) return null;
    return kind === 'regularizer' ? regularizerToKeras(o as Regularizer) : (constraintToKeras(o as Constraint) as unknown as JsonValue);
  };
  const value: Record<string, () => JsonValue> = {
    units: () => cell.units,
    activation: () => w.activation('activation', cell.activation.name),
    recurrent_activation: () => w.activation('recurrent_activation', (cell as LSTMCell | GRUCell).recurrentActivation.name),
    use_bias: () => cell.useBias,
    kernel_initializer: () => initializerToKeras(cfg['kernelInitializer'], `${where}: option 'kernel_initializer'`, issues),
    recurrent_initializer: () => initializerToKeras(cfg['recurrentInitializer'], `${where}: option 'recurrent_initializer'`, issues),
    bias_initializer: () => initializerToKeras(cfg['biasInitializer'], `${where}: option 'bias_initializer'`, issues),
    unit_forget_bias: () => (cell as LSTMCell).unitForgetBias,
    kernel_regularizer: () => weightOption('kernel', 'regularizer'),
    recurrent_regularizer: () => weightOption('recurrent_kernel', 'regularizer'),
    bias_regularizer: () => weightOption('bias', 'regularizer'),
    activity_regularizer: () => null,
    kernel_constraint: () => weightOption('kernel', 'constraint'),
    recurrent_constraint: () => weightOption('recurrent_kernel', 'constraint'),
    bias_constraint: () => weightOption('bias', 'constraint'),
    dropout: () => cell.dropout,
    recurrent_dropout: () => cell.recurrentDropout,
    implementation: () => null,
    reset_after: () => (cell as GRUCell).resetAfter,
  };
  const out: JsonObject = {};
  for (const key of cell.descriptor.configKeys) {
    const get = value[key];
    if (!get) throw new ValueError(`recurrent codec: no writer for key '${key}' of ${cell.className}`);
    out[key] = get();
  }
  for (const issue of issues) w.issue(issue);
  return out;
}

/** `{ class_name, config }` of a cell, or null after recording why it cannot be written. */
function cellSpec(cell: RNNCell, w: LayerWriter): { class_name: string; config: JsonObject } | null {
  if (cell instanceof StackedRNNCells && Object.getPrototypeOf(cell) === StackedRNNCells.prototype) {
    const cells = cell.cells.map((c) => cellSpec(c, w));
    if (cells.some((c) => c === null)) return null;
    return { class_name: 'StackedRNNCells', config: { name: cell.name, trainable: true, cells: cells as JsonObject[] } };
  }
  if (isExactBuiltin(cell)) {
    return { class_name: cell.className, config: { name: cell.name, trainable: true, ...builtinCellKeys(cell, w) } };
  }
  w.issue(
    `cell ${cell.className} '${cell.name}' is not a built-in cell; lstm-ts saves RNN layers whose cell is ` +
      `${cellDescriptors.map((d) => d.cellClassName).join(', ')} or a StackedRNNCells of them. Save the weights ` +
      `(model.getWeights()) and rebuild the layer in code`,
  );
  return null;
}

function writeRnn(layer: Layer, w: LayerWriter): JsonObject | null {
  const l = layer as RNN;
  const cell = cellSpec(l.cell, w);
  if (!cell) return null;
  const { name, trainable, ...cellKeys } = cell.config;
  void name;
  void trainable;
  const { name: layerName, trainable: layerTrainable, ...baseRest } = w.base();
  const config: JsonObject = {
    name: layerName!,
    trainable: layerTrainable!,
    ...cellKeys,
    ...baseRest,
    return_sequences: l.returnSequences,
    return_state: l.returnState,
    go_backwards: l.goBackwards,
    stateful: l.stateful,
    unroll: false,
    cell,
  };
  if (l.activityRegularizer) config['activity_regularizer'] = regularizerToKeras(l.activityRegularizer);
  return config;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The keys of a Keras / tfjs cell spec besides `class_name` and `config` (Keras 3 bookkeeping). */
const specBookkeeping = ['module', 'registered_name', 'build_config'];


/** Boolean options some cells add, by Keras key: the option name and the value a file that omits it means (tfjs's default). */
const extraBooleans: Record<string, { option: string; missing: boolean }> = {
  unit_forget_bias: { option: 'unitForgetBias', missing: false },
  reset_after: { option: 'resetAfter', missing: false },
};

/**
 * A built-in cell's own options as its descriptor lists them: activation, the gate activation
 * of gated cells, bias, initialisers, then the cell's extra switches. Defaults are the Keras 1/2
 * config defaults a file may omit.
 */
function readCellKeys(r: ConfigReader, desc: CellDescriptor): Record<string, unknown> {
  const keys = desc.configKeys;
  const out: Record<string, unknown> = {
    activation: r.activation('activation', 'tanh'),
    ...(keys.includes('recurrent_activation') ? { recurrentActivation: r.activation('recurrent_activation', 'hardSigmoid') } : {}),
    useBias: r.bool('use_bias'),
    kernelInitializer: r.initializer('kernel_initializer', 'glorotNormal'),
    recurrentInitializer: r.initializer('recurrent_initializer', 'orthogonal'),
    biasInitializer: r.initializer('bias_initializer', 'zeros'),
  };
  for (const key of keys) {
    const extra = extraBooleans[key];
    if (extra) out[extra.option] = r.bool(key) ?? extra.missing;
  }
  return out;
}

/** Reads one cell spec; returns a thunk making the cell, or null after recording issues. */
function readCellSpec(spec: JsonValue | undefined, r: ConfigReader, depth: number): (() => RNNCell) | null {
  if (!isJsonObject(spec) || typeof spec['class_name'] !== 'string' || !isJsonObject(spec['config'] ?? {})) {
    r.issue(`option 'cell' expected a cell ({ class_name, config }), got ${JSON.stringify(spec ?? null)}`);
    return null;
  }
  const className = spec['class_name'];
  for (const key of Object.keys(spec)) {
    if (key !== 'class_name' && key !== 'config' && !specBookkeeping.includes(key)) r.issue(`cell '${className}': unknown key '${key}'`);
  }
  const config = (spec['config'] ?? {}) as JsonObject;
  const label = `${r.label} > cell '${typeof config['name'] === 'string' ? config['name'] : '?'}' (${className})`;
  const c = new ConfigReader(config, label, r.ctx);
  const before = r.ctx.issues.length;
  let thunk: (() => RNNCell) | null = null;
  const name = c.raw('name');
  c.ignore('trainable', 'seed');
  const dtype = c.raw('dtype');
  void dtype; // the layer's dtype decides the weights'
  const cellName = typeof name === 'string' ? { name } : {};
  if (className === 'StackedRNNCells') {
    const cells = c.raw('cells');
    if (!Array.isArray(cells) || cells.length === 0) {
      c.issue(`option 'cells' expected a non-empty list of cells, got ${JSON.stringify(cells ?? null)}`);
    } else if (depth > 0) {
      c.issue('a StackedRNNCells inside a StackedRNNCells is not supported');
    } else {
      const inner = cells.map((s) => readCellSpec(s, c, depth + 1));
      if (inner.every((t) => t !== null)) thunk = () => new StackedRNNCells({ ...cellName, cells: inner.map((t) => t!()) });
    }
  } else if (cellDescriptors.some((d) => d.cellClassName === className)) {
    const desc = descriptorByClassName(className)!;
    const args = {
      ...cellName,
      units: c.number('units', { required: true, integer: true, positive: true }) ?? 1,
      dropout: c.number('dropout'),
      recurrentDropout: c.number('recurrent_dropout'),
      ...readCellKeys(c, desc),
    };
    c.ignore('implementation');
    Object.assign(args, readPenalties(c));
    // Keras cells have no activity regularizer; the RNN layer around them carries it.
    c.trainingOnly('activity_regularizer');
    const Cell = desc.cellClass as unknown as new (a: BuiltinCellArgs) => BuiltinCell;
    thunk = () => new Cell(compact(args as BuiltinCellArgs));
  } else {
    c.issue(`unknown cell class '${className}' (lstm-ts reads ${[...cellDescriptors.map((d) => d.cellClassName), 'StackedRNNCells'].join(', ')}; user-defined cells cannot be read from a file)`);
  }
  c.finish();
  return r.ctx.issues.length > before ? null : thunk;
}

function readRnn(r: ConfigReader): (() => Layer) | null {
  const base = compact(r.base());
  const spec = r.raw('cell');
  const loop = {
    returnSequences: r.bool('return_sequences'),
    returnState: r.bool('return_state'),
    goBackwards: r.bool('go_backwards'),
    stateful: r.bool('stateful'),
    zeroOutputForMask: r.bool('zero_output_for_mask'),
  };
  r.ignore('unroll');
  r.only('time_major', [false], 'inputs are always [batch, time, features]');
  r.only('num_constants', [null], 'RNN constants are not implemented');
  // tfjs repeats the cell's keys on the layer; the cell's own config is what counts.
  if (isJsonObject(spec) && isJsonObject(spec['config'])) {
    r.ignore(...Object.keys(spec['config']).filter((k) => !['name', 'trainable', 'dtype', 'activity_regularizer'].includes(k)));
  }
  const cell = readCellSpec(spec, r, 0);
  if (!cell) return null;
  return () => new RNN(compact({ ...base, ...loop, cell: cell() } as RNNArgs));
}

// ---------------------------------------------------------------------------------------------
// Weight plan

function cellWeights(cell: RNNCell, inputDim: number, prefix: string, layer: Layer): [string, number[]][] {
  if (cell instanceof StackedRNNCells) {
    let dim = inputDim;
    return cell.cells.flatMap((c, i) => {
      const out = cellWeights(c, dim, `${prefix}RNNCell_${i}/`, layer);
      dim = c.outputSize;
      return out;
    });
  }
  if (isExactBuiltin(cell)) {
    return cell.descriptor.weightShapes(inputDim, cell.units, cell.layout()).map(([n, s]) => [`${prefix}${n}`, s]);
  }
  throw new ValueError(`layer '${layer.name}' (RNN): lstm-ts cannot tell which weights cell ${cell.className} creates`);
}

function plannedRnnWeights(layer: Layer, inputShape: Shape | Shape[]): [string, number[]][] {
  const input = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  const last = input[input.length - 1];
  if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 1) {
    throw new ValueError(`layer '${layer.name}' (RNN) gets input shape ${formatShape(input)}; its last axis must be a known positive size to hold weights`);
  }
  return cellWeights((layer as RNN).cell, last, '', layer);
}


// ---------------------------------------------------------------------------------------------
// LSTM, GRU, SimpleRNN: the built-in layers, one codec each from the cell's descriptor

/** The built-in recurrent layers, by descriptor layer class name. */
const builtinLayerClasses: Record<string, new (args: RecurrentArgs) => RecurrentLayer> = { LSTM, GRU, SimpleRNN };

/**
 * The codec of a built-in recurrent layer. tfjs's key order: name, trainable,
 * batch_input_shape, dtype (tfjs merges the cell's config first), the cell's keys, then
 * return_sequences, return_state, go_backwards, stateful, unroll.
 */
function builtinLayerCodec(desc: CellDescriptor): LayerCodec {
  const Layer = builtinLayerClasses[desc.layerClassName]!;
  return {
    className: desc.layerClassName,
    // Exactly the class: a subclass may compute something else and must not be saved as its parent.
    handles: (layer) => Object.getPrototypeOf(layer) === Layer.prototype,
    read(r) {
      const args = {
        ...r.base(),
        units: r.number('units', { required: true, integer: true, positive: true }) ?? 1,
        returnSequences: r.bool('return_sequences'),
        returnState: r.bool('return_state'),
        goBackwards: r.bool('go_backwards'),
        stateful: r.bool('stateful'),
        dropout: r.number('dropout'),
        recurrentDropout: r.number('recurrent_dropout'),
        zeroOutputForMask: r.bool('zero_output_for_mask'),
      };
      r.ignore('unroll', 'implementation', 'seed', 'use_cudnn');
      r.only('time_major', [false], 'inputs are always [batch, time, features]');
      const all = { ...args, ...readCellKeys(r, desc), ...readPenalties(r) } as RecurrentArgs;
      return () => new Layer(compact(all));
    },
    write(layer, w) {
      const l = layer as RecurrentLayer & { cell: BuiltinCell };
      return {
        ...w.base(),
        ...builtinCellKeys(l.cell, w),
        ...(desc.configKeys.includes('activity_regularizer') ? { activity_regularizer: l.activityRegularizer ? regularizerToKeras(l.activityRegularizer) : null } : {}),
        return_sequences: l.returnSequences,
        return_state: l.returnState,
        go_backwards: l.goBackwards,
        stateful: l.stateful,
        unroll: false,
      };
    },
    plannedWeights(layer, inputShape) {
      const input = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
      const last = input[input.length - 1];
      if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 1) {
        throw new ValueError(`layer '${layer.name}' (${layer.className}) gets input shape ${formatShape(input)}; its last axis must be a known positive size to hold weights`);
      }
      const l = layer as RecurrentLayer & { cell: BuiltinCell };
      return desc.weightShapes(last, l.units, l.cell.layout());
    },
  };
}

/** The LSTM, GRU and SimpleRNN layer codecs. */
export const builtinLayerCodecs: readonly LayerCodec[] = cellDescriptors.map(builtinLayerCodec);

/** Keras's RNN with a built-in cell or a stack of them. */
export const rnnCodec: LayerCodec = {
  className: 'RNN',
  handles: (layer) => layer instanceof RNN,
  read: readRnn,
  write: writeRnn,
  plannedWeights: plannedRnnWeights,
};

/** Every codec of the recurrent family, for `codecs/index.ts`. */
export const recurrentCodecs: readonly LayerCodec[] = [...builtinLayerCodecs, rnnCodec];
