/**
 * The rules of the API's query fields as plain functions, without zod: the schemas
 * (lib/validation/query.ts, ./user-metrics) check with them, and the pages read their URLs with
 * them in the browser, which then loads no schema library. A test holds the readers equal to the
 * schemas' own verdicts.
 */

export const MIN_DAY = "1900-01-01";
export const MAX_DAY = "9998-12-31";
const NUL = "\u0000";

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A day within the years the API takes (1900–9998). */
export const isDayInRange = (value: string) => value >= MIN_DAY && value <= MAX_DAY;

/** An integer as the query string writes it (an optional sign, digits). */
export const INTEGER_PATTERN = /^[+-]?\d+$/;

export const hasNul = (value: string) => value.includes(NUL);

/** A field's value as the API would take it, or undefined where it would refuse it. */
export type FieldReader<T> = (value: string) => T | undefined;

export const readDay: FieldReader<string> = (v) => (isCalendarDay(v) && isDayInRange(v) ? v : undefined);

export const readInt =
  (min: number, max = Infinity): FieldReader<number> =>
  (v) => {
    if (!INTEGER_PATTERN.test(v)) return undefined;
    const n = Number(v);
    return n >= min && n <= max ? n : undefined;
  };

export const readChoice =
  <const T extends readonly string[]>(choices: T): FieldReader<T[number]> =>
  (v) =>
    (choices as readonly string[]).includes(v) ? (v as T[number]) : undefined;

/** Free text: at most `max` characters, not blank, no NUL. */
export const readText =
  (max: number): FieldReader<string> =>
  (v) =>
    v.length <= max && v.trim() !== "" && !hasNul(v) ? v : undefined;
