/**
 * The weight-size guard of a Sequential Keras config counts the weights of every layer class
 * lstm-ts reads, the codec-backed ones (Conv1D, BatchNormalization, ...) included: a config that
 * claims more weights than its weights file holds fails before anything is allocated, and one
 * that fits exactly loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../../src/index.js';
import { sequentialFromKerasConfig } from '../../../src/io/keras/kerasConfig.js';
import type { JsonObject } from '../../../src/io/json.js';

const FILTERS = 1000;

/** Conv1D(kernel 3, 2 -> FILTERS channels) then BatchNormalization over FILTERS channels. */
function config(center: boolean, scale: boolean, useBias: boolean): JsonObject {
  return {
    class_name: 'Sequential',
    config: {
      name: 'guard',
      layers: [
        { class_name: 'Conv1D', config: { name: 'conv', filters: FILTERS, kernel_size: [3], use_bias: useBias, batch_input_shape: [null, 8, 2] } },
        { class_name: 'BatchNormalization', config: { name: 'bn', center, scale } },
      ],
    },
  };
}

for (const [center, scale, useBias] of [[true, true, true], [false, true, false], [false, false, true]] as const) {
  test(`Conv1D (use_bias ${useBias}) + BatchNormalization (center ${center}, scale ${scale}): counted to the weight`, () => {
    // Keras: kernel [3, 2, F] (+ bias [F]); gamma and beta when scaled / centered, plus moving mean and variance.
    const expected = 3 * 2 * FILTERS + (useBias ? FILTERS : 0) + (2 + Number(center) + Number(scale)) * FILTERS;
    const bytes = expected * 4;
    assert.throws(
      () => sequentialFromKerasConfig(config(center, scale, useBias), 2, {}, 'guard', bytes - 1),
      (e: Error) => e instanceof ValueError && e.message.includes(`the model config describes ${expected} weights (${bytes} bytes as float32), more than the ${bytes - 1} bytes`),
    );
    const { model } = sequentialFromKerasConfig(config(center, scale, useBias), 2, {}, 'guard', bytes);
    assert.equal(model.countParams(), expected, 'the guard counts what the built model holds');
  });
}
