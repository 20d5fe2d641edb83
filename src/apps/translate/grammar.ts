/**
 * The default task of `lstm translate`: human-written dates in many formats → ISO 8601
 * (`YYYY-MM-DD`), generated from a fixed grammar with a seeded random stream, so the same
 * seed always gives the same pairs.
 *
 * Grammar. A date is drawn uniformly from 1950-01-01 to 2049-12-31; then one format, uniformly
 * from {@link DATE_FORMATS}. The pieces a format uses:
 *
 *     D     day without padding         3          DD    day, two digits       03
 *     Do    day with an ordinal suffix  3rd        M     month number          3
 *     MM    month, two digits           03         YYYY  year, four digits     2021
 *     YY    year, two digits            21         Mon   month abbreviation    Mar
 *     Month month name                  March      Wkd   weekday abbreviation  Wed
 *     Weekday weekday name              Wednesday
 *
 *     format                  2021-03-03 is written     format                  2021-03-03 is written
 *     Do of Month YYYY        3rd of March 2021         Mon D, YY               Mar 3, 21
 *     MM/DD/YYYY              03/03/2021                Weekday, Month D, YYYY  Wednesday, March 3, 2021
 *     YYYY.MM.DD              2021.03.03                D Month YYYY            3 March 2021
 *     Month Do, YYYY          March 3rd, 2021           D Mon YYYY              3 Mar 2021
 *     DD.MM.YYYY              03.03.2021                M/D/YY                  3/3/21
 *     Wkd D Mon YYYY          Wed 3 Mar 2021            month D YYYY            march 3 2021
 *     YYYYMMDD                20210303                  the Do of month, YYYY   the 3rd of march, 2021
 *     MONTH D, YYYY           MARCH 3, 2021             D-Mon-YYYY              3-Mar-2021
 *     YYYY-MM-DD              2021-03-03 (already ISO: the only format the copy baseline gets right)
 *
 * Slashes are month first (US: `MM/DD/YYYY`, `M/D/YY`), dots day first (`DD.MM.YYYY`) unless
 * the year leads (`YYYY.MM.DD`): each written form has exactly one reading. Two-digit years
 * read 50–99 as 1950–1999 and 00–49 as 2000–2049, which is why the dates span those years.
 * Lower-case (`month`) and upper-case (`MONTH`) month names are the same names in that case.
 *
 * @example
 * generateDatePairs(2, 7)
 * // [{ source: 'Mar 4, 51', target: '1951-03-04', format: 'Mon D, YY' },
 * //  { source: 'september 10 2047', target: '2047-09-10', format: 'month D YYYY' }]
 */
import { ValueError, assertInt } from '../../tensor/errors.js';
// The data get a generator of their own (mulberry32), so they neither depend on nor disturb
// the library's random stream that initialises the weights.
import { seededRandom } from '../../text/sampling.js';

/** One source → target example. */
export interface TranslationPair {
  /** The text to translate. */
  source: string;
  /** Its translation. */
  target: string;
}

