#!/usr/bin/env node
// The CommonJS build (dist/cjs/), run by `npm run build` after tsc has written the ES modules
// to dist/. Every source file is transpiled on its own, not bundled: a bundle per entry would
// give each entry its own copy of module state (the backend choice, the seed, the layer
// registry), while here `require('lstm-ts')` and `require('lstm-ts/node')` share one copy,
// as the two ES entries do. Types come from tsc again, into the same folder, so that the
// declarations sit in a "type": "commonjs" scope and TypeScript reads them as CommonJS.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
// --out DIR: build elsewhere than dist/cjs (test/package/install.test.ts builds a private copy).
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 && process.argv[outFlag + 1] ? resolve(process.argv[outFlag + 1]) : join(root, 'dist', 'cjs');

// The same files tsconfig.build.json compiles: src/**/*.ts without declarations and without
// the AssemblyScript sources (they are compiled to WebAssembly by build-wasm.mjs).
const entryPoints = readdirSync(src, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .filter((f) => !f.split(/[\\/]/).join('/').startsWith('kernels/wasm/assembly/'))
  .map((f) => join(src, f));

// CommonJS has no import.meta: the few files that use import.meta.url get it from __filename.
const META_URL = '__lstmTsImportMetaUrl';
const META_URL_LINE = `const ${META_URL} = require("node:url").pathToFileURL(__filename).href;\n`;

rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints,
  outdir: out,
  outbase: src,
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': META_URL },
  sourcemap: false,
  write: false,
  logLevel: 'warning',
});

let rewritten = 0;
for (const file of result.outputFiles) {
  let code = file.text;
  if (/\bimport\.meta\b/.test(code)) {
    throw new Error(`build-cjs: ${file.path} still uses import.meta (only import.meta.url is replaced)`);
  }
  if (code.includes(META_URL)) code = META_URL_LINE + code;
  // esbuild keeps import() as it is when not bundling, which is what the ESM-only optional
  // peers (vega, vega-lite) need. Our own lazily loaded files, though, must be the CommonJS
  // copies loaded by require: an import() of them would go through the ESM loader and could
  // give a second instance of modules that hold state.
  code = code.replace(/\bimport\((["'])(\.{1,2}\/[^"']+)\1\)/g, (_m, q, spec) => {
    rewritten += 1;
    return `Promise.resolve().then(() => require(${q}${spec}${q}))`;
  });
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, code);
}
writeFileSync(join(out, 'package.json'), '{\n  "type": "commonjs"\n}\n');

const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', out],
  { stdio: 'inherit', cwd: root },
);
if (tsc.status !== 0) {
  console.error('build-cjs: tsc --emitDeclarationOnly failed');
  process.exit(tsc.status ?? 1);
}
console.log(`build-cjs: ${result.outputFiles.length} files in ${relative(root, out) || '.'} (${rewritten} lazy imports of our own files made require)`);
