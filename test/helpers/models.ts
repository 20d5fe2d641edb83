/**
 * Narrowing loaded models in tests: loaders return `LayersModel` (a `Sequential` for
 * sequential files), and `LayersModel.predict` returns `Tensor | Tensor[]`.
 */
import assert from 'node:assert/strict';
import { LayersModel, type ModelData } from '../../src/models/layersModel.js';
import { Sequential } from '../../src/models/sequential.js';
import { Tensor } from '../../src/tensor/tensor.js';

/**
 * Asserts that `model` is a `Sequential` (the file under test is a sequential one) and returns it.
 * @example const model = asSequential((await loadModel(dir)).model);
 */
export function asSequential(model: LayersModel): Sequential {
  assert.ok(model instanceof Sequential, `expected a Sequential model, got ${model.constructor.name} '${model.name}'`);
  return model;
}

/**
 * `model.predict(x)` for a model with one output: asserts that a single Tensor came back.
 * @example const y = predictOne(model, [[[0.1], [0.2]]]);
 */
export function predictOne(model: LayersModel, x: ModelData, args: { batchSize?: number } = {}): Tensor {
  const y = model.predict(x, args);
  assert.ok(y instanceof Tensor, `expected one output tensor from ${model.name}.predict, got a list of ${Array.isArray(y) ? y.length : '?'}`);
  return y;
}
