/**
 * The user-metrics contract's constants and parameter names, without any schema: what the pages
 * need in the browser (choices, bounds, which parameters each endpoint takes), so they never load
 * zod. ./user-metrics builds its schemas from these and re-exports them; a test holds the names
 * equal to the schemas' keys.
 */
import { MEMBER_ROLES, MEMBER_STATUSES } from "@/db/schema/enums";
import { DEFAULT_WINDOW_DAYS } from "@/lib/user-metrics/default-window";

export const USER_STATUSES = MEMBER_STATUSES;
export { MEMBER_ROLES };
export const ORDERINGS = [
  "last_active",
  "-last_active",
  "total_sessions",
  "-total_sessions",
  "sessions_this_month",
  "-sessions_this_month",
  "avg_session_duration",
  "-avg_session_duration",
] as const;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** The page sizes the pages offer. */
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export { DEFAULT_WINDOW_DAYS };
/** The summary's daily series has a row per day: its window is capped. */
export const MAX_SUMMARY_DAYS = 731;

/** `search`: at most this many characters. */
export const MAX_SEARCH_LENGTH = 100;
/** `department`: at most this many values, each at most this long. */
export const MAX_DEPARTMENTS = 20;
export const MAX_DEPARTMENT_LENGTH = 100;
/** `inactive_for`: days, at most ten years. */
export const MAX_INACTIVE_DAYS = 3650;
/** The "Inactive for" choices the dashboard offers, in days. */
export const INACTIVE_CHOICES = [7, 14, 30, 90] as const;

export type UserStatus = (typeof USER_STATUSES)[number];
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type Ordering = (typeof ORDERINGS)[number];

/** `compare`: the window the summary compares with. */
export const COMPARISONS = ["previous_period", "previous_year"] as const;
export type Comparison = (typeof COMPARISONS)[number];
/** Retention: cohorts by week or month of joining, 1..24 of them (default 8 weeks). */
export const RETENTION_PERIODS = ["week", "month"] as const;
export type RetentionPeriod = (typeof RETENTION_PERIODS)[number];
export const MAX_RETENTION_PERIODS = 24;
export const DEFAULT_RETENTION_PERIODS = 8;
/** Engagement's windows, in days ending on date_to. */
export const WAU_DAYS = 7;
export const MAU_DAYS = 30;

/** The parameters each endpoint takes (the keys of its schema in ./user-metrics). */
export const LIST_PARAMS = [
  "date_from",
  "date_to",
  "timezone",
  "status",
  "page",
  "page_size",
  "ordering",
  "search",
  "role",
  "department",
  "inactive_for",
] as const;
export const SUMMARY_PARAMS = [
  "date_from",
  "date_to",
  "timezone",
  "status",
  "search",
  "role",
  "department",
  "inactive_for",
  "compare",
] as const;
export const EXPORT_PARAMS = LIST_PARAMS.filter((p) => p !== "page" && p !== "page_size");
export const DETAIL_PARAMS = ["date_from", "date_to", "timezone"] as const;
export const RETENTION_PARAMS = ["period", "periods", "timezone", "status", "role", "department"] as const;
