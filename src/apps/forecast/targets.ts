/**
 * Which columns a forecast predicts, and each one's loss and loss weight: the checks shared by
 * the library function and the command line, so both refuse the same mistakes with the same
 * words (an unknown or repeated column, a loss list of the wrong length).
 */
import { ValueError } from '../../tensor/errors.js';
import { OptionError } from '../optionError.js';

/** The regression losses a forecast head may train on. */
export type ForecastLoss = 'meanSquaredError' | 'meanAbsoluteError' | 'huber';

/** The losses {@link ForecastLoss} allows, in the order errors list them. */
export const FORECAST_LOSSES: readonly ForecastLoss[] = ['meanSquaredError', 'meanAbsoluteError', 'huber'];

/**
 * One predicted column with how its head is trained.
 * @example const t: ForecastTarget = { name: 'precipitation', column: 1, loss: 'meanAbsoluteError', lossWeight: 0.5 };
 */
export interface ForecastTarget {
  /** Column name (and the name of its output layer when there are several targets). */
  name: string;
  /** Index of the column in the series. */
  column: number;
  /** The head's loss. */
  loss: ForecastLoss;
  /** The head's weight in the total loss. */
  lossWeight: number;
}

/**
 * Checks a target list: not empty, no name twice, every name a column. Unknown names are listed
 * together with the columns there are.
 * @example checkTargetNames('forecast', ['temp_max', 'precipitation'], ['temp_max', 'precipitation', 'wind'])
 */
export function checkTargetNames(where: string, targets: readonly string[], columns: readonly string[]): void {
  if (targets.length === 0) throw new OptionError(`${where}: option 'target' is an empty list; expected one or more column names`);
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t)) throw new OptionError(`${where}: option 'target' names column '${t}' twice; each target gets one output head, so list it once`);
    seen.add(t);
  }
  const unknown = targets.filter((t) => !columns.includes(t));
  if (unknown.length > 0) {
    throw new OptionError(`${where}: option 'target' names no column ${unknown.map((c) => `'${c}'`).join(', ')}; columns are: ${columns.join(', ')}`);
  }
}

/** One value for every target, or a list with one per target. */
function perTarget<T>(where: string, option: string, value: T | readonly T[] | undefined, fallback: T, names: readonly string[]): T[] {
  if (value === undefined) return names.map(() => fallback);
  if (!Array.isArray(value)) return names.map(() => value as T);
  if (value.length !== names.length) {
    throw new OptionError(`${where}: option '${option}' expected ${names.length} entries (one per target: ${names.join(', ')}), got ${value.length}`);
  }
  return [...(value as readonly T[])];
}

/**
 * The targets of a forecast, in the order given: `target` defaults to the first column; `loss`
 * and `lossWeights` are one value for all or one per target.
 * @example resolveTargets('forecast', ['temp_max', 'precipitation'], ['temp_max', 'precipitation'], undefined, [1, 0.5])
 */
export function resolveTargets(
  where: string,
  target: string | readonly string[] | undefined,
  columns: readonly string[],
  loss?: ForecastLoss | readonly ForecastLoss[],
  lossWeights?: readonly number[],
): ForecastTarget[] {
  const names = target === undefined ? [columns[0]!] : typeof target === 'string' ? [target] : [...target];
  if (!names.every((n) => typeof n === 'string')) {
    throw new ValueError(`${where}: option 'target' expected a column name or a list of names, got ${JSON.stringify(target)}`);
  }
  checkTargetNames(where, names, columns);
  const losses = perTarget<ForecastLoss>(where, 'loss', loss, 'meanSquaredError', names);
  losses.forEach((l, k) => {
    if (!FORECAST_LOSSES.includes(l)) {
      throw new ValueError(`${where}: option 'loss' for target '${names[k]}' expected one of ${FORECAST_LOSSES.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(l)}`);
    }
  });
  if (lossWeights !== undefined && !Array.isArray(lossWeights)) {
    throw new ValueError(`${where}: option 'lossWeights' expected a list of numbers (one per target), got ${JSON.stringify(lossWeights)}`);
  }
  const weights = perTarget<number>(where, 'lossWeights', lossWeights, 1, names);
  weights.forEach((w, k) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ValueError(`${where}: option 'lossWeights' for target '${names[k]}' expected a finite number >= 0, got ${w}`);
    }
  });
  if (weights.every((w) => w === 0)) throw new ValueError(`${where}: option 'lossWeights' are all 0; at least one target must count in the loss`);
  return names.map((name, k) => ({ name, column: columns.indexOf(name), loss: losses[k]!, lossWeight: weights[k]! }));
}
