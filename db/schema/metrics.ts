import { bigint, date, index, integer, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { users } from "./users";

/**
 * Per-member rollup the list endpoint reads; one row per (company, user), recomputed from
 * activity_sessions by the refresh code (db/queries/rollups.ts), never written by hand.
 */
export const memberMetrics = pgTable(
  "member_metrics",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** End of the member's latest session; null when they have never been active. */
    lastActive: timestamp("last_active", { withTimezone: true }),
    /** Start of the member's latest session (a session begins with a sign-in). */
    lastSessionStartedAt: timestamp("last_session_started_at", { withTimezone: true }),
    totalSessions: integer("total_sessions").notNull().default(0),
    /** Sum of all session durations, seconds. */
    totalDurationSeconds: bigint("total_duration_seconds", { mode: "number" }).notNull().default(0),
    /** Rounded mean session duration, seconds. */
    avgSessionSeconds: integer("avg_session_seconds").notNull().default(0),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.userId] }),
    // The list's window filter and both orderings, each with the user-id tie-break.
    index("member_metrics_company_last_active_idx").on(t.companyId, t.lastActive, t.userId),
    index("member_metrics_company_total_sessions_idx").on(t.companyId, t.totalSessions, t.userId),
  ],
);

/** Daily rollup per member (UTC day of the session's start), for time series and windowed sums. */
export const dailyMemberMetrics = pgTable(
  "daily_member_metrics",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    day: date("day", { mode: "string" }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    sessions: integer("sessions").notNull(),
    durationSeconds: bigint("duration_seconds", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.day, t.userId] }),
    // A member's days, e.g. their sessions this month.
    index("daily_member_metrics_company_user_day_idx").on(t.companyId, t.userId, t.day),
  ],
);

export type MemberMetrics = typeof memberMetrics.$inferSelect;
