import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** One durable row per v2 request, allowed or refused. Append-only. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    requestId: text("request_id").notNull(),
    /** Null when the caller could not be identified (401). */
    actorUserId: uuid("actor_user_id"),
    /** The API key the request came with (its creator is `actorUserId`). */
    actorKeyId: uuid("actor_key_id"),
    /** The company named in the path, as given (it may be malformed or unknown). */
    companyRef: text("company_ref"),
    action: text("action").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    params: jsonb("params").$type<Record<string, string | string[]>>().notNull(),
    status: integer("status").notNull(),
    /** Error code for refused requests. */
    code: text("code"),
    clientAddress: text("client_address"),
    userAgent: text("user_agent"),
    durationMs: integer("duration_ms"),
  },
  (t) => [
    index("audit_log_company_occurred_idx").on(t.companyRef, t.occurredAt),
    index("audit_log_request_id_idx").on(t.requestId),
  ],
);

export type AuditEntry = typeof auditLog.$inferInsert;
