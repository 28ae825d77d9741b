import { index, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Browser sessions ended by signing out, until they would have expired anyway. Every instance
 * reads it with the caller in one query, so a signed-out session is refused everywhere at once.
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    /** The session's `sid` claim. */
    sessionId: uuid("session_id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    revokedAt: timestamp("revoked_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the session's token expires: the row is useless after it. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);
