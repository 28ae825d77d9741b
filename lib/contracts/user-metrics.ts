/**
 * The user-metrics resource's contract: its query parameters (as sent, and as the handlers use
 * them), its responses and their types. Handlers parse with these schemas (through the wrapper),
 * the hooks take their parameter types and keys from them, the pages parse their URLs with them,
 * and the OpenAPI document is generated from them.
 */
import { z } from "zod";
import { MEMBER_ROLES, MEMBER_STATUSES } from "@/db/schema/enums";
import { addDays, utcDay } from "@/lib/format";
import { DEFAULT_WINDOW_DAYS, windowEndingOn } from "@/lib/user-metrics/default-window";
import {
  choice,
  dayString,
  defineQuery,
  intString,
  MSG,
  parseQuery,
  validationError,
  type QueryOutput,
} from "@/lib/validation/query";
import { count, day, duration, timestamp } from "./shared";

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

/** The query parameters, as sent on the wire (strings); unknown ones are ignored. */
export const userMetricsQuerySchema = z.object({
  date_from: dayString
    .optional()
    .describe("Start of the window, YYYY-MM-DD (UTC, inclusive). Default: 30 days before date_to."),
  date_to: dayString.optional().describe("End of the window, YYYY-MM-DD (UTC, inclusive). Default: today."),
  status: choice([...USER_STATUSES, "all"])
    .optional()
    .describe("Membership status filter; absent or `all` means all."),
  // No upper bound: any page past the last is a 404 invalid_page, however large.
  page: intString(1, Infinity)
    .optional()
    .describe("Page number, from 1; past the last page: 404 invalid_page."),
  page_size: intString(1, MAX_PAGE_SIZE).optional().describe("Results per page, 1..100 (default 20)."),
  ordering: choice(ORDERINGS)
    .optional()
    .describe("Sort order (default -last_active); ties broken by user id."),
  search: z
    .string()
    .max(MAX_SEARCH_LENGTH, `Ensure this field has no more than ${MAX_SEARCH_LENGTH} characters.`)
    .refine((v) => v.trim() !== "", "This field may not be blank.")
    .optional()
    .describe(
      "Whitespace-separated terms; each must match (case- and accent-insensitive substring) the member's first name, last name or email.",
    ),
  role: z
    .string()
    .superRefine((value, ctx) => {
      for (const role of value.split(","))
        if (!(MEMBER_ROLES as readonly string[]).includes(role.trim()))
          ctx.addIssue({ code: "custom", message: MSG.choice(role.trim()) });
    })
    .optional()
    .describe("One or more of owner, admin, member, viewer, comma-separated: role=admin,member."),
  department: z
    .array(
      z
        .string()
        .max(
          MAX_DEPARTMENT_LENGTH,
          `Ensure each department has no more than ${MAX_DEPARTMENT_LENGTH} characters.`,
        ),
    )
    .max(MAX_DEPARTMENTS, `Ensure there are no more than ${MAX_DEPARTMENTS} departments.`)
    .optional()
    .describe(
      "Exact department names, repeatable (department=Sales&department=Finance); an empty value selects members with no department.",
    ),
  inactive_for: intString(1, MAX_INACTIVE_DAYS)
    .optional()
    .describe(
      "Members with no activity in the last N days, today included, and members never active. Not with date_from or date_to.",
    ),
});

/** The list's parameters as a client passes them (the hooks' `params`). */
export type UserMetricsParams = z.output<typeof userMetricsQuerySchema>;
/** The summary's parameters: the list's window and filters. */
export const summaryParamsSchema = userMetricsQuerySchema.pick({
  date_from: true,
  date_to: true,
  status: true,
  search: true,
  role: true,
  department: true,
  inactive_for: true,
});
export type UserMetricsSummaryParams = z.output<typeof summaryParamsSchema>;
/** The infinite list's parameters: the page comes from the previous page's `next`. */
export const infiniteParamsSchema = userMetricsQuerySchema.omit({ page: true });
export type InfiniteUserMetricsParams = z.output<typeof infiniteParamsSchema>;
/** The export's parameters: the list's filters and ordering (it ignores paging). */
export const exportParamsSchema = userMetricsQuerySchema.omit({ page: true, page_size: true });
export type UserMetricsExportParams = z.output<typeof exportParamsSchema>;

