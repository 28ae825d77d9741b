import { index, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { users } from "./users";

/** Raw activity sessions: the source of truth every metric is computed from. */
export const activitySessions = pgTable(
  "activity_sessions",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    /** Client-chosen id, so a re-sent batch is idempotent. Unique within a company. */
    id: uuid("id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    // Every read of raw sessions is per member (probes, member recompute, a member's window) or of
    // the whole company. Migration 0005 adds INCLUDE (ended_at), which drizzle cannot spell, so a
    // member's sessions in a window are read from the index alone.
    index("activity_sessions_company_user_started_idx").on(t.companyId, t.userId, t.startedAt),
  ],
);

export type ActivitySession = typeof activitySessions.$inferSelect;
