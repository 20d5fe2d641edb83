/**
 * The ECG classifiers of test/fixtures/keras-models/dotres-ecg-keras2.2.4 (Keras 2.2.4 full .h5, MIT)
 * on their 200 test fragments of 905 steps: each file has its own test file, because one
 * forward pass takes 7 to 11 s here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tensor } from '../../../src/index.js';
import { loadKerasModel } from '../../../src/io/keras/node.js';
import { assertClose } from '../../helpers/fixtures.js';
import { asSequential } from '../../helpers/models.js';
import { argmaxAccuracy, binaryCrossentropy, readNpy, sharedPath, sharedReferences, summaryLines } from './helpers.js';

interface KerasReported { loss: number; acc: number; P: number; R: number; F1: number }

/** Precision, recall and F1 of class 1 from [n, 2] probabilities and one-hot labels. */
function prf(p: ArrayLike<number>, y: ArrayLike<number>): { P: number; R: number; F1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < y.length / 2; i++) {
    const pred = p[2 * i + 1]! > p[2 * i]! ? 1 : 0;
    const truth = y[2 * i + 1]! > 0.5 ? 1 : 0;
    if (pred && truth) tp++;
    else if (pred) fp++;
    else if (truth) fn++;
  }
  const P = tp / (tp + fp);
  const R = tp / (tp + fn);
  return { P, R, F1: (2 * P * R) / (P + R) };
}

export function dotresTest(file: 'lstm.h5' | 'gru.h5' | 'bilstm.h5', totalParams: string): void {
  test(`dotres ${file} (Keras 2.2.4): loss, accuracy and probabilities on the 200 test fragments`, async () => {
    const dir = 'dotres-ecg-keras2.2.4/';
    const model = asSequential(await loadKerasModel(sharedPath(dir + file)));
    assert.match(summaryLines(model).join('\n'), new RegExp(`Total params: ${totalParams}`));
    const x = readNpy(sharedPath(`${dir}Xs_test.npy`));
    const y = readNpy(sharedPath(`${dir}y_test.npy`));
    const p = model.predict(tensor(x.data, x.shape), { batchSize: 200 }).data;
    const loss = binaryCrossentropy(p, y.data);
    const acc = argmaxAccuracy(p, y.data, 2);
    const expected = JSON.parse(readFileSync(sharedPath(`${dir}expected.json`), 'utf8')) as {
      keras_reported: Record<string, KerasReported>;
      numpy_probabilities: Record<string, number[][]>;
    };
    const keras = expected.keras_reported[file];
    const numpy = expected.numpy_probabilities[file];
    if (keras && numpy) {
      // What the notebook printed with Keras.
      assert.ok(Math.abs(loss - keras.loss) < 1e-6, `loss ${loss} vs Keras ${keras.loss}`);
      assert.equal(acc, keras.acc);
      const m = prf(p, y.data);
      assert.ok(Math.abs(m.P - keras.P) < 1e-12 && Math.abs(m.R - keras.R) < 1e-12 && Math.abs(m.F1 - keras.F1) < 1e-12, JSON.stringify(m));
      const worst = assertClose(p, numpy.flat(), `${file} probabilities`, 1e-5, 1e-6);
      assert.ok(worst < 1e-6, `max abs diff ${worst}`);
    } else {
      // No Keras output for this file: the numpy pass of generate_keras_fixtures.py.
      const ref = sharedReferences<{ probabilities: number[][]; binary_crossentropy: number; accuracy: number }>(dir + file);
      const worst = assertClose(p, ref.probabilities.flat(), `${file} probabilities`, 1e-5, 1e-6);
      assert.ok(worst < 1e-6, `max abs diff ${worst}`);
      assert.ok(Math.abs(loss - ref.binary_crossentropy) < 1e-6);
      assert.equal(acc, ref.accuracy);
    }
  });
}