const AFTER_TO = "Ensure date_from is on or before date_to.";
const NOT_WITH_INACTIVE = "Cannot be combined with inactive_for.";
const NOT_WITH_DATES = "Cannot be combined with date_from or date_to.";

/**
 * The member filters, normalised so equal filters are equal values (they are part of the cache
 * key): search terms in order, roles and departments sorted and without repeats; `null` = absent.
 * `inactiveBefore` is the first UTC day a member's activity must not reach (today − (N − 1)).
 */
export type MemberFilters = {
  search: string[] | null;
  roles: MemberRole[] | null;
  departments: (string | null)[] | null;
  inactiveFor: number | null;
  inactiveBefore: string | null;
};

/** No member filter: the list as the seed defined it. */
export const NO_MEMBER_FILTERS: MemberFilters = {
  search: null,
  roles: null,
  departments: null,
  inactiveFor: null,
  inactiveBefore: null,
};

function memberFilters(
  q: Pick<UserMetricsParams, "search" | "role" | "department" | "inactive_for">,
  today: string,
): MemberFilters {
  const terms = q.search?.trim().split(/\s+/) ?? null;
  const roles = q.role ? [...new Set(q.role.split(",").map((r) => r.trim() as MemberRole))].sort() : null;
  const departments = q.department?.length
    ? [...new Set(q.department.map((d) => d.trim()))].sort().map((d) => (d === "" ? null : d))
    : null;
  const inactiveFor = q.inactive_for ?? null;
  return {
    search: terms,
    roles,
    departments,
    inactiveFor,
    inactiveBefore: inactiveFor === null ? null : addDays(today, -(inactiveFor - 1)),
  };
}

/** The window and member filters every windowed endpoint shares, every rule across them checked. */
function windowAndFilters(q: UserMetricsParams, now: Date) {
  if (q.inactive_for !== undefined && (q.date_from || q.date_to)) {
    const errors: Record<string, string[]> = { inactive_for: [NOT_WITH_DATES] };
    if (q.date_from) errors.date_from = [NOT_WITH_INACTIVE];
    if (q.date_to) errors.date_to = [NOT_WITH_INACTIVE];
    throw validationError(errors);
  }
  if (q.date_from && q.date_to && q.date_from > q.date_to) throw validationError({ date_from: [AFTER_TO] });
  const today = utcDay(now);
  const dateTo = q.date_to ?? today;
  const dateFrom = q.date_from ?? windowEndingOn(dateTo).date_from;
  // Only date_from was given and it lies after today's default date_to.
  if (dateFrom > dateTo) throw validationError({ date_from: [AFTER_TO] });
  return {
    dateFrom,
    dateTo,
    status: !q.status || q.status === "all" ? null : q.status,
    ...memberFilters(q, today),
  };
}

/**
 * The list's parameters, normalised: defaults applied (the 30-day window ending today, all
 * statuses, `-last_active`, page 1 of 20); every invalid parameter reported together.
 */
export const userMetricsListQuery = defineQuery(userMetricsQuerySchema, (q, now) => ({
  ...windowAndFilters(q, now),
  ordering: q.ordering ?? ("-last_active" as Ordering),
  page: q.page ?? 1,
  pageSize: q.page_size ?? DEFAULT_PAGE_SIZE,
}));

export type UserMetricsQuery = QueryOutput<typeof userMetricsListQuery>;
/** Filters every user-metrics endpoint shares (list, summary, export). */
export type UserMetricsFilters = Omit<UserMetricsQuery, "page" | "pageSize">;

export function windowDays(f: Pick<UserMetricsFilters, "dateFrom" | "dateTo">): number {
  return Math.round((Date.parse(f.dateTo) - Date.parse(f.dateFrom)) / 86_400_000) + 1;
}

const TOO_LONG = `Ensure the window spans at most ${MAX_SUMMARY_DAYS} days.`;

/** The summary's filters: the list's window and filters (paging and ordering do not apply). */
export const summaryQuery = defineQuery(userMetricsQuerySchema, (q, now) => {
  const filters = windowAndFilters(q, now);
  if (windowDays(filters) > MAX_SUMMARY_DAYS) throw validationError({ date_from: [TOO_LONG] });
  return filters;
});

