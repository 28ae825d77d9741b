import { sql, type SQL } from "drizzle-orm";
import { activitySessions } from "../schema";

/**
 * The SQL side of lib/time/zones.ts: days are calendar dates of a zone, and every day boundary a
 * query draws goes through these (`um_day_start` and `um_local_day`, db/functions.sql).
 */

/** The first instant of a day (`YYYY-MM-DD`) in a zone, as a timestamptz. */
export const dayStart = (day: string, zone: string) => sql`um_day_start(${day}::date, ${zone}::text)`;

/** The day of an instant in a zone, as a date. */
export const localDay = (at: SQL, zone: string) => sql`um_local_day(${at}, ${zone}::text)`;

/** A raw session's duration in whole seconds, rounded as the rollups count it. */
export const sessionSeconds = sql`round(extract(epoch from ${activitySessions.endedAt} - ${activitySessions.startedAt}))`;

/** Whether a request's days are the company's: then the rollups, which count in its zone, answer. */
export const rollupsApply = (f: { timezone: string; companyTimezone: string }) =>
  f.timezone === f.companyTimezone;
