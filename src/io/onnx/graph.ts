/**
 * A small ONNX graph builder and the ModelProto encoder behind `exportOnnxBytes`.
 *
 * The builder hands out unique value names, keeps nodes in the order they are added (which
 * is topological, since a node can only use values that exist), stores weights as
 * initializers in `raw_data` (little-endian) and shares small int64 constants. `encodeModel`
 * writes the messages with the field numbers of onnx.proto:
 *
 * - ModelProto: ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7,
 *   opset_import 8, metadata_props 14
 * - GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12
 * - NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
 * - AttributeProto: name 1, f 2, i 3, s 4, floats 7, ints 8, strings 9, type 20
 * - TensorProto: dims 1, data_type 2, name 8, raw_data 9
 * - ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 →
 *   TensorShapeProto.dim 1 → dim_value 1 | dim_param 2
 */
import { ProtoWriter } from './protobuf.js';

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
const AttrType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** One node attribute. */
export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'strings'; readonly value: readonly string[] };

/** Attribute constructors: `{ axis: attr.int(1), perm: attr.ints([1, 0, 2]) }`. */
export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  ints: (value: readonly number[]): AttrValue => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): AttrValue => ({ kind: 'floats', value }),
  strings: (value: readonly string[]): AttrValue => ({ kind: 'strings', value }),
};

export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttrValue>>;
}

export interface OnnxInitializer {
  readonly name: string;
  readonly dataType: DataTypeCode;
  readonly dims: readonly number[];
  /** Little-endian element bytes. */
  readonly raw: Uint8Array;
}

/** A dimension: a fixed size or a symbolic name such as 'batch'. */
export type Dim = number | string;

export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: DataTypeCode;
  readonly shape: readonly Dim[];
}

export interface OnnxModelSpec {
  readonly graphName: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly irVersion: number;
  readonly opsetVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly metadata: Readonly<Record<string, string>>;
}

function float32Raw(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

function int64Raw(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

/** Collects nodes and initializers with unique names. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private readonly used = new Set<string>();
  private readonly constants = new Map<string, string>();

  /** Marks names (graph inputs, outputs) as taken. */
  reserve(...names: string[]): void {
    for (const n of names) this.used.add(n);
  }

  /** A value name not used yet, `base` or `base_2`, `base_3`, ... */
  fresh(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node; returns its output names (fresh, from `scope/opType`, unless given). */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, AttrValue> = {},
    options: { scope: string; outputs?: number | readonly string[] },
  ): string[] {
    const base = `${options.scope}/${opType}`;
    const outputs = Array.isArray(options.outputs)
      ? [...(options.outputs as readonly string[])]
      : Array.from({ length: (options.outputs as number | undefined) ?? 1 }, (_, i) => this.fresh(i === 0 ? base : `${base}:${i}`));
    this.nodes.push({ opType, name: this.fresh(`${base}#node`), inputs: [...inputs], outputs, attributes });
    return outputs;
  }

  /** Adds a node with one output and returns its name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, AttrValue>, scope: string): string {
    return this.node(opType, inputs, attributes, { scope })[0]!;
  }

  /** A float32 initializer named after `base`. */
  floatTensor(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dataType: DataType.FLOAT, dims: [...dims], raw: float32Raw(values) });
    return name;
  }

  /** A shared int64 constant: a scalar for `dims = []`, else a 1-D tensor. */
  int64Const(values: readonly number[], scalar = false): string {
    const key = `i64:${scalar ? 's' : 'v'}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.fresh(`const/i64_${scalar ? 'scalar_' : ''}${values.join('_').replace(/-/g, 'm')}`);
    this.initializers.push({ name, dataType: DataType.INT64, dims: scalar ? [] : [values.length], raw: int64Raw(values) });
    this.constants.set(key, name);
    return name;
  }

  /** A shared float32 scalar constant. */
  floatScalar(value: number): string {
    const key = `f32:${value}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.fresh(`const/f32_${String(value).replace(/[^0-9a-z]/gi, '_')}`);
    this.initializers.push({ name, dataType: DataType.FLOAT, dims: [], raw: float32Raw([value]) });
    this.constants.set(key, name);
    return name;
  }
}

function writeAttribute(w: ProtoWriter, name: string, a: AttrValue): void {
  w.string(1, name);
  switch (a.kind) {
    case 'int':
      w.int64(3, a.value);
      w.int64(20, AttrType.INT);
      break;
    case 'float':
      w.float(2, a.value);
      w.int64(20, AttrType.FLOAT);
      break;
    case 'string':
      w.string(4, a.value);
      w.int64(20, AttrType.STRING);
      break;
    case 'ints':
      w.repeatedInt64(8, a.value);
      w.int64(20, AttrType.INTS);
      break;
    case 'floats':
      w.repeatedFloat(7, a.value);
      w.int64(20, AttrType.FLOATS);
      break;
    case 'strings':
      for (const s of a.value) w.string(9, s);
      w.int64(20, AttrType.STRINGS);
      break;
  }
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const [name, a] of Object.entries(n.attributes)) w.message(5, (m) => writeAttribute(m, name, a));
}

function writeTensor(w: ProtoWriter, t: OnnxInitializer): void {
  w.repeatedInt64(1, t.dims);
  w.int64(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, t.raw);
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int64(1, v.elemType);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int64(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

/** Serialises a whole model to ONNX's protobuf bytes. */
export function encodeModel(spec: OnnxModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.int64(1, spec.irVersion);
  w.string(2, spec.producerName);
  w.string(3, spec.producerVersion);
  w.string(6, spec.docString);
  w.message(7, (g) => {
    for (const n of spec.nodes) g.message(1, (m) => writeNode(m, n));
    g.string(2, spec.graphName);
    for (const t of spec.initializers) g.message(5, (m) => writeTensor(m, t));
    for (const v of spec.inputs) g.message(11, (m) => writeValueInfo(m, v));
    for (const v of spec.outputs) g.message(12, (m) => writeValueInfo(m, v));
  });
  w.message(8, (o) => {
    o.string(1, '');
    o.int64(2, spec.opsetVersion);
  });
  for (const [key, value] of Object.entries(spec.metadata)) {
    w.message(14, (m) => {
      m.string(1, key);
      m.string(2, value);
    });
  }
  return w.finish();
}
