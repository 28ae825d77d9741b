import { z } from "zod";
import { utcDay } from "@/lib/format";
import { DEFAULT_WINDOW_DAYS, windowEndingOn } from "@/lib/user-metrics/default-window";
import {
  choice,
  dayString,
  fieldErrors,
  intString,
  mergeErrors,
  queryObject,
  validationError,
} from "./query";

export const USER_STATUSES = ["active", "inactive", "pending"] as const;
export const ORDERINGS = ["last_active", "-last_active", "total_sessions", "-total_sessions"] as const;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export { DEFAULT_WINDOW_DAYS };

/** The seed's query parameters, as sent on the wire (strings). */
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
});

export type UserStatus = (typeof USER_STATUSES)[number];
export type Ordering = (typeof ORDERINGS)[number];

/** Filters every user-metrics endpoint shares (list, summary, export). */
export type UserMetricsFilters = {
  dateFrom: string;
  dateTo: string;
  status: UserStatus | null;
  ordering: Ordering;
};
export type UserMetricsQuery = UserMetricsFilters & { page: number; pageSize: number };

const KNOWN = Object.keys(userMetricsQuerySchema.shape);

/**
 * Parses and normalises the list's query string; throws the seed's 400 with every invalid
 * parameter reported together. Unknown parameters are ignored.
 */
export function parseUserMetricsQuery(params: URLSearchParams, now = new Date()): UserMetricsQuery {
  const { values, errors: repeated } = queryObject(params, KNOWN);
  const parsed = userMetricsQuerySchema.safeParse(values);
  const errors = mergeErrors(repeated, parsed.success ? {} : fieldErrors(parsed.error));
  const data = parsed.success ? parsed.data : null;
  if (data && data.date_from && data.date_to && data.date_from > data.date_to && !errors.date_from) {
    errors.date_from = ["Ensure date_from is on or before date_to."];
  }
  if (!data || Object.keys(errors).length > 0) throw validationError(errors);

  const dateTo = data.date_to ?? utcDay(now);
  const dateFrom = data.date_from ?? windowEndingOn(dateTo).date_from;
  if (dateFrom > dateTo) {
    // Only date_from was given and it lies after today's default date_to.
    throw validationError({ date_from: ["Ensure date_from is on or before date_to."] });
  }
  return {
    dateFrom,
    dateTo,
    status: !data.status || data.status === "all" ? null : data.status,
    ordering: data.ordering ?? "-last_active",
    page: data.page ?? 1,
    pageSize: data.page_size ?? DEFAULT_PAGE_SIZE,
  };
}

/** The summary's daily series has a row per day: its window is capped. */
export const MAX_SUMMARY_DAYS = 731;

export function windowDays(f: Pick<UserMetricsFilters, "dateFrom" | "dateTo">): number {
  return Math.round((Date.parse(f.dateTo) - Date.parse(f.dateFrom)) / 86_400_000) + 1;
}

/** The summary's filters: the list's window and status (paging and ordering do not apply). */
export function parseSummaryQuery(
  params: URLSearchParams,
  now = new Date(),
): Omit<UserMetricsFilters, "ordering"> {
  const { dateFrom, dateTo, status } = parseUserMetricsQuery(params, now);
  if (windowDays({ dateFrom, dateTo }) > MAX_SUMMARY_DAYS) {
    throw validationError({ date_from: [`Ensure the window spans at most ${MAX_SUMMARY_DAYS} days.`] });
  }
  return { dateFrom, dateTo, status };
}
