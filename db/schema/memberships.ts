import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { MEMBER_ROLES, MEMBER_STATUSES } from "./enums";
import { users } from "./users";

export const memberRole = pgEnum("member_role", MEMBER_ROLES);
export const memberStatus = pgEnum("member_status", MEMBER_STATUSES);

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").notNull().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: memberRole("role").notNull(),
    status: memberStatus("status").notNull(),
    department: text("department"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    // Keyed by company first, like every tenant table: it can be distributed by company_id.
    primaryKey({ name: "memberships_pkey", columns: [t.companyId, t.id] }),
    // One live membership per person and company; removed ones stay for the audit trail.
    uniqueIndex("memberships_company_user_live_uq")
      .on(t.companyId, t.userId)
      .where(sql`${t.deletedAt} is null`),
    index("memberships_company_status_idx").on(t.companyId, t.status),
    index("memberships_user_idx").on(t.userId),
  ],
);

export type Membership = typeof memberships.$inferSelect;
export type { MemberRole, MemberStatus } from "./enums";
