import { sql } from "drizzle-orm";
import { activitySessions } from "../schema";

/** The start of a UTC day (`YYYY-MM-DD`), as a bound timestamptz. */
export const utcDayStart = (day: string) => sql`${`${day}T00:00:00Z`}::timestamptz`;

/** A raw session's duration in whole seconds, rounded as the rollups count it. */
export const sessionSeconds = sql`round(extract(epoch from ${activitySessions.endedAt} - ${activitySessions.startedAt}))`;
