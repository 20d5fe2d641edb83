/**
 * Builds a minimal ONNX model holding one LSTM layer, as protobuf bytes, without any ONNX
 * package: a tiny protobuf writer covering the handful of `onnx.proto` messages needed.
 *
 * The graph takes batch-major input like Keras and returns batch-major output:
 *   returnSequences: X [B, T, I] -> Transpose -> LSTM -> Y [T, 1, B, H] -> Squeeze(1) -> Transpose -> [B, T, H]
 *   otherwise:       X [B, T, I] -> Transpose -> LSTM -> Y_h [1, B, H] -> Squeeze(0) -> [B, H]
 * (ONNX Runtime's CPU LSTM only implements layout = 0, i.e. time-major, so the transposes are
 * part of the measured work, as they are inside lstm-ts.)
 *
 * Weights are given in Keras layout (kernel [I, 4H], recurrentKernel [H, 4H], bias [4H], gates
 * i, f, c, o) and converted to ONNX's (W [1, 4H, I], R [1, 4H, H], B [1, 8H], gates i, o, f, c).
 */

// ---- protobuf wire format -------------------------------------------------------------------

type Bytes = Uint8Array;

function varint(n: number): number[] {
  if (n < 0 || !Number.isSafeInteger(n)) throw new Error(`onnxModel: varint needs a non-negative integer, got ${n}`);
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

function concat(parts: (Bytes | number[])[]): Bytes {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
const int = (field: number, n: number): Bytes => concat([key(field, 0), varint(n)]);
const bytes = (field: number, b: Bytes): Bytes => concat([key(field, 2), varint(b.length), b]);
const str = (field: number, s: string): Bytes => bytes(field, new TextEncoder().encode(s));
const msg = (field: number, ...parts: Bytes[]): Bytes => bytes(field, concat(parts));

// ---- onnx.proto messages (field numbers from onnx/onnx.proto) -------------------------------

const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;

function tensorProto(field: number, name: string, dims: number[], dataType: number, raw: Bytes): Bytes {
  // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian).
  return msg(field, ...dims.map((d) => int(1, d)), int(2, dataType), str(8, name), bytes(9, raw));
}

function floatTensor(name: string, dims: number[], values: Float32Array): Bytes {
  const le = new Uint8Array(values.length * 4);
  const view = new DataView(le.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return tensorProto(5, name, dims, FLOAT, le);
}

function int64Tensor(name: string, values: number[]): Bytes {
  const le = new Uint8Array(values.length * 8);
  const view = new DataView(le.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return tensorProto(5, name, [values.length], INT64, le);
}

/** ValueInfoProto for a float tensor; a string dim is symbolic (dim_param). */
function valueInfo(field: number, name: string, dims: (number | string)[]): Bytes {
  const dimMsgs = dims.map((d) => msg(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  // ValueInfoProto{name=1, type=2{TypeProto.tensor_type=1{elem_type=1, shape=2{dim=1...}}}}
  return msg(field, str(1, name), msg(2, msg(1, int(1, FLOAT), msg(2, ...dimMsgs))));
}

function attrInt(name: string, v: number): Bytes {
  return msg(5, str(1, name), int(3, v), int(20, ATTR_INT));
}

function attrInts(name: string, vs: number[]): Bytes {
  const ATTR_INTS = 7;
  return msg(5, str(1, name), ...vs.map((v) => int(8, v)), int(20, ATTR_INTS));
}

function node(opType: string, name: string, inputs: string[], outputs: string[], ...attrs: Bytes[]): Bytes {
  // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
  return msg(1, ...inputs.map((s) => str(1, s)), ...outputs.map((s) => str(2, s)), str(3, name), str(4, opType), ...attrs);
}

// ---- the LSTM model -------------------------------------------------------------------------

export interface KerasLstmWeights {
  kernel: Float32Array; // [I, 4H]
  recurrentKernel: Float32Array; // [H, 4H]
  bias: Float32Array; // [4H]
}

/** ONNX gate g (i, o, f, c) is Keras gate ONNX_TO_KERAS[g] (Keras order i, f, c, o). */
const ONNX_TO_KERAS = [0, 3, 1, 2];

function toOnnxMatrix(m: Float32Array, rows: number, H: number): Float32Array {
  // Keras [rows, 4H] -> ONNX [4H, rows] with the gate blocks reordered.
  const out = new Float32Array(4 * H * rows);
  for (let go = 0; go < 4; go++) {
    const gk = ONNX_TO_KERAS[go]!;
    for (let j = 0; j < H; j++) {
      for (let k = 0; k < rows; k++) out[(go * H + j) * rows + k] = m[k * 4 * H + gk * H + j]!;
    }
  }
  return out;
}

export function buildLstmModel(args: {
  inputSize: number;
  hidden: number;
  returnSequences: boolean;
  weights: KerasLstmWeights;
}): Uint8Array {
  const { inputSize: I, hidden: H, returnSequences, weights } = args;
  const W = toOnnxMatrix(weights.kernel, I, H);
  const R = toOnnxMatrix(weights.recurrentKernel, H, H);
  const B = new Float32Array(8 * H);
  for (let go = 0; go < 4; go++) {
    const gk = ONNX_TO_KERAS[go]!;
    for (let j = 0; j < H; j++) B[go * H + j] = weights.bias[gk * H + j]!;
  }
  const nodes: Bytes[] = [node('Transpose', 'to_time_major', ['x'], ['x_tbi'], attrInts('perm', [1, 0, 2]))];
  const inits: Bytes[] = [floatTensor('W', [1, 4 * H, I], W), floatTensor('R', [1, 4 * H, H], R), floatTensor('B', [1, 8 * H], B)];
  let output: Bytes;
  if (returnSequences) {
    nodes.push(node('LSTM', 'lstm', ['x_tbi', 'W', 'R', 'B'], ['Y'], attrInt('hidden_size', H)));
    nodes.push(node('Squeeze', 'drop_direction', ['Y', 'axis1'], ['y_tbh']));
    nodes.push(node('Transpose', 'to_batch_major', ['y_tbh'], ['y'], attrInts('perm', [1, 0, 2])));
    inits.push(int64Tensor('axis1', [1]));
    output = valueInfo(12, 'y', ['batch', 'time', H]);
  } else {
    nodes.push(node('LSTM', 'lstm', ['x_tbi', 'W', 'R', 'B'], ['', 'Y_h'], attrInt('hidden_size', H)));
    nodes.push(node('Squeeze', 'drop_direction', ['Y_h', 'axis0'], ['y']));
    inits.push(int64Tensor('axis0', [0]));
    output = valueInfo(12, 'y', ['batch', H]);
  }
  // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
  const graph = msg(7, ...nodes, str(2, 'lstm_bench'), ...inits, valueInfo(11, 'x', ['batch', 'time', I]), output);
  // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8{domain=1, version=2}.
  return concat([int(1, 8), str(2, 'lstm-ts bench'), graph, msg(8, str(1, ''), int(2, 14))]);
}
