/**
 * The user-metrics resource's contract: its query parameters (as sent, and as the handlers use
 * them), its responses and their types. Handlers parse with these schemas (through the wrapper),
 * the hooks take their parameter types and keys from them, the pages parse their URLs with them,
 * and the OpenAPI document is generated from them.
 */
import { z } from "./zod";
import { MEMBER_ROLES, MEMBER_STATUSES } from "@/db/schema/enums";
import { addDays } from "@/lib/format";
import { addMonths, todayIn, weekStart } from "@/lib/time/zones";
import { DEFAULT_WINDOW_DAYS, windowEndingOn } from "@/lib/user-metrics/default-window";
import {
  choice,
  dayString,
  MIN_DAY,
  defineQuery,
  intString,
  MSG,
  parseQuery,
  UTC_CONTEXT,
  validationError,
  type QueryContext,
  type QueryOutput,
} from "@/lib/validation/query";
import { count, day, duration, timestamp, timeZone } from "./shared";

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

/**
 * PostgreSQL text cannot hold NUL: no stored name or department contains one, and a parameter
 * with one would fail the statement (a 500), so it is refused as invalid.
 */
const NUL = "\u0000";
const NO_NUL = "Null characters are not allowed.";

/** The query parameters, as sent on the wire (strings); unknown ones are ignored. */
export const userMetricsQuerySchema = z.object({
  date_from: dayString
    .optional()
    .describe(
      "Start of the window, YYYY-MM-DD (a day of `timezone`, inclusive). Default: 30 days before date_to.",
    ),
  date_to: dayString
    .optional()
    .describe("End of the window, YYYY-MM-DD (a day of `timezone`, inclusive). Default: today there."),
  timezone: timeZone
    .optional()
    .describe(
      "IANA time zone whose days the window, the daily series, the month and inactive_for count in, for this request only. Default: the company's.",
    ),
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
    .refine((v) => !v.includes(NUL), NO_NUL)
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
        )
        .refine((v) => !v.includes(NUL), NO_NUL),
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
/** The summary's own parameter: the window to compare with. */
const summaryExtras = {
  compare: choice(COMPARISONS)
    .optional()
    .describe(
      "Also return `comparison` (the same figures for that window) and `change`: previous_period is the window of the same length ending the day before date_from, previous_year the same dates a year earlier.",
    ),
};
/** The summary's parameters: the list's window and filters, and the comparison. */
export const summaryParamsSchema = userMetricsQuerySchema
  .pick({
    date_from: true,
    date_to: true,
    timezone: true,
    status: true,
    search: true,
    role: true,
    department: true,
    inactive_for: true,
  })
  .extend(summaryExtras);
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
 * `inactiveBefore` is the first day (of the zone in use) a member's activity must not reach (today − (N − 1)).
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
function windowAndFilters(q: UserMetricsParams, now: Date, context: QueryContext) {
  if (q.inactive_for !== undefined && (q.date_from || q.date_to)) {
    const errors: Record<string, string[]> = { inactive_for: [NOT_WITH_DATES] };
    if (q.date_from) errors.date_from = [NOT_WITH_INACTIVE];
    if (q.date_to) errors.date_to = [NOT_WITH_INACTIVE];
    throw validationError(errors);
  }
  if (q.date_from && q.date_to && q.date_from > q.date_to) throw validationError({ date_from: [AFTER_TO] });
  // Every day is a day of the effective zone: the request's, else the company's.
  const timezone = q.timezone ?? context.timezone;
  const today = todayIn(timezone, now);
  const dateTo = q.date_to ?? today;
  const dateFrom = q.date_from ?? windowEndingOn(dateTo).date_from;
  // Only date_from was given and it lies after today's default date_to.
  if (dateFrom > dateTo) throw validationError({ date_from: [AFTER_TO] });
  return {
    dateFrom,
    dateTo,
    timezone,
    /** The company's zone, the one its rollups count days in; other zones are read from raw sessions. */
    companyTimezone: context.timezone,
    /** Today in `timezone`: the month `sessions_this_month` counts. */
    today,
    status: !q.status || q.status === "all" ? null : q.status,
    ...memberFilters(q, today),
  };
}

/**
 * The list's parameters, normalised: defaults applied (the 30-day window ending today, all
 * statuses, `-last_active`, page 1 of 20); every invalid parameter reported together.
 */
export const userMetricsListQuery = defineQuery(userMetricsQuerySchema, (q, now, context) => ({
  ...windowAndFilters(q, now, context),
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

/** A window of days, both ends included. */
export type DayWindow = { dateFrom: string; dateTo: string };

/** The same calendar day `years` earlier (29 February becomes the 28th). */
function sameDayYearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
  return `${String(y - years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/**
 * The window a summary compares with: `previous_period` is the window of the same length that
 * ends the day before `date_from`, `previous_year` the same dates a year earlier.
 */
export function comparisonWindow(w: DayWindow, compare: Comparison): DayWindow {
  if (compare === "previous_year")
    return { dateFrom: sameDayYearsBefore(w.dateFrom, 1), dateTo: sameDayYearsBefore(w.dateTo, 1) };
  const dateTo = addDays(w.dateFrom, -1);
  return { dateFrom: addDays(dateTo, -(windowDays(w) - 1)), dateTo };
}

/** The days engagement counts over: `days` ending on `dateTo`. */
export const daysEndingOn = (dateTo: string, days: number): DayWindow => ({
  dateFrom: addDays(dateTo, -(days - 1)),
  dateTo,
});

/** The summary's filters: the list's window and filters (paging and ordering do not apply). */
export const summaryQuery = defineQuery(userMetricsQuerySchema.extend(summaryExtras), (q, now, context) => {
  const filters = windowAndFilters(q, now, context);
  if (windowDays(filters) > MAX_SUMMARY_DAYS) throw validationError({ date_from: [TOO_LONG] });
  const compare = q.compare ?? null;
  const comparison = compare ? comparisonWindow(filters, compare) : null;
  if (comparison && comparison.dateFrom < MIN_DAY)
    throw validationError({ compare: [`The window compared with would start before ${MIN_DAY}.`] });
  return { ...filters, compare, comparison };
});

/** A member's detail: the list's window only (its daily series has a row per day, so it is capped). */
export const memberDetailParamsSchema = userMetricsQuerySchema.pick({
  date_from: true,
  date_to: true,
  timezone: true,
});
export type UserMetricDetailParams = z.output<typeof memberDetailParamsSchema>;
export const memberDetailQuery = defineQuery(memberDetailParamsSchema, (q, now, context) => {
  const { dateFrom, dateTo, timezone, companyTimezone, today } = windowAndFilters(q, now, context);
  if (windowDays({ dateFrom, dateTo }) > MAX_SUMMARY_DAYS) throw validationError({ date_from: [TOO_LONG] });
  return { dateFrom, dateTo, timezone, companyTimezone, today };
});

/** Retention's parameters: the period, how many cohorts, the zone, and the member groups. */
export const retentionParamsSchema = z.object({
  period: choice(RETENTION_PERIODS)
    .optional()
    .describe("Cohorts by the ISO week (from Monday) or the month members joined in. Default: week."),
  periods: intString(1, MAX_RETENTION_PERIODS)
    .optional()
    .describe(`How many cohorts, the latest, oldest first: 1..${MAX_RETENTION_PERIODS} (default 8).`),
  timezone: userMetricsQuerySchema.shape.timezone,
  status: userMetricsQuerySchema.shape.status,
  role: userMetricsQuerySchema.shape.role,
  department: userMetricsQuerySchema.shape.department,
});
export type UserMetricsRetentionParams = z.output<typeof retentionParamsSchema>;

/** The first day of the period holding `day`. */
export const periodStart = (day: string, period: RetentionPeriod) =>
  period === "week" ? weekStart(day) : `${day.slice(0, 7)}-01`;

/** The start of the period `n` periods after the one starting on `start`. */
export const addPeriods = (start: string, n: number, period: RetentionPeriod) =>
  period === "week" ? addDays(start, 7 * n) : addMonths(start, n);

export const retentionQuery = defineQuery(retentionParamsSchema, (q, now, context) => {
  const timezone = q.timezone ?? context.timezone;
  const today = todayIn(timezone, now);
  const period = q.period ?? "week";
  const periods = q.periods ?? DEFAULT_RETENTION_PERIODS;
  const current = periodStart(today, period);
  const { roles, departments } = memberFilters(q, today);
  return {
    period,
    periods,
    timezone,
    today,
    /** The oldest cohort's first day; the latest cohort is the current period. */
    firstCohort: addPeriods(current, -(periods - 1), period),
    status: !q.status || q.status === "all" ? null : q.status,
    roles,
    departments,
  };
});
export type RetentionQuery = QueryOutput<typeof retentionQuery>;
export type MemberDetailWindow = QueryOutput<typeof memberDetailQuery>;
export type SummaryFilters = QueryOutput<typeof summaryQuery>;

/** The list's normalised parameters (`now` fixes "today"). */
export const parseUserMetricsQuery = (params: URLSearchParams, now = new Date(), context = UTC_CONTEXT) =>
  parseQuery(userMetricsListQuery, params, now, context);
export const parseSummaryQuery = (params: URLSearchParams, now = new Date(), context = UTC_CONTEXT) =>
  parseQuery(summaryQuery, params, now, context);
export const parseMemberDetailQuery = (params: URLSearchParams, now = new Date(), context = UTC_CONTEXT) =>
  parseQuery(memberDetailQuery, params, now, context);
export const parseRetentionQuery = (params: URLSearchParams, now = new Date(), context = UTC_CONTEXT) =>
  parseQuery(retentionQuery, params, now, context);

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
    sessions_this_month: count.describe("Sessions started in the current month (of `timezone`)"),
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

const summaryWindow = z
  .object({
    date_from: day,
    date_to: day,
    days: z.int().min(1),
    timezone: z.string().describe("The IANA zone whose days these are"),
  })
  .describe("The window actually used");

const summaryActivity = z.object({
  listed_members: count.describe("The list's count for the same filters"),
  active_users: count.describe("Members with a session started in the window"),
  sessions: count,
  avg_session_duration: duration,
  avg_session_seconds: count,
});

const relativeChange = z
  .number()
  .nullable()
  .describe("(current − previous) / previous: 0.25 is +25 %; null when the previous value is 0");

export const userMetricsSummarySchema = z
  .object({
    company_id: z.uuid(),
    window: summaryWindow,
    status: statusEnum.nullable(),
    members: memberBreakdown.describe(
      "The members the list returns for the same filters (last_active in the window, status), by status, role and department",
    ),
    company_members: memberBreakdown.describe(
      "Every live member of the company (status filter applied, window not), by status, role and department",
    ),
    activity: summaryActivity,
    daily: z.array(dailyPoint).describe("One entry per day of the window, zero-filled"),
    engagement: z
      .object({
        dau: count.describe("Members active on date_to"),
        wau: count.describe("Distinct members active in the 7 days ending on date_to"),
        mau: count.describe("Distinct members active in the 30 days ending on date_to"),
        stickiness: z
          .number()
          .min(0)
          .max(1)
          .describe(
            "Average daily active members over those 30 days divided by mau, 3 decimals; 0 when mau is 0",
          ),
      })
      .describe("The selected members' engagement around date_to"),
    comparison: z
      .object({ window: summaryWindow, activity: summaryActivity, daily: z.array(dailyPoint) })
      .optional()
      .describe("With `compare`: the same figures for the window compared with"),
    change: z
      .object({
        active_users: relativeChange,
        sessions: relativeChange,
        avg_session_seconds: relativeChange,
      })
      .optional()
      .describe("With `compare`: the relative change from the comparison's activity to this window's"),
  })
  .meta({ id: "UserMetricsSummary" });

export const userMetricsRetentionSchema = z
  .object({
    company_id: z.uuid(),
    period: z.enum(RETENTION_PERIODS),
    periods: z.int().min(1).max(MAX_RETENTION_PERIODS),
    timezone: z.string().describe("The IANA zone whose weeks or months these are"),
    status: statusEnum.nullable(),
    cohorts: z
      .array(
        z.object({
          cohort_start: day.describe("First day of the week (Monday) or month the cohort joined in"),
          size: count.describe("Members whose membership was created in that period"),
          retained: z
            .array(z.number().min(0).max(1))
            .describe(
              "For period 0, 1, …: the share of the cohort with a session in it (3 decimals); periods not begun yet are omitted",
            ),
        }),
      )
      .describe("The latest `periods` cohorts, oldest first, empty ones included"),
  })
  .meta({ id: "UserMetricsRetention" });

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
export type UserMetricsRetention = z.infer<typeof userMetricsRetentionSchema>;
