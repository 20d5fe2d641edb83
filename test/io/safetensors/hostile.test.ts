/**
 * Safetensors headers made to hurt the reader: JSON nested past the stack, dtype and metadata
 * names that are properties of Object.prototype, and values so large that quoting them would
 * make a megabyte error message. Each ends in one SafetensorsError naming the source, the
 * tensor, the expected and the actual value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, sequential } from '../../../src/index.js';
import { encodeSafetensors, exportSafetensors, importPyTorchState, parseSafetensors, SafetensorsError } from '../../../src/io/safetensors/index.js';

/** A file whose header is `text` (raw JSON) followed by `data`. */
function rawFile(text: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function refused(bytes: Uint8Array, ...patterns: RegExp[]): string {
  let caught: unknown = null;
  try {
    parseSafetensors(bytes, { source: 'evil.safetensors' });
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof SafetensorsError, `expected a SafetensorsError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  assert.match(caught.message, /^evil\.safetensors: /);
  assert.ok(!/native code|\[object Object\]|NaN|undefined/.test(caught.message), caught.message);
  assert.ok(caught.message.length < 600, `message of ${caught.message.length} characters`);
  for (const re of patterns) assert.match(caught.message, re);
  return caught.message;
}

test('headers nested deeper than any safetensors file are refused without overflowing the stack', () => {
  const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
  refused(rawFile(`{"t": ${deep(100000)}}`), /nests 100001 levels deep/, /a valid header nests 3/);
  refused(rawFile(`{"__metadata__": {"k": ${deep(100000)}}}`), /nests/);
  refused(rawFile(`{"t": {"dtype": "F32", "shape": ${deep(50000)}, "data_offsets": [0, 0]}}`), /nests/);
  // Within the bound, a wrong nesting is still named plainly.
  refused(rawFile('{"t": {"dtype": "F32", "shape": [[1]], "data_offsets": [0, 4]}}', new Uint8Array(4)),
    /tensor 't': 'shape' must be an array of non-negative integers, got \[\[1\]\]/);
});

test("dtype names of Object.prototype's properties are unknown dtypes like any other", () => {
  for (const dtype of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    const header = `{"w": {"dtype": ${JSON.stringify(dtype)}, "shape": [2], "data_offsets": [0, 8]}}`;
    refused(rawFile(header, new Uint8Array(8)), new RegExp(`tensor 'w': unknown dtype "${dtype}" \\(expected one of BOOL, U8`));
  }
});

test("names of Object.prototype's properties are ordinary tensor names and metadata keys", () => {
  const metadata = JSON.parse('{"__proto__": "p", "constructor": "c", "format": "pt"}') as Record<string, string>;
  const bytes = encodeSafetensors(
    JSON.parse('{"__proto__": {"shape": [1], "data": [1.5]}, "constructor": {"shape": [1], "data": [2.5]}}'),
    metadata,
  );
  const parsed = parseSafetensors(bytes);
  assert.deepEqual([...parsed.tensors.keys()], ['__proto__', 'constructor']);
  assert.deepEqual(Array.from(parsed.tensors.get('__proto__')!.values()), [1.5]);
  assert.ok(Object.hasOwn(parsed.metadata, '__proto__'), 'the metadata key __proto__ was dropped');
  assert.equal(parsed.metadata['__proto__'], 'p');
  assert.equal(parsed.metadata['constructor'], 'c');
  assert.equal(Object.getPrototypeOf(parsed.metadata), Object.prototype);
});

test('huge wrong values are quoted in short, in every message', () => {
  const many = JSON.stringify(Array.from({ length: 100000 }, () => 'x'));
  refused(rawFile(`{"t": {"dtype": "F32", "shape": ${many}, "data_offsets": [0, 0]}}`), /tensor 't': 'shape' must be .*, got \["x","x",.*\.\.\./);
  refused(rawFile(`{"t": ${many}}`), /tensor 't': expected \{ dtype, shape, data_offsets \}, got \["x",.*\.\.\./);
  refused(rawFile(`{"t": {"dtype": ${JSON.stringify('F'.repeat(100000))}, "shape": [], "data_offsets": [0, 0]}}`), /unknown dtype "FFF.*\.\.\./);
  refused(rawFile(`{"__metadata__": {"k": ${many}}}`), /'__metadata__' entry 'k' must be a string, got \["x",.*\.\.\./);
  // A huge tensor name is shortened too.
  refused(rawFile(`{${JSON.stringify('n'.repeat(100000))}: 1}`), /tensor 'nnnn.*\.\.\.'/);
});

test('a model layer named like an Object.prototype property maps to its own name, not to a prototype function', () => {
  const model = sequential({ layers: [layers.dense({ units: 2, inputShape: [3], name: 'constructor' })] });
  const bytes = exportSafetensors(model, { modules: {} });
  assert.deepEqual([...parseSafetensors(bytes).tensors.keys()], ['constructor.weight', 'constructor.bias']);
  importPyTorchState(bytes, model, { modules: {} });
});
