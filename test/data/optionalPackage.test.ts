/** Optional packages: "cannot find package X" becomes one line that says what to install. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { MissingPackageError, importOptional, isPackageNotFound } from '../../src/data/optionalPackage.js';

// A variable, so TypeScript does not look the name up; no such package exists.
const absent = 'no-such-package-lstm-ts';

test('an absent package imported through importOptional gives MissingPackageError with the install command', async () => {
  await assert.rejects(importOptional('loadThing', absent, 'data', () => import(absent)), (e: unknown) => {
    assert.ok(e instanceof MissingPackageError);
    assert.equal(e.name, 'MissingPackageError');
    assert.equal(e.packageName, absent);
    assert.equal(e.message, `loadThing: needs the data package '${absent}', which is not installed; run: npm install ${absent}`);
    assert.equal((e.cause as { code?: string }).code, 'ERR_MODULE_NOT_FOUND');
    return true;
  });
});

test('require errors for the package (or a file inside it) are recognised too', () => {
  const req = createRequire(import.meta.url);
  for (const id of [absent, `${absent}/package.json`]) {
    let caught: unknown;
    try {
      req(id);
    } catch (e) {
      caught = e;
    }
    assert.ok(isPackageNotFound(caught, absent), `not recognised: ${String(caught)}`);
  }
});

test('an installed package loads; other failures keep their own error', async () => {
  const fflate = await importOptional('x', 'fflate', 'data', () => import('fflate'));
  assert.equal(typeof fflate.unzipSync, 'function');
  // A missing dependency of an installed package is not "install the package": keep the cause.
  const inner = Object.assign(new Error("Cannot find package 'd3-array' imported from /x/vega/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
  await assert.rejects(importOptional('x', 'vega', 'chart', () => Promise.reject(inner)), (e) => e === inner);
  const broken = new SyntaxError('Unexpected token');
  await assert.rejects(importOptional('x', 'vega', 'chart', () => Promise.reject(broken)), (e) => e === broken);
  assert.equal(isPackageNotFound(null, 'vega'), false);
});
