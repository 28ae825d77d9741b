/**
 * The tests' own reading of days in a zone, from Intl's wall-clock fields and plain date
 * arithmetic: what the product's days (lib/time/zones.ts, db/functions.sql) are checked against,
 * so none of the product's day code computes a test's expectation.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const QUARTER = 15 * 60_000;

export { random } from "./random";

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's wall clock at an instant. */
export function wall(t: number, zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return {
    y: Number(parts.year),
    m: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    min: Number(parts.minute),
    s: Number(parts.second),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** The date (YYYY-MM-DD) an instant has on the zone's wall clock. */
export function dayIn(t: number | Date, zone: string) {
  const w = wall(typeof t === "number" ? t : t.getTime(), zone);
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
}

/** Wall clock minus UTC, in minutes (whole seconds of the instant). */
export function offset(t: number, zone: string) {
  const w = wall(t, zone);
  return (Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(t / 1000) * 1000) / 60_000;
}

/** Calendar arithmetic on YYYY-MM-DD (no zone involved). */
export const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
export const plusMonths = (day: string, n: number) => {
  const [y, m] = day.split("-").map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${pad(Math.floor(total / 12), 4)}-${pad((total % 12) + 1)}-01`;
};
/** The Monday on or before a day. */
export const mondayOf = (day: string) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return plusDays(day, -((weekday + 6) % 7));
};
/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = plusDays(d, 1)) out.push(d);
  return out;
}

/** Every change of offset in [from, to), to the millisecond. */
export function transitions(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  let before = offset(from, zone);
  for (let t = from + DAY; t < to + DAY; t += DAY) {
    const now = offset(t, zone);
    if (now === before) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offset(mid, zone) === before) lo = mid;
      else hi = mid;
    }
    if (hi < to) found.push(hi);
    before = now;
  }
  return found;
}

/**
 * The first instant of a day in a zone, found by walking: offsets and transitions fall on quarter
 * hours, so a day starts on a quarter hour (UTC) — the first whose date is that day or later.
 */
export function firstInstantOf(day: string, zone: string): number {
  let t = Date.parse(`${day}T00:00:00Z`) - 15 * HOUR;
  while (dayIn(t, zone) < day) t += QUARTER;
  return t;
}

/**
 * The spelling the API echoes: a request's zone as written when it is a current IANA name (the
 * zones these tests use are), an alias by the zone it links to (`US/Eastern` → America/New_York).
 */
const ALIASES: Record<string, string> = { "US/Eastern": "America/New_York", "Etc/UTC": "UTC", GMT: "UTC" };
export const apiZoneName = (zone: string) => ALIASES[zone] ?? zone;
