/**
 * The cell descriptors say what the converters do: the PyTorch gate maps match what
 * exportSafetensors writes for LSTM, GRU and SimpleRNN (so pytorch.ts can read them from the
 * descriptor), the weight shapes match what the cells build, and lookups by class name work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setSeed } from '../../../src/tensor/random.js';
import { sequential } from '../../../src/models/sequential.js';
import { lstm } from '../../../src/layers/lstm.js';
import { gru } from '../../../src/layers/gru.js';
import { simpleRNN } from '../../../src/layers/simpleRnn.js';
import { rnn } from '../../../src/layers/rnn.js';
import type { RecurrentLayer } from '../../../src/layers/recurrent.js';
import { LSTMCell, lstmCell } from '../../../src/layers/cells/lstmCell.js';
import { gruCell } from '../../../src/layers/cells/gruCell.js';
import { simpleRNNCell } from '../../../src/layers/cells/simpleRnnCell.js';
import { cellDescriptors, descriptorByClassName, exactBuiltinCell } from '../../../src/layers/cells/registry.js';
import { exportSafetensors, parseSafetensors } from '../../../src/io/safetensors/index.js';

/** A safetensors entry's values (F64 files). */
function values(bytes: Uint8Array, name: string): Float64Array {
  const parsed = parseSafetensors(bytes);
  const entry = parsed.tensors.get(name);
  assert.ok(entry, `${name} in ${[...parsed.tensors.keys()].join(', ')}`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const start = bytes.byteOffset + 8 + headerLength + entry.dataOffsets[0];
  return new Float64Array(bytes.buffer.slice(start, start + (entry.dataOffsets[1] - entry.dataOffsets[0])));
}

test("each descriptor's PyTorch gate map is the gate order exportSafetensors writes", () => {
  const cases: [string, () => RecurrentLayer][] = [
    ['LSTM', () => lstm({ units: 3, inputShape: [4, 2], name: 'r' })],
    ['GRU', () => gru({ units: 3, inputShape: [4, 2], name: 'r' })],
    ['SimpleRNN', () => simpleRNN({ units: 3, inputShape: [4, 2], name: 'r' })],
  ];
  for (const [cls, make] of cases) {
    setSeed(2);
    const layer = make();
    const model = sequential({ layers: [layer] });
    const desc = descriptorByClassName(cls)!;
    const bytes = exportSafetensors(model, { dtype: 'F64', modules: { r: 'rnn' } });
    const wih = values(bytes, 'rnn.weight_ih_l0'); // [G*U, I], torch gate order
    const kernel = layer.weights[0]!.value; // [I, G*U], Keras gate order
    const [I, GU] = kernel.shape as [number, number];
    const U = 3;
    desc.gateMaps.pytorch.forEach((kerasGate, torchGate) => {
      for (let u = 0; u < U; u++) {
        for (let k = 0; k < I; k++) {
          assert.equal(wih[(torchGate * U + u) * I + k], Math.fround(kernel.data[k * GU + kerasGate * U + u]!), `${cls}: torch gate ${torchGate} = Keras gate ${desc.gates[kerasGate]}`);
        }
      }
    });
  }
});

test('descriptor weight shapes are what the cells build; lookups by class name and exact class', () => {
  const cells = [lstmCell({ units: 4 }), lstmCell({ units: 2, useBias: false }), gruCell({ units: 3 }), gruCell({ units: 3, resetAfter: false }), simpleRNNCell({ units: 5 })];
  for (const cell of cells) {
    const layer = rnn({ cell });
    layer.ensureBuilt([null, 6, 7]);
    const desc = cell.descriptor;
    assert.deepEqual(layer.cell.weights.map((w) => [w.name, w.value.shape]), desc.weightShapes(7, cell.units, cell.layout()));
    assert.equal(descriptorByClassName(desc.cellClassName), desc);
    assert.equal(descriptorByClassName(desc.layerClassName), desc);
    assert.equal(exactBuiltinCell(cell), cell);
    assert.equal(desc.stateNames.length, cell.stateSizes.length);
    assert.equal(desc.gateMaps.onnx.length, desc.gates.length);
    assert.equal(desc.gateMaps.pytorch.length, desc.gates.length);
  }
  class Sub extends LSTMCell {}
  assert.equal(exactBuiltinCell(new Sub({ units: 2 })), null, 'a subclass is not the built-in cell');
  assert.deepEqual(cellDescriptors.map((d) => d.cellClassName), ['LSTMCell', 'GRUCell', 'SimpleRNNCell']);
  assert.equal(descriptorByClassName('Dense'), undefined);
});