/** A date pair, with the format that wrote its source. */
export interface DatePair extends TranslationPair {
  /** The grammar format of {@link DATE_FORMATS} that wrote `source`. */
  format: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The calendar pieces a format writes from. */
interface DateParts {
  year: number;
  /** 1 to 12. */
  month: number;
  /** 1 to 31. */
  day: number;
  /** 0 (Sunday) to 6. */
  weekday: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, `12th`, `13th`, `21st`, ... */
export function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th');
  return `${day}${suffix}`;
}

/** The formats of the grammar, by name (see the module comment). */
export const DATE_FORMATS: Readonly<Record<string, (p: DateParts) => string>> = {
  'Do of Month YYYY': (p) => `${ordinal(p.day)} of ${MONTHS[p.month - 1]} ${p.year}`,
  'Mon D, YY': (p) => `${MONTHS[p.month - 1]!.slice(0, 3)} ${p.day}, ${pad2(p.year % 100)}`,
  'MM/DD/YYYY': (p) => `${pad2(p.month)}/${pad2(p.day)}/${p.year}`,
  'Weekday, Month D, YYYY': (p) => `${WEEKDAYS[p.weekday]}, ${MONTHS[p.month - 1]} ${p.day}, ${p.year}`,
  'YYYY.MM.DD': (p) => `${p.year}.${pad2(p.month)}.${pad2(p.day)}`,
  'D Month YYYY': (p) => `${p.day} ${MONTHS[p.month - 1]} ${p.year}`,
  'Month Do, YYYY': (p) => `${MONTHS[p.month - 1]} ${ordinal(p.day)}, ${p.year}`,
  'D Mon YYYY': (p) => `${p.day} ${MONTHS[p.month - 1]!.slice(0, 3)} ${p.year}`,
  'DD.MM.YYYY': (p) => `${pad2(p.day)}.${pad2(p.month)}.${p.year}`,
  'M/D/YY': (p) => `${p.month}/${p.day}/${pad2(p.year % 100)}`,
  'Wkd D Mon YYYY': (p) => `${WEEKDAYS[p.weekday]!.slice(0, 3)} ${p.day} ${MONTHS[p.month - 1]!.slice(0, 3)} ${p.year}`,
  'month D YYYY': (p) => `${MONTHS[p.month - 1]!.toLowerCase()} ${p.day} ${p.year}`,
  'YYYYMMDD': (p) => `${p.year}${pad2(p.month)}${pad2(p.day)}`,
  'the Do of month, YYYY': (p) => `the ${ordinal(p.day)} of ${MONTHS[p.month - 1]!.toLowerCase()}, ${p.year}`,
  'MONTH D, YYYY': (p) => `${MONTHS[p.month - 1]!.toUpperCase()} ${p.day}, ${p.year}`,
  'D-Mon-YYYY': (p) => `${p.day}-${MONTHS[p.month - 1]!.slice(0, 3)}-${p.year}`,
  'YYYY-MM-DD': (p) => isoDate(p),
};

/** The first and last year the grammar draws (the span two-digit years can name). */
export const DATE_YEARS = { first: 1950, last: 2049 } as const;

function isoDate(p: DateParts): string {
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}


const DAY_MS = 86_400_000;

/**
 * Writes the date `iso` (`YYYY-MM-DD`) in the grammar format `format`.
 * @example formatDate('2021-03-03', 'Do of Month YYYY') // '3rd of March 2021'
 */
export function formatDate(iso: string, format: string): string {
  const write = DATE_FORMATS[format];
  if (!write) throw new ValueError(`formatDate: unknown format '${format}'; expected one of ${Object.keys(DATE_FORMATS).map((f) => `'${f}'`).join(', ')}`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const time = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : NaN;
  const date = new Date(time);
  if (!m || Number.isNaN(time) || date.getUTCDate() !== +m[3]! || date.getUTCMonth() !== +m[2]! - 1) {
    throw new ValueError(`formatDate: argument 'iso' expected a calendar date as YYYY-MM-DD, got '${iso}'`);
  }
  return write({ year: +m[1]!, month: +m[2]!, day: +m[3]!, weekday: date.getUTCDay() });
}

/**
 * `count` date pairs from the grammar, the same for the same `seed`: each a uniformly drawn
 * date of 1950–2049 written in a uniformly drawn format.
 * @example generateDatePairs(2, 1).map((p) => p.target) // two ISO dates
 */
export function generateDatePairs(count: number, seed: number): DatePair[] {
  assertInt('generateDatePairs', 'count', count, 0);
  assertInt('generateDatePairs', 'seed', seed);
  const rand = seededRandom(seed);
  const first = Date.UTC(DATE_YEARS.first, 0, 1);
  const days = (Date.UTC(DATE_YEARS.last + 1, 0, 1) - first) / DAY_MS;
  const formats = Object.keys(DATE_FORMATS);
  const pairs: DatePair[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(first + Math.floor(rand() * days) * DAY_MS);
    const parts: DateParts = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() };
    const format = formats[Math.floor(rand() * formats.length)]!;
    pairs.push({ source: DATE_FORMATS[format]!(parts), target: isoDate(parts), format });
  }
  return pairs;
}
