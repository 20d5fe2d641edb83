/**
 * `lstm explain` in-process: the worked example as text and JSON, the input options, weights
 * files (good, wrong shape, unreadable), and the parts not implemented yet.
 *
 * Exit codes: a bad command line (unknown option, non-numeric --input, --input of the wrong
 * length for the weights, --sequence without --model) is a usage error, 2; a --weights file
 * that cannot be read or holds the wrong shapes is a runtime failure, 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WORKED_EXAMPLE, explainLstmStep, type LstmStepExplanation } from '../../src/explain/workedCell.js';
import { assertClose, loadOracle } from '../helpers/fixtures.js';
import { lines, run } from './fakeIo.js';

const dir = mkdtempSync(join(tmpdir(), 'lstm-explain-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

test('lstm explain prints the equations and the numbers, exit 0, nothing on stderr', async () => {
  const r = await run(['explain']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  for (const eq of ['z = x·W + h_prev·U + b', 'i = σ(z_i)', 'f = σ(z_f)', 'g = tanh(z_c)', 'o = σ(z_o)', 'c = f*c_prev + i*g', 'h = o*tanh(c)']) {
    assert.ok(r.stdout.includes(eq), eq);
  }
  const expected = explainLstmStep(DEFAULT_WORKED_EXAMPLE);
  for (const v of [...expected.z, ...expected.i, ...expected.f, ...expected.g, ...expected.o, ...expected.c, ...expected.h]) {
    assert.ok(r.stdout.includes(v.toFixed(6)), `stdout shows ${v.toFixed(6)}`);
  }
  assert.match(r.stdout, /^Result: h = \[0\.343114, -0\.293475\], c = \[0\.798202, -0\.521349\]$/m);
});

test('lstm explain --json prints one parseable JSON object with every intermediate', async () => {
  const r = await run(['explain', '--json']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  assert.equal(lines(r.stdout).length, 1);
  const json = JSON.parse(r.stdout) as LstmStepExplanation;
  for (const key of ['inputDim', 'units', 'recurrentActivation', 'x', 'hPrev', 'cPrev', 'kernel', 'recurrentKernel', 'xW', 'hU', 'b', 'z', 'preActivations', 'i', 'f', 'g', 'o', 'c', 'tanhC', 'h']) {
    assert.ok(key in json, `field ${key}`);
  }
  assert.deepEqual(json, JSON.parse(JSON.stringify(explainLstmStep(DEFAULT_WORKED_EXAMPLE))));
  assert.equal(json.recurrentActivation, 'sigmoid');
  assert.deepEqual(json.x, [0.5, -1]);
});

test('--input, --h-prev, --c-prev and --recurrent-activation change the step', async () => {
  const r = await run(['explain', '--input', '-1,2', '--h-prev=0,0', '--c-prev', '0.25,-0.25', '--recurrent-activation', 'hardSigmoid', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as LstmStepExplanation;
  const expected = explainLstmStep({ ...DEFAULT_WORKED_EXAMPLE, x: [-1, 2], hPrev: [0, 0], cPrev: [0.25, -0.25], recurrentActivation: 'hardSigmoid' });
  assert.deepEqual(json, JSON.parse(JSON.stringify(expected)));
  assert.equal(json.recurrentActivation, 'hardSigmoid');
});

test('--input of the wrong length is a usage error (2) naming the sizes', async () => {
  const r = await run(['explain', '--input', '1,2,3']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^lstm explain: option '--input' expected 2 values \(input size of the built-in example, kernel \[2, 8\]\), got 3 \(1,2,3\)\n$/);
  const h = await run(['explain', '--h-prev', '1']);
  assert.equal(h.code, 2);
  assert.match(h.stderr, /^lstm explain: option '--h-prev' expected 2 values \(units of the built-in example\), got 1/);
});

test('--weights with the oracle worked example reproduces the oracle (object and snake_case)', async () => {
  const { lstm: ex } = loadOracle('worked_example');
  const path = writeJson('oracle.json', ex.weights); // {kernel, recurrent_kernel, bias}
  const r = await run(['explain', '--weights', path, '--input', ex.x.join(','), '--h-prev', ex.h_prev.join(','), '--c-prev', ex.c_prev.join(','), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as LstmStepExplanation;
  assert.equal(json.inputDim, 3);
  assert.equal(json.units, 2);
  assertClose(json.z, ex.expected.z, 'z', 1e-12, 1e-12);
  assertClose(json.c, ex.expected.c, 'c', 1e-12, 1e-12);
  assertClose(json.h, ex.expected.h, 'h', 1e-12, 1e-12);

  const text = await run(['explain', '--weights', path, '--input', '1,0,1', '--h-prev', '0.5,0.5', '--c-prev', '0.5,0.5']);
  assert.equal(text.code, 0);
  assert.ok(text.stdout.includes('3 inputs, 2 units'));
  assert.ok(text.stdout.includes(ex.expected.h[0].toFixed(6)));
});

test('--weights in get_weights() order, relative to the working directory; defaults: ones and zeros', async () => {
  const { kernel, recurrentKernel, bias } = DEFAULT_WORKED_EXAMPLE;
  writeJson('list.json', [kernel, recurrentKernel, bias]);
  const r = await run(['explain', '--weights', 'list.json', '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as LstmStepExplanation;
  assert.deepEqual(json.x, [1, 1]);
  assert.deepEqual(json.hPrev, [0, 0]);
  assert.deepEqual(json.cPrev, [0, 0]);
  assert.deepEqual(json.h, explainLstmStep({ kernel, recurrentKernel, bias, x: [1, 1] }).h);
  const wrong = await run(['explain', '--weights', 'list.json', '--input', '1,2,3'], { cwd: dir });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /^lstm explain: option '--input' expected 2 values \(input size of the kernel of list\.json, kernel \[2, 8\]\), got 3/);
});

test('--weights with a wrong shape: exit 1, one line naming the field, the expected and the actual shape', async () => {
  const { kernel, bias } = DEFAULT_WORKED_EXAMPLE;
  const path = writeJson('bad.json', { kernel, recurrentKernel: [[0, 0, 0, 0, 0, 0, 0, 0]], bias });
  const r = await run(['explain', '--weights', path]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `lstm explain: --weights ${path}: field 'recurrentKernel' expected shape [2, 8], got [1, 8]\n`);

  const badBias = writeJson('bad-bias.json', { kernel, recurrentKernel: DEFAULT_WORKED_EXAMPLE.recurrentKernel, bias: [0, 0, 0] });
  const b = await run(['explain', '--weights', badBias, '--json']);
  assert.equal(b.code, 1);
  assert.equal(b.stdout, '');
  assert.match(b.stderr, /^lstm explain: --weights .*bad-bias\.json: field 'bias' expected shape \[8\], got \[3\]\n$/);

  const badKernel = writeJson('bad-kernel.json', { kernel: [[1, 2, 3]], recurrentKernel: [[0]], bias: [0] });
  const k = await run(['explain', '--weights', badKernel]);
  assert.equal(k.code, 1);
  assert.match(k.stderr, /field 'kernel' expected shape \[inputDim, 4\*units\] \(a positive multiple of 4 columns\), got \[1, 3\]\n$/);
});

test('--weights that cannot be read or parsed: exit 1 with one line', async () => {
  const missing = await run(['explain', '--weights', join(dir, 'nope.json')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^lstm explain: --weights .*nope\.json: cannot read the file \(no such file\)\n$/);
  const notJson = await run(['explain', '--weights', writeJson('garbage.json', '{kernel: [1,')]);
  assert.equal(notJson.code, 1);
  assert.equal(lines(notJson.stderr).length, 1);
  assert.match(notJson.stderr, /^lstm explain: --weights .*garbage\.json: not valid JSON \(/);
  const missingField = await run(['explain', '--weights', writeJson('partial.json', { kernel: DEFAULT_WORKED_EXAMPLE.kernel })]);
  assert.equal(missingField.code, 1);
  assert.match(missingField.stderr, /field 'recurrentKernel' is missing/);
});

test('--sequence/--model: half of the pair is a usage error; the pair draws gate heatmaps of a trained model', async () => {
  const alone = await run(['explain', '--sequence', 'hello']);
  assert.equal(alone.code, 2);
  assert.equal(alone.stderr, "lstm explain: option '--sequence' needs --model <dir>\n");
  const model = await run(['explain', '--model', 'dir']);
  assert.equal(model.code, 2);
  assert.equal(model.stderr, "lstm explain: option '--model' needs --sequence <text>\n");
  const dir = mkdtempSync(join(tmpdir(), 'lstm-explain-seq-'));
  try {
    const missing = await run(['explain', '--sequence', 'hello', '--model', join(dir, 'none')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^lstm explain: .*does not exist\n$/);
    writeFileSync(join(dir, 'corpus.txt'), 'hello world, hello moon. '.repeat(40));
    const trained = await run(['textgen', 'train', '--corpus', join(dir, 'corpus.txt'), '--units', '6', '--seq-length', '8', '--epochs', '1', '--out', join(dir, 'm')]);
    assert.equal(trained.code, 0, trained.stderr);
    const both = await run(['explain', '--sequence', 'hello', '--model', join(dir, 'm', 'model'), '--out', join(dir, 'gates'), '--json']);
    assert.equal(both.code, 0, both.stderr);
    const json = JSON.parse(both.stdout) as { tokens: string[]; units: number; trace: { i: number[][]; c: number[][] }; files: string[] };
    assert.deepEqual(json.tokens, ['h', 'e', 'l', 'l', 'o']);
    assert.equal(json.units, 6);
    assert.equal(json.trace.i.length, 5);
    assert.equal(json.trace.i[0]!.length, 6);
    for (const v of json.trace.i.flat()) assert.ok(v > 0 && v < 1);
    assert.equal(json.files.length, 4);
    for (const f of json.files) assert.match(readFileSync(f, 'utf8'), /^<svg/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--decimals controls the text; progress never reaches a non-terminal stderr', async () => {
  const r = await run(['explain', '--decimals', '3']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Result: h = \[0\.343, -0\.293\], c = \[0\.798, -0\.521\]$/m);
  const bad = await run(['explain', '--decimals', '20']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, `lstm explain: option '--decimals' expected an integer in [0, 15], got "20"\n`);
  const tty = await run(['explain'], { isTTY: true });
  assert.equal(tty.code, 0);
  assert.equal(tty.stderr, '');
});
