import {
  DEFAULT_PRESET,
  defaultReportRange,
  PRESETS,
  presetRange,
  type PresetId,
} from "@/components/charts/shape";
import type { InfiniteUserMetricsParams, UserMetricsSummaryParams } from "@/lib/hooks";
import { DEFAULT_PAGE_SIZE, ORDERINGS, USER_STATUSES } from "@/lib/validation/user-metrics";

/**
 * What the two pages read from their URL, in one place: a pure parse from the query string to the
 * values the hooks take, and a serializer back. Anything the API would refuse falls back to its
 * default, so a hand-edited link still opens a working view.
 */

/** The page sizes the dashboard offers; the URL may only pick one of these. */
export const PAGE_SIZES = ["10", "20", "50", "100"] as const;
const DEFAULT_ORDERING = "-last_active";
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type DashboardView = "pages" | "infinite";
/** The list's filters as the hooks take them, with ordering and page size always set. */
export type DashboardFilters = InfiniteUserMetricsParams &
  Required<Pick<InfiniteUserMetricsParams, "ordering" | "page_size">>;
export type DashboardState = { filters: DashboardFilters; page: number; view: DashboardView };

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
const day = (value: string | null) => (value && DAY.test(value) ? value : undefined);

export function dashboardStateFrom(params: URLSearchParams): DashboardState {
  return {
    filters: {
      status: pick(params.get("status"), USER_STATUSES),
      ordering: pick(params.get("ordering"), ORDERINGS) ?? DEFAULT_ORDERING,
      page_size: Number(pick(params.get("page_size"), PAGE_SIZES) ?? DEFAULT_PAGE_SIZE),
      date_from: day(params.get("date_from")),
      date_to: day(params.get("date_to")),
    },
    page: Math.max(1, Math.floor(Number(params.get("page") ?? "1")) || 1),
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
