/**
 * Shared helpers of the ONNX tests: running an exported model in onnxruntime-node and
 * comparing with `predict`, and a minimal protobuf reader to inspect the file's structure
 * independently of the writer.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
// A static import: if onnxruntime-node cannot load on this machine, every test file that
// uses these helpers fails at import (it must not silently skip).
import * as ort from 'onnxruntime-node';
import { type Sequential, type Tensor, tensor } from '../../../src/index.js';
import { exportOnnxBytes } from '../../../src/io/onnx/index.js';

export { ort };

/** `n` values in [-1, 1) from a fixed LCG stream. */
export function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1);
}

/** Replaces every weight by `scale`-sized values from `seed`, so gates leave their linear range. */
export function randomizeWeights(model: Sequential, seed: number, scale = 0.8): void {
  model.setWeights(model.getWeights().map((w, i) => tensor(values(w.size, seed + 31 * i).map((v) => v * scale), [...w.shape])));
}

/** The largest |difference| seen by `compareWithOrt`, per test name, for the report. */
export const measured = new Map<string, number>();

export interface OrtRun {
  dims: readonly number[];
  data: Float32Array;
}

/** Runs ONNX bytes in onnxruntime on a float input, or int64 ids with `ids`. */
export async function runOrt(bytes: Uint8Array, x: Tensor, ids = false, inputName = 'input', outputName = 'output'): Promise<OrtRun> {
  const session = await ort.InferenceSession.create(bytes);
  const feed = ids
    ? new ort.Tensor('int64', BigInt64Array.from(Array.from(x.data, (v) => BigInt(v))), [...x.shape])
    : new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]);
  const out = await session.run({ [inputName]: feed });
  const y = out[outputName];
  assert.ok(y, `onnxruntime returned no '${outputName}'`);
  return { dims: y.dims, data: y.data as Float32Array };
}

/** Exports `model`, runs it in onnxruntime on `x` and asserts it matches `predict` to `tol`. */
export async function compareWithOrt(label: string, model: Sequential, x: Tensor, options: { ids?: boolean; tol?: number } = {}): Promise<number> {
  const tol = options.tol ?? 1e-5;
  const want = model.predict(x);
  const bytes = exportOnnxBytes(model);
  // ONNX_DUMP_DIR=dir keeps every exported file, e.g. to run onnx.checker over them.
  const dump = process.env['ONNX_DUMP_DIR'];
  if (dump) writeFileSync(join(dump, `${label.replace(/[^a-z0-9]+/gi, '_')}.onnx`), bytes);
  const got = await runOrt(bytes, x, options.ids ?? false);
  assert.deepEqual([...got.dims], [...want.shape], `${label}: output shape`);
  let max = 0;
  for (let i = 0; i < want.size; i++) {
    const d = Math.abs(got.data[i]! - want.data[i]!);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  measured.set(label, Math.max(measured.get(label) ?? 0, max));
  assert.ok(max <= tol, `${label}: max |onnxruntime - predict| = ${max} > ${tol}`);
  return max;
}

// ---------------------------------------------------------------------------------------------
// A minimal protobuf reader (for inspecting the structure of exported files).

export type Field = bigint | Uint8Array | number;

/** Decodes one message into field number → values (varints as bigint, fixed32 as float, bytes). */
export function decodeMessage(bytes: Uint8Array): Map<number, Field[]> {
  const fields = new Map<number, Field[]>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length) throw new Error('protobuf: truncated varint');
      const b = bytes[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  while (pos < bytes.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    let value: Field;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > bytes.length) throw new Error('protobuf: length past the end');
      value = bytes.subarray(pos, pos + len);
      pos += len;
    } else if (wire === 5) {
      value = view.getFloat32(pos, true);
      pos += 4;
    } else if (wire === 1) {
      value = view.getFloat64(pos, true);
      pos += 8;
    } else throw new Error(`protobuf: wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

const text = new TextDecoder();

export function str(f: Field | undefined): string {
  assert.ok(f instanceof Uint8Array, 'expected a length-delimited field');
  return text.decode(f);
}

export function msg(f: Field | undefined): Map<number, Field[]> {
  assert.ok(f instanceof Uint8Array, 'expected an embedded message');
  return decodeMessage(f);
}

export interface ModelSummary {
  irVersion: number;
  opset: number;
  opTypes: string[];
  inputs: { name: string; elemType: number; dims: (number | string)[] }[];
  outputs: { name: string; elemType: number; dims: (number | string)[] }[];
  nodes: { opType: string; attributes: Map<string, Map<number, Field[]>> }[];
}

function valueInfo(m: Map<number, Field[]>): { name: string; elemType: number; dims: (number | string)[] } {
  const tensorType = msg(msg(m.get(2)?.[0]).get(1)?.[0]);
  const shape = msg(tensorType.get(2)?.[0]);
  const dims = (shape.get(1) ?? []).map((d) => {
    const dim = msg(d);
    return dim.has(1) ? Number(dim.get(1)![0] as bigint) : str(dim.get(2)![0]);
  });
  return { name: str(m.get(1)?.[0]), elemType: Number(tensorType.get(1)![0] as bigint), dims };
}

/** Reads the parts of a ModelProto the tests check. */
export function summarizeModel(bytes: Uint8Array): ModelSummary {
  const model = decodeMessage(bytes);
  const graph = msg(model.get(7)?.[0]);
  const opsetImport = msg(model.get(8)?.[0]);
  const nodes = (graph.get(1) ?? []).map((n) => {
    const node = msg(n);
    const attributes = new Map((node.get(5) ?? []).map((a) => {
      const at = msg(a);
      return [str(at.get(1)?.[0]), at] as const;
    }));
    return { opType: str(node.get(4)?.[0]), attributes };
  });
  return {
    irVersion: Number(model.get(1)![0] as bigint),
    opset: Number(opsetImport.get(2)![0] as bigint),
    opTypes: nodes.map((n) => n.opType),
    inputs: (graph.get(11) ?? []).map((v) => valueInfo(msg(v))),
    outputs: (graph.get(12) ?? []).map((v) => valueInfo(msg(v))),
    nodes,
  };
}