/** A member's detail: the list's window only (its daily series has a row per day, so it is capped). */
export const memberDetailParamsSchema = userMetricsQuerySchema.pick({ date_from: true, date_to: true });
export type UserMetricDetailParams = z.output<typeof memberDetailParamsSchema>;
export const memberDetailQuery = defineQuery(memberDetailParamsSchema, (q, now) => {
  const { dateFrom, dateTo } = windowAndFilters(q, now);
  if (windowDays({ dateFrom, dateTo }) > MAX_SUMMARY_DAYS) throw validationError({ date_from: [TOO_LONG] });
  return { dateFrom, dateTo };
});
export type MemberDetailWindow = QueryOutput<typeof memberDetailQuery>;
export type SummaryFilters = QueryOutput<typeof summaryQuery>;

/** The list's normalised parameters (`now` fixes "today"). */
export const parseUserMetricsQuery = (params: URLSearchParams, now = new Date()) =>
  parseQuery(userMetricsListQuery, params, now);
export const parseSummaryQuery = (params: URLSearchParams, now = new Date()) =>
  parseQuery(summaryQuery, params, now);
export const parseMemberDetailQuery = (params: URLSearchParams, now = new Date()) =>
  parseQuery(memberDetailQuery, params, now);

// Responses.

const statusEnum = z.enum(USER_STATUSES);

export const userMetricSchema = z
  .object({
    user_id: z.uuid(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    last_active: timestamp.nullable().describe("End of the member's latest session; null if never active"),
    total_sessions: count.describe("All-time sessions in this company"),
    sessions_this_month: count.describe("Sessions started in the current UTC month"),
    avg_session_duration: duration,
    status: statusEnum,
    role: z.string().describe("owner | admin | member | viewer"),
    department: z.string().nullable(),
    created_at: timestamp,
    last_login: timestamp
      .nullable()
      .describe("The later of the last sign-in and the latest session start; null if never active"),
  })
  .meta({ id: "UserMetric" });

export const userMetricsResponseSchema = z
  .object({
    count: count.describe("Members the filters select (last_active in the window, or inactive_for)"),
    next: z.url().nullable(),
    previous: z.url().nullable(),
    results: z.array(userMetricSchema),
  })
  .meta({ id: "UserMetricsResponse" });

const dailyPoint = z.object({
  date: day,
  active_users: count,
  sessions: count,
  avg_session_duration: duration,
  avg_session_seconds: count,
});

const memberBreakdown = z.object({
  total: count,
  by_status: z.object({ active: count, inactive: count, pending: count }),
  by_role: z.object({ owner: count, admin: count, member: count, viewer: count }),
  by_department: z.array(z.object({ department: z.string().nullable(), members: count })),
});

export const userMetricsSummarySchema = z
  .object({
    company_id: z.uuid(),
    window: z
      .object({ date_from: day, date_to: day, days: z.int().min(1) })
      .describe("The window actually used"),
    status: statusEnum.nullable(),
    members: memberBreakdown.describe(
      "The members the list returns for the same filters (last_active in the window, status), by status, role and department",
    ),
    company_members: memberBreakdown.describe(
      "Every live member of the company (status filter applied, window not), by status, role and department",
    ),
    activity: z.object({
      listed_members: count.describe("The list's count for the same filters"),
      active_users: count.describe("Members with a session started in the window"),
      sessions: count,
      avg_session_duration: duration,
      avg_session_seconds: count,
    }),
    daily: z.array(dailyPoint).describe("One entry per day of the window, zero-filled"),
  })
  .meta({ id: "UserMetricsSummary" });

export const userMetricDetailSchema = userMetricSchema
  .extend({
    daily: z
      .array(z.object({ date: day, sessions: count, avg_session_duration: duration }))
      .describe("One entry per day of the window (by session start), zero-filled"),
    recent_sessions: z
      .array(z.object({ id: z.uuid(), started_at: timestamp, ended_at: timestamp, duration }))
      .max(20)
      .describe("The member's latest 20 sessions in this company, newest first"),
  })
  .meta({ id: "UserMetricDetail" });

export const refreshResponseSchema = z
  .object({
    company_id: z.uuid(),
    members: count,
    daily_rows: count,
    sessions: count,
    duration_ms: count,
    refreshed_at: timestamp,
  })
  .meta({ id: "RefreshResponse" });

export type UserMetric = z.infer<typeof userMetricSchema>;
export type UserMetricsResponse = z.infer<typeof userMetricsResponseSchema>;
export type UserMetricsSummary = z.infer<typeof userMetricsSummarySchema>;
export type UserMetricDetail = z.infer<typeof userMetricDetailSchema>;
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;
