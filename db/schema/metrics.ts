import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { memberRole, memberStatus } from "./memberships";
import { users } from "./users";

/**
 * The rollups, all derived from activity_sessions, memberships and users, and written only by
 * db/queries/rollups.ts (full refresh, incremental ingestion) and by the membership triggers of
 * migration 0001 (a status change or a soft delete moves a member's contributions). A full refresh
 * rebuilds every one of them for a company, so any drift is repaired by it.
 *
 * "Listed" members are the ones responses may show: membership and user both not soft-deleted.
 * The company-level tables count listed members only, by the member's current status, so every
 * count a response needs is a sum over a few hundred small rows instead of a scan of members.
 */

/** Per-member rollup the list endpoint reads; one row per (company, user). */
export const memberMetrics = pgTable(
  "member_metrics",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** Copy of the membership's status, kept by the membership triggers. */
    status: memberStatus("status").notNull(),
    /** Membership and user both live (not soft-deleted); kept by the triggers. */
    listed: boolean("listed").notNull().default(true),
    /** The member's number in the activity log (`company_member_numbers`); null before their first session. */
    logNo: integer("log_no"),
    /** End of the member's latest session; null when they have never been active. */
    lastActive: timestamp("last_active", { withTimezone: true }),
    /** Start of the member's latest session (a session begins with a sign-in). */
    lastSessionStartedAt: timestamp("last_session_started_at", { withTimezone: true }),
    totalSessions: integer("total_sessions").notNull().default(0),
    /** Sum of all session durations, seconds. */
    totalDurationSeconds: bigint("total_duration_seconds", { mode: "number" }).notNull().default(0),
    /** Rounded mean session duration, seconds. */
    avgSessionSeconds: integer("avg_session_seconds").notNull().default(0),
    /** First day of the month (in the company's zone) `monthSessions` counts; a read in another month sees 0. */
    monthStart: date("month_start", { mode: "string" }).notNull(),
    /** Sessions started in the month of `monthStart`. */
    monthSessions: integer("month_sessions").notNull().default(0),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
    /** Copies of the membership's role and department, kept by the membership triggers: the list filters on them. */
    role: memberRole("role").notNull(),
    department: text("department"),
  },
  (t) => {
    // The sort key of `last_active` orderings and of the window and `inactive_for` filters: never
    // active sorts below every day, so one index range serves "inactive" and "in the window" alike.
    const activeKey = sql`coalesce(${t.lastActive}, '-infinity'::timestamptz)`;
    // Every filtered column, carried after the sort columns: a page, everything before it
    // (OFFSET) and a filtered count are read from the index alone.
    const filtered = [t.status, t.role, t.department] as const;
    return [
      primaryKey({ columns: [t.companyId, t.userId] }),
      // The list: for each ordering (with the user-id tie-break) and for the status filter, an
      // index over listed members only; only the rows returned are fetched.
      index("member_metrics_list_active_idx")
        .on(t.companyId, activeKey, t.userId, ...filtered)
        .where(sql`${t.listed}`),
      index("member_metrics_list_status_active_idx")
        .on(t.companyId, t.status, activeKey, t.userId, t.role, t.department)
        .where(sql`${t.listed}`),
      // Role and department filters that select few members (the admins, one department) read
      // just those, in `last_active` order.
      index("member_metrics_list_role_active_idx")
        .on(t.companyId, t.role, activeKey, t.userId, t.status, t.department)
        .where(sql`${t.listed}`),
      index("member_metrics_list_department_active_idx")
        .on(t.companyId, t.department, activeKey, t.userId, t.status, t.role)
        .where(sql`${t.listed}`),
      index("member_metrics_list_total_sessions_idx")
        .on(t.companyId, t.totalSessions, t.userId, t.lastActive, ...filtered)
        .where(sql`${t.listed}`),
      index("member_metrics_list_avg_idx")
        .on(t.companyId, t.avgSessionSeconds, t.userId, t.lastActive, ...filtered)
        .where(sql`${t.listed}`),
      index("member_metrics_list_month_idx")
        .on(t.companyId, t.monthStart, t.monthSessions, t.userId, t.lastActive, ...filtered)
        .where(sql`${t.listed}`),
      // The members a summary in another zone counts in the activity log, read from the index alone.
      index("member_metrics_log_idx")
        .on(t.companyId, t.status, t.logNo)
        .where(sql`${t.listed} and ${t.logNo} is not null`),
    ];
  },
);

/**
 * What `search` matches, per member: first name, last name and email folded (lower case, accents
 * removed: um_fold in db/functions.sql), kept by the membership and user triggers. Its own table,
 * so ingestion (which rewrites member_metrics rows) never touches the trigram index.
 */
