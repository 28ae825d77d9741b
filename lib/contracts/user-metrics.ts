/**
 * The user-metrics resource's contract: its query parameters (as sent, and as the handlers use
 * them), its responses and their types. Handlers parse with these schemas (through the wrapper),
 * the hooks take their parameter types and keys from them, the pages parse their URLs with them,
 * and the OpenAPI document is generated from them.
 */
import { z } from "zod";
import { hasNul } from "./fields";
import { MEMBER_ROLES } from "@/db/schema/enums";
import { addDays } from "@/lib/format";
import { addMonths, todayIn, weekStart } from "@/lib/time/zones";
import { windowEndingOn } from "@/lib/user-metrics/default-window";
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
import { timeZone } from "./shared";

export * from "./user-metrics-constants";
import {
  COMPARISONS,
  DEFAULT_PAGE_SIZE,
  DEFAULT_RETENTION_PERIODS,
  MAX_DEPARTMENT_LENGTH,
  MAX_DEPARTMENTS,
  MAX_INACTIVE_DAYS,
  MAX_PAGE_SIZE,
  MAX_RETENTION_PERIODS,
  MAX_SEARCH_LENGTH,
  MAX_SUMMARY_DAYS,
  ORDERINGS,
  RETENTION_PERIODS,
  USER_STATUSES,
  type Comparison,
  type MemberRole,
  type Ordering,
  type RetentionPeriod,
} from "./user-metrics-constants";

/**
 * PostgreSQL text cannot hold NUL: no stored name or department contains one, and a parameter
 * with one would fail the statement (a 500), so it is refused as invalid.
 */
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
    .refine((v) => !hasNul(v), NO_NUL)
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
        .refine((v) => !hasNul(v), NO_NUL),
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

// The responses' schemas live in ./user-metrics-responses (the server, the OpenAPI document and the
// tests use them; pages only need their types, so the browser never builds them).
export type {
  RefreshResponse,
  UserMetric,
  UserMetricDetail,
  UserMetricsResponse,
  UserMetricsRetention,
  UserMetricsSummary,
} from "./user-metrics-responses";
