/**
 * Bidirectional with `mergeMode: null`: as in Keras, the two directions come back as two
 * tensors (never silently concatenated). A sequential model passes one tensor from layer to
 * layer, so it refuses such a layer, and so does a loader reading one from a saved config.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bidirectional } from '../../src/layers/bidirectional.js';
import { lstm } from '../../src/layers/lstm.js';
import { gru } from '../../src/layers/gru.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { setSeed } from '../../src/tensor/random.js';
import { sequential } from '../../src/models/sequential.js';
import { loadFromModelJson } from '../../src/io/memory.js';
import { randomTensor } from '../helpers/gradcheck.js';

test('mergeMode null returns [forward, backward] aligned to input time, as Keras does', () => {
  for (const returnSequences of [false, true]) {
    setSeed(11);
    const bi = bidirectional({ layer: lstm({ units: 3, returnSequences, dtype: 'float64' }), mergeMode: null });
    assert.equal(bi.mergeMode, null);
    const x = randomTensor([2, 4, 2], -1, 1, false);
    const out = bi.apply(x);
    assert.ok(Array.isArray(out), `returnSequences ${returnSequences}: expected two tensors, got one of shape ${(out as Tensor).shape}`);
    assert.equal(out.length, 2);
    const fw = bi.forwardLayer.apply(x) as Tensor;
    const bw = bi.backwardLayer.apply(x) as Tensor;
    assert.deepEqual(out[0]!.toArray(), fw.toArray());
    if (returnSequences) {
      // The backward half is flipped back to input time, as with the merging modes.
      const b = bw.toArray() as number[][][];
      assert.deepEqual(out[1]!.toArray(), b.map((seq) => [...seq].reverse()));
    } else {
      assert.deepEqual(out[1]!.toArray(), bw.toArray());
    }
    const expectedShape = returnSequences ? [null, 4, 3] : [null, 3];
    assert.deepEqual(bi.computeOutputShape([null, 4, 2]), [expectedShape, expectedShape]);
  }
});

test('mergeMode null with returnState returns both outputs, then forward and backward states', () => {
  setSeed(12);
  const bi = bidirectional({ layer: gru({ units: 2, returnState: true, dtype: 'float64' }), mergeMode: null });
  const x = randomTensor([1, 3, 2], -1, 1, false);
  const out = bi.apply(x) as Tensor[];
  assert.equal(out.length, 4);
  const [fw, fwState] = bi.forwardLayer.apply(x) as Tensor[];
  const [bw, bwState] = bi.backwardLayer.apply(x) as Tensor[];
  assert.deepEqual(out.map((t) => t.toArray()), [fw!, bw!, fwState!, bwState!].map((t) => t.toArray()));
  assert.deepEqual(bi.computeOutputShape([null, 3, 2]), [[null, 2], [null, 2], [null, 2], [null, 2]]);
  assert.equal(bi.getConfig()['mergeMode'], null);
});

test('a sequential model refuses mergeMode null with an error naming the option and the reason', () => {
  const bi = () => bidirectional({ layer: lstm({ units: 2 }), mergeMode: null, inputShape: [3, 2], name: 'bi_none' });
  const check = (e: Error) => {
    assert.match(e.message, /layer 'bi_none' \(Bidirectional\)/);
    assert.match(e.message, /mergeMode null/);
    assert.match(e.message, /two tensors/);
    assert.match(e.message, /functional/);
    assert.match(e.message, /'concat', 'sum', 'mul' or 'ave'/);
    return true;
  };
  assert.throws(() => sequential({ layers: [bi()] }), check);
  const m = sequential();
  assert.throws(() => m.add(bi()), check);
  assert.equal(m.layers.length, 0);
});

test('a saved config with merge_mode null is refused, never loaded as concat', () => {
  const json = {
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'm',
        layers: [
          {
            class_name: 'Bidirectional',
            config: { name: 'bi', merge_mode: null, batch_input_shape: [null, 3, 2], layer: { class_name: 'LSTM', config: { name: 'inner', units: 2 } } },
          },
        ],
      },
    },
    weightsManifest: [],
  };
  assert.throws(() => loadFromModelJson(json as never, new Uint8Array(0)), /merge_mode' = null is not supported.*two outputs/);
  // A camelCase key (as lstm-ts's own getConfig names it) is not read as the default either.
  const camel = structuredClone(json);
  const cfg = camel.modelTopology.config.layers[0]!.config as Record<string, unknown>;
  delete cfg['merge_mode'];
  cfg['mergeMode'] = null;
  assert.throws(() => loadFromModelJson(camel as never, new Uint8Array(0)), /mergeMode/);
});
