import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The Node entry, as Node users get it: it installs the file-system support the loggers write through.
import '../../src/index.node.js';
import { csvLogger, jsonLogger, type CsvLoggerArgs, type EpochRecord } from '../../src/models/callbacks/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-callbacks-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('csvLogger writes a sorted header and one row per epoch, NA for names missing later', async () => {
  const filename = join(dir, 'a.csv');
  writeFileSync(filename, 'old contents\n');
  const cb = csvLogger({ filename });
  await cb.onTrainBegin();
  assert.equal(readFileSync(filename, 'utf8'), '', 'append: false replaces the file');
  await cb.onEpochEnd(0, { loss: 0.5, accuracy: 0.25, val_loss: 0.75 });
  // Each epoch is on disk as soon as it ends.
  assert.equal(readFileSync(filename, 'utf8'), 'epoch,accuracy,loss,val_loss\n0,0.25,0.5,0.75\n');
  await cb.onEpochEnd(1, { loss: 0.125, accuracy: 0.5 });
  assert.equal(readFileSync(filename, 'utf8'), 'epoch,accuracy,loss,val_loss\n0,0.25,0.5,0.75\n1,0.5,0.125,NA\n');
});

test('csvLogger append: adds rows without a second header; a new file gets one', async () => {
  const filename = join(dir, 'b.csv');
  const first = csvLogger({ filename, separator: ';' });
  await first.onTrainBegin();
  await first.onEpochEnd(0, { loss: 2 });
  const second = csvLogger({ filename, separator: ';', append: true });
  await second.onTrainBegin();
  await second.onEpochEnd(1, { loss: 1 });
  assert.equal(readFileSync(filename, 'utf8'), 'epoch;loss\n0;2\n1;1\n');

  const fresh = join(dir, 'c.csv');
  const appended = csvLogger({ filename: fresh, append: true });
  await appended.onTrainBegin();
  await appended.onEpochEnd(0, { loss: 3, 'odd,name': NaN });
  assert.equal(readFileSync(fresh, 'utf8'), 'epoch,loss,"odd,name"\n0,3,NaN\n');
});

test('csvLogger options are checked', () => {
  assert.throws(() => csvLogger({} as CsvLoggerArgs), /csvLogger: option 'filename' expected a non-empty path string/);
  assert.throws(() => csvLogger({ filename: 'x.csv', separator: '::' }), /option 'separator' expected one character/);
  assert.throws(() => csvLogger({ filename: 'x.csv', append: 'yes' as unknown as boolean }), /option 'append' expected true or false/);
  assert.throws(() => csvLogger({ filename: 'x.csv', sep: ',' } as CsvLoggerArgs), /unknown option 'sep'/);
});

test('jsonLogger writes one JSON object per line, NaN as null, and calls onLog', async () => {
  const filename = join(dir, 'log.jsonl');
  const seen: EpochRecord[] = [];
  const cb = jsonLogger({ filename, onLog: (r) => void seen.push(r) });
  await cb.onTrainBegin();
  await cb.onEpochEnd(0, { loss: 0.5, val_loss: NaN });
  await cb.onEpochEnd(1, { loss: 0.25, val_loss: 0.5 });
  const text = readFileSync(filename, 'utf8');
  assert.equal(text, '{"epoch":0,"loss":0.5,"val_loss":null}\n{"epoch":1,"loss":0.25,"val_loss":0.5}\n');
  assert.deepEqual(seen[1], { epoch: 1, loss: 0.25, val_loss: 0.5 });
  assert.ok(Number.isNaN(seen[0]!.val_loss));
});

test('jsonLogger with only onLog needs no file system, and awaits onLog', async () => {
  const order: string[] = [];
  const cb = jsonLogger({
    onLog: async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`log ${r.epoch}`);
    },
  });
  await cb.onTrainBegin();
  await cb.onEpochEnd(3, { loss: 1 });
  order.push('after');
  assert.deepEqual(order, ['log 3', 'after']);
});

test('jsonLogger options are checked', () => {
  assert.throws(() => jsonLogger({}), /jsonLogger: give 'filename', 'onLog' or both; got neither/);
  assert.throws(() => jsonLogger({ onLog: 3 as unknown as () => void }), /option 'onLog' expected a function/);
  assert.throws(() => jsonLogger({ file: 'x' } as unknown as { filename: string }), /unknown option 'file'/);
});

test('csvLogger and jsonLogger create a missing directory (Keras\'s CSVLogger raises FileNotFoundError; every other writer here creates it)', async () => {
  const csv = join(dir, 'runs', 'exp1', 'log.csv');
  const cb = csvLogger({ filename: csv });
  await cb.onTrainBegin();
  await cb.onEpochEnd(0, { loss: 1 });
  assert.equal(readFileSync(csv, 'utf8'), 'epoch,loss\n0,1\n');
  const appended = csvLogger({ filename: join(dir, 'runs', 'exp2', 'log.csv'), append: true });
  await appended.onEpochEnd(0, { loss: 2 });
  assert.equal(readFileSync(join(dir, 'runs', 'exp2', 'log.csv'), 'utf8'), 'epoch,loss\n0,2\n');
  const jsonl = join(dir, 'runs', 'exp3', 'log.jsonl');
  const jl = jsonLogger({ filename: jsonl });
  await jl.onTrainBegin();
  await jl.onEpochEnd(0, { loss: 3 });
  assert.equal(readFileSync(jsonl, 'utf8'), '{"epoch":0,"loss":3}\n');
});

test('a log file that cannot be written fails with one error naming the file and the real cause', async () => {
  writeFileSync(join(dir, 'plain-file'), 'x');
  const under = join(dir, 'plain-file', 'log.csv');
  for (const cb of [csvLogger({ filename: under }), csvLogger({ filename: under, append: true }), jsonLogger({ filename: under })]) {
    await assert.rejects(cb.onTrainBegin(), (e: Error & { code?: string }) => {
      assert.match(e.message, new RegExp(`^(csvLogger|jsonLogger): cannot write the log file '${under}': ENOTDIR`), e.message);
      assert.equal(e.code, 'ENOTDIR');
      return true;
    });
  }
  // A directory where the file should be: caught when the file is opened.
  const isDir = join(dir, 'runs');
  await assert.rejects(csvLogger({ filename: isDir }).onTrainBegin(), (e: Error & { code?: string }) => {
    assert.match(e.message, new RegExp(`^csvLogger: cannot write the log file '${isDir}': EISDIR`), e.message);
    return true;
  });
});
