const MS_PER_DAY = 86_400_000;

/**
 * Parses a provider's ISO 8601 timestamp; undefined when absent or invalid. The services write
 * UTC, with milliseconds (Drive, often Graph: `2026-11-28T01:02:03.456Z`) or without (Dropbox:
 * `2026-11-28T01:02:03Z`): those two forms are read by hand, about twice as fast as
 * `new Date(text)`, which counts in listings of thousands of files (two times per entry). Any
 * other form goes to `new Date`, so both read every timestamp alike.
 */
export function parseIsoTime(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const canonical = canonicalDate(value);
  if (canonical !== undefined) return canonical;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** Character codes of the separators in `YYYY-MM-DDTHH:MM:SS.sssZ`, and of the digit 0. */
const DASH = 45;
const COLON = 58;
const DOT = 46;
const LETTER_T = 84;
const LETTER_Z = 90;
const ZERO = 48;

/** What a digit reader answers for a non-digit: any number built with it stays negative. */
const NOT_DIGITS = -1_000_000;

/**
 * The time `YYYY-MM-DDTHH:MM:SS.sssZ` or `YYYY-MM-DDTHH:MM:SSZ` names when its fields are in
 * range, else undefined.
 */
function canonicalDate(text: string): Date | undefined {
  const withMillis = text.length === 24;
  if (
    !(withMillis || text.length === 20) ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== LETTER_T ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON ||
    text.charCodeAt(text.length - 1) !== LETTER_Z ||
    (withMillis && text.charCodeAt(19) !== DOT)
  ) {
    return undefined;
  }
  const year = pair(text, 0) * 100 + pair(text, 2);
  const month = pair(text, 5);
  const day = pair(text, 8);
  const hour = pair(text, 11);
  const minute = pair(text, 14);
  const second = pair(text, 17);
  const milli = withMillis ? pair(text, 20) * 10 + digit(text, 22) : 0;
  // The ranges `new Date` accepts (it lets a day 29-31 run into the next month, as this does).
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    milli < 0
  ) {
    return undefined;
  }
  return new Date(
    daysFromCivil(year, month, day) * MS_PER_DAY +
      ((hour * 60 + minute) * 60 + second) * 1000 +
      milli,
  );
}

/** The two-digit number at `start`, or NOT_DIGITS. */
function pair(text: string, start: number): number {
  const tens = text.charCodeAt(start) - ZERO;
  const ones = text.charCodeAt(start + 1) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : NOT_DIGITS;
}

/** The digit at `index`, or NOT_DIGITS. */
function digit(text: string, index: number): number {
  const value = text.charCodeAt(index) - ZERO;
  return value >= 0 && value <= 9 ? value : NOT_DIGITS;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