export const memberSearch = pgTable(
  "member_search",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    searchText: text("search_text").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.userId] }),
    // Substring search within one company: trigrams (pg_trgm) with the company id in the same
    // index (btree_gin), so a search never reads another company's entries.
    index("member_search_text_idx").using("gin", t.companyId, t.searchText.op("gin_trgm_ops")),
    // A renamed user's text in every company they belong to.
    index("member_search_user_idx").on(t.userId),
  ],
);

/**
 * Listed members per day (of the company's zone) of their `last_active`, by status, role and
 * department: the list's `count` and the summary's breakdown of the members it lists are sums over
 * the window's days, whatever the number of members.
 */
export const companyLastActiveDays = pgTable(
  "company_last_active_days",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    day: date("day", { mode: "string" }).notNull(),
    status: memberStatus("status").notNull(),
    role: memberRole("role").notNull(),
    department: text("department"),
    members: integer("members").notNull(),
  },
  (t) => [
    // One row per day and group; a null department is a group of its own.
    unique("company_last_active_days_uq")
      .on(t.companyId, t.day, t.status, t.role, t.department)
      .nullsNotDistinct(),
  ],
);

/** Daily rollup per company and status (the day of each session's start in the company's zone), for time series and window sums. */
export const companyDailyMetrics = pgTable(
  "company_daily_metrics",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    day: date("day", { mode: "string" }).notNull(),
    status: memberStatus("status").notNull(),
    /** Listed members with at least one session that day. */
    activeMembers: integer("active_members").notNull(),
    sessions: integer("sessions").notNull(),
    durationSeconds: bigint("duration_seconds", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.day, t.status] })],
);

/**
 * Member-days counted by the member's previous active day (`-infinity` for their first): the
 * members active in a window [from, to] are exactly the member-days in the window whose previous
 * active day is before `from` (each member counted once, on their first day in the window), so a
 * distinct count over millions of member-days becomes a sum over this small table.
 */
export const companyActivityGaps = pgTable(
  "company_activity_gaps",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    day: date("day", { mode: "string" }).notNull(),
    status: memberStatus("status").notNull(),
    prevDay: date("prev_day", { mode: "string" }).notNull(),
    members: integer("members").notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.day, t.status, t.prevDay] })],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * A member's number in their company's activity log (`company_member_days`): given once, on the
 * member's first session or membership, never changed or reused (rows outlive a removed membership,
 * so a restored member's history keeps counting).
 */
export const companyMemberNumbers = pgTable(
  "company_member_numbers",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    no: integer("no").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.userId] }),
    unique("company_member_numbers_no_uq").on(t.companyId, t.no),
  ],
);

/**
 * The activity log: per UTC day, every member active that day with the quarter hours (0–95, UTC) of
 * their first and last session start, packed six bytes a member (lib/user-metrics/member-days.ts).
 * Every zone's midnights fall on quarter hours of UTC, so a day or window of any zone is answered
 * exactly from it. A refresh writes one chunk per day; each ingested batch appends a chunk for the
 * days it touches (merged by first = min, last = max), and a day's chunks are merged into one
 * when they pile up. Members of any status are in it: the reader picks the members that count.
 */
export const companyMemberDays = pgTable(
  "company_member_days",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    /** The UTC day. */
    day: date("day", { mode: "string" }).notNull(),
    chunk: bigserial("chunk", { mode: "number" }).notNull(),
    entries: bytea("entries").notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.day, t.chunk] })],
);

/**
 * Sessions and their duration per UTC quarter hour and status (listed members, by session start):
 * the daily series of any zone is a sum of whole quarters.
 */
export const companyQuarterMetrics = pgTable(
  "company_quarter_metrics",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    /** The UTC day, and the quarter hour of it (0–95). */
    day: date("day", { mode: "string" }).notNull(),
    quarter: smallint("quarter").notNull(),
    status: memberStatus("status").notNull(),
    sessions: integer("sessions").notNull(),
    durationSeconds: bigint("duration_seconds", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.day, t.quarter, t.status] })],
);

/** Listed members per status, role and department: the summary's member counts. */
export const companyMemberGroups = pgTable(
  "company_member_groups",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    status: memberStatus("status").notNull(),
    role: memberRole("role").notNull(),
    department: text("department"),
    members: integer("members").notNull(),
  },
  (t) => [
    // One row per group; a null department is a group of its own.
    unique("company_member_groups_uq").on(t.companyId, t.status, t.role, t.department).nullsNotDistinct(),
  ],
);

export type MemberMetrics = typeof memberMetrics.$inferSelect;
