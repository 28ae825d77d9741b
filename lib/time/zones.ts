/**
 * One notion of a day: a day is a calendar date in an IANA time zone (the company's, or the
 * request's `timezone`), and every day boundary in TypeScript goes through this module. The SQL
 * side is `um_local_day` / `um_day_start` / `um_month_start` in db/functions.sql, held equal to
 * this one by tests/integration/time-zones.test.ts.
 */

/** The zone a company has until one is set. */
export const DEFAULT_TIME_ZONE = "UTC";

const MAX_FORMATTERS = 1_000;

/** Formatters made once per zone (constructing one costs far more than formatting with it). */
function formatterCache(locale: string, options: Intl.DateTimeFormatOptions) {
  const made = new Map<string, Intl.DateTimeFormat>();
  return (zone: string) => {
    let f = made.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
      if (made.size >= MAX_FORMATTERS) made.delete(made.keys().next().value!);
      made.set(zone, f);
    }
    return f;
  };
}

/** `en-CA` writes dates as YYYY-MM-DD. */
const formatter = formatterCache("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
/** The wall clock, field by field. */
const wallClock = formatterCache("en-US", {
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/**
 * ICU (Node 20's) still answers some zones by the names IANA retired: the current names, which
 * PostgreSQL and PGlite know too, so a stored or echoed zone is spelled as people spell it today.
 */
const CURRENT_NAME: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/**
 * The zone's canonical name (`US/Eastern` → `America/New_York`, `utc` → `UTC`, `Asia/Calcutta` →
 * `Asia/Kolkata`), or null when it is not an IANA zone. Offsets (`+05:00`, `UTC+3`) and POSIX rules
 * are refused: a name only.
 */
export function canonicalTimeZone(name: string): string | null {
  if (name.length === 0 || name.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null;
  // POSIX-style rules such as EST5EDT are accepted by both ICU and PostgreSQL but mean a rule,
  // not a place; only `Etc/GMT±N` (a fixed offset with an IANA name) keeps digits.
  if (/\d/.test(name) && !/^Etc\/GMT[+-]\d{1,2}$/i.test(name)) return null;
  try {
    const resolved = new Intl.DateTimeFormat("en-CA", { timeZone: name }).resolvedOptions().timeZone;
    return CURRENT_NAME[resolved] ?? resolved;
  } catch {
    return null;
  }
}

/** Zone transitions fall on quarter hours, so an instant's date is the same across its quarter. */
const QUARTER_MS = 15 * 60_000;
const MAX_REMEMBERED = 20_000;
const remembered = new Map<string, string>();

/** The calendar date (YYYY-MM-DD) of an instant in a zone: the day it counts on there. */
export function zonedDay(at: Date, zone: string): string {
  if (zone === DEFAULT_TIME_ZONE) return at.toISOString().slice(0, 10);
  // Ingestion asks for thousands of instants a batch, most in the same few quarters.
  const key = `${zone} ${Math.floor(at.getTime() / QUARTER_MS)}`;
  let day = remembered.get(key);
  if (day === undefined) {
    day = formatter(zone).format(new Date(Math.floor(at.getTime() / QUARTER_MS) * QUARTER_MS));
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(key, day);
  }
  return day;
}

/** The first day of the month an instant falls in, in a zone (SQL: `um_month_start`). */
export function zonedMonthStart(at: Date, zone: string): string {
  return `${zonedDay(at, zone).slice(0, 7)}-01`;
}

/** Today in a zone. */
export const todayIn = (zone: string, now: Date = new Date()) => zonedDay(now, zone);

/** Adds whole months to the first day of a month (YYYY-MM-01). */
export function addMonths(monthStart: string, months: number): string {
  const d = new Date(`${monthStart.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The Monday on or before a day (ISO 8601 weeks). */
export function weekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * The zone's offset from UTC at an instant, in minutes (New York in winter: -300). For display
 * ("UTC−05:00") and for tests; day arithmetic never needs it.
 */
export function offsetMinutes(at: Date, zone: string): number {
  const parts = wallClock(zone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** Every zone name this runtime knows (the pickers offer these), UTC first. */
export function timeZoneNames(): string[] {
  const names = Intl.supportedValuesOf("timeZone")
    .map((z) => CURRENT_NAME[z] ?? z)
    .filter((z) => z !== DEFAULT_TIME_ZONE)
    .sort();
  return [DEFAULT_TIME_ZONE, ...new Set(names)];
}
