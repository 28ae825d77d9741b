import {
  DEFAULT_PRESET,
  defaultReportRange,
  PRESETS,
  presetRange,
  type PresetId,
} from "@/components/charts/shape";
import type { InfiniteUserMetricsParams, UserMetricsSummaryParams } from "@/lib/hooks";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, userMetricsQuerySchema } from "@/lib/contracts/user-metrics";

/**
 * What the two pages read from their URL, in one place: a pure parse from the query string to the
 * values the hooks take, and a serializer back. Anything the API would refuse falls back to its
 * default, so a hand-edited link still opens a working view.
 */

export { PAGE_SIZES };
const DEFAULT_ORDERING = "-last_active";
type Shape = typeof userMetricsQuerySchema.shape;

export type DashboardView = "pages" | "infinite";
/** The list's filters as the hooks take them, with ordering and page size always set. */
export type DashboardFilters = InfiniteUserMetricsParams &
  Required<Pick<InfiniteUserMetricsParams, "ordering" | "page_size">>;
export type DashboardState = { filters: DashboardFilters; page: number; view: DashboardView };

/** One parameter read by the API's own contract; what it would refuse is left to its default. */
function param<K extends keyof Shape>(params: URLSearchParams, key: K) {
  const value = params.get(key);
  if (value === null || value === "") return undefined;
  const parsed = userMetricsQuerySchema.shape[key].safeParse(value);
  return parsed.success ? (parsed.data as NonNullable<ReturnType<Shape[K]["parse"]>>) : undefined;
}

export function dashboardStateFrom(params: URLSearchParams): DashboardState {
  const status = param(params, "status");
  const pageSize = param(params, "page_size");
  return {
    filters: {
      status: status === "all" ? undefined : status,
      ordering: param(params, "ordering") ?? DEFAULT_ORDERING,
      // Only the sizes the page offers.
      page_size: (PAGE_SIZES as readonly number[]).includes(pageSize ?? 0) ? pageSize! : DEFAULT_PAGE_SIZE,
      date_from: param(params, "date_from"),
      date_to: param(params, "date_to"),
    },
    page: param(params, "page") ?? 1,
    view: params.get("view") === "infinite" ? "infinite" : "pages",
  };
}

/** The dashboard's query string for a state, defaults left out (as the page writes its links). */
export function dashboardQuery({ filters, page, view }: DashboardState): string {
  const query = new URLSearchParams();
  if (filters.status) query.set("status", filters.status);
  if (filters.ordering !== DEFAULT_ORDERING) query.set("ordering", filters.ordering);
  if (filters.page_size !== DEFAULT_PAGE_SIZE) query.set("page_size", String(filters.page_size));
  if (filters.date_from) query.set("date_from", filters.date_from);
  if (filters.date_to) query.set("date_to", filters.date_to);
  if (page > 1) query.set("page", String(page));
  if (view === "infinite") query.set("view", view);
  return query.toString();
}

/** The summary's filters for the list's: the same window and status, no paging or ordering. */
export function summaryFilters({ status, date_from, date_to }: DashboardFilters): UserMetricsSummaryParams {
  return { status, date_from, date_to };
}

export type ReportRange = Pick<UserMetricsSummaryParams, "date_from" | "date_to">;
/** The report's window, and the preset it came from (null for a custom range). */
export type ReportState = { range: ReportRange; preset: PresetId | null };

/**
 * A custom range (either date) wins over a preset; no range at all is the default preset. The dates
 * are passed on as given: the API's 400 names a bad one, next to the inputs that hold it.
 */
export function reportStateFrom(params: URLSearchParams, today = new Date()): ReportState {
  const preset = PRESETS.find((p) => p.id === params.get("range"))?.id ?? null;
  const date_from = params.get("date_from") ?? "";
  const date_to = params.get("date_to") ?? "";
  if (date_from || date_to)
    return { range: { date_from: date_from || undefined, date_to: date_to || undefined }, preset: null };
  return {
    range: preset ? presetRange(preset, today) : defaultReportRange(today),
    preset: preset ?? DEFAULT_PRESET,
  };
}

export function reportQuery({ range, preset }: ReportState): string {
  const query = new URLSearchParams();
  if (preset === null) {
    if (range.date_from) query.set("date_from", range.date_from);
    if (range.date_to) query.set("date_to", range.date_to);
  } else if (preset !== DEFAULT_PRESET) query.set("range", preset);
  return query.toString();
}
