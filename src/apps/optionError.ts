/**
 * A {@link ValueError} caused by an option the caller chose (a column name that is not in the
 * file, a window longer than the series, splits that leave nothing to train on) rather than
 * by the data itself. The API treats it as any ValueError; the `lstm` command line exits 2 for
 * it (a usage error) instead of 1, since changing the command line fixes it.
 */
import { ValueError } from '../tensor/errors.js';

export class OptionError extends ValueError {
  override name = 'OptionError';
}
