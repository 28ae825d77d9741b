import {
  DEFAULT_PRESET,
  defaultReportRange,
  PRESETS,
  presetRange,
  type PresetId,
} from "@/components/charts/shape";
import type { InfiniteUserMetricsParams, UserMetricsSummaryParams } from "@/lib/hooks";
import {
  DEFAULT_PAGE_SIZE,
  INACTIVE_CHOICES,
  MAX_DEPARTMENT_LENGTH,
  MAX_DEPARTMENTS,
  MEMBER_ROLES,
  PAGE_SIZES,
  RETENTION_PERIODS,
  type MemberRole,
  type RetentionPeriod,
} from "@/lib/contracts/user-metrics-constants";
import { LIST_FIELDS, type ListField } from "@/lib/contracts/user-metrics-fields";
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from "@/lib/time/zones";

/**
 * What the two pages read from their URL, in one place: a pure parse from the query string to the
 * values the hooks take, and a serializer back. Anything the API would refuse falls back to its
 * default, so a hand-edited link still opens a working view.
 */

export { PAGE_SIZES };
const DEFAULT_ORDERING = "-last_active";

export type DashboardView = "pages" | "infinite" | "table";
const VIEWS: readonly DashboardView[] = ["pages", "infinite", "table"];
/** The list's filters as the hooks take them, with ordering and page size always set. */
export type DashboardFilters = InfiniteUserMetricsParams &
  Required<Pick<InfiniteUserMetricsParams, "ordering" | "page_size">>;
export type DashboardState = { filters: DashboardFilters; page: number; view: DashboardView };

/** One parameter read by the API's own contract; what it would refuse is left to its default. */
function param<K extends ListField>(params: URLSearchParams, key: K) {
  const value = params.get(key);
  if (value === null || value === "") return undefined;
  return LIST_FIELDS[key](value) as ReturnType<(typeof LIST_FIELDS)[K]>;
}

/** The roles of `role=admin,member`, the unknown ones dropped, in the contract's order (one key per set). */
export function rolesOf(role: string | undefined): MemberRole[] {
  const given = new Set(role?.split(",").map((r) => r.trim()));
  return MEMBER_ROLES.filter((r) => given.has(r));
}

/**
 * Every `department` value ("" = no department): too long ones dropped, repeats removed, sorted so
 * the same choice is the same query key, at most as many as the API takes.
 */
function departmentsOf(params: URLSearchParams): string[] | undefined {
  const names = [...new Set(params.getAll("department"))]
    .filter((d) => d.length <= MAX_DEPARTMENT_LENGTH)
    .sort()
    .slice(0, MAX_DEPARTMENTS);
  return names.length ? names : undefined;
}

export function dashboardStateFrom(params: URLSearchParams): DashboardState {
  const status = param(params, "status");
  const pageSize = param(params, "page_size");
  const roles = rolesOf(params.get("role") ?? undefined);
  const inactiveFor = param(params, "inactive_for");
  // Only the choices the page offers; the API refuses it beside a date, so it wins over them.
  const inactive_for = (INACTIVE_CHOICES as readonly number[]).includes(inactiveFor ?? 0)
    ? inactiveFor
    : undefined;
  const view = params.get("view");
  return {
    filters: {
      status: status === "all" ? undefined : status,
      // Trimmed: the API splits on whitespace, so "ann " and "ann" are one query.
      search: param(params, "search")?.trim(),
      role: roles.length ? roles.join(",") : undefined,
      department: departmentsOf(params),
      inactive_for,
      ordering: param(params, "ordering") ?? DEFAULT_ORDERING,
      // Only the sizes the page offers.
      page_size: (PAGE_SIZES as readonly number[]).includes(pageSize ?? 0) ? pageSize! : DEFAULT_PAGE_SIZE,
      date_from: inactive_for ? undefined : param(params, "date_from"),
      date_to: inactive_for ? undefined : param(params, "date_to"),
    },
    page: param(params, "page") ?? 1,
    view: VIEWS.find((v) => v === view) ?? "pages",
  };
}

/** A change to the URL: parameter names and their values (null or "" removes one, a list repeats it). */
export type UrlPatch = Record<string, string | number | readonly string[] | null | undefined>;

/**
 * A filter change as the page sends it: "Inactive for" and the dates exclude each other (the API
 * refuses both), so choosing one clears the other; any change goes back to the first page.
 */
export function filterPatch(patch: UrlPatch): UrlPatch {
  const out: UrlPatch = { ...patch, page: null };
  if (patch.inactive_for) Object.assign(out, { date_from: null, date_to: null });
  if (patch.date_from || patch.date_to) out.inactive_for = null;
  return out;
}

/** What "Clear all filters" removes: every filter, not the ordering, page size or view. */
export const CLEAR_FILTERS: UrlPatch = {
  status: null,
  search: null,
  role: null,
  department: null,
  inactive_for: null,
  date_from: null,
  date_to: null,
  page: null,
};

/** Whether any filter narrows the list (the default window aside). */
export function hasFilters(f: DashboardFilters): boolean {
  return !!(f.status || f.search || f.role || f.department || f.inactive_for || f.date_from || f.date_to);
}

/** The dashboard's query string for a state, defaults left out (as the page writes its links). */
export function dashboardQuery({ filters, page, view }: DashboardState): string {
  const query = new URLSearchParams();
  if (filters.status) query.set("status", filters.status);
  if (filters.search) query.set("search", filters.search);
  if (filters.role) query.set("role", filters.role);
  for (const department of filters.department ?? []) query.append("department", department);
  if (filters.inactive_for) query.set("inactive_for", String(filters.inactive_for));
  if (filters.ordering !== DEFAULT_ORDERING) query.set("ordering", filters.ordering);
  if (filters.page_size !== DEFAULT_PAGE_SIZE) query.set("page_size", String(filters.page_size));
  if (filters.date_from) query.set("date_from", filters.date_from);
  if (filters.date_to) query.set("date_to", filters.date_to);
  if (page > 1) query.set("page", String(page));
  if (view !== "pages") query.set("view", view);
  return query.toString();
}

/** The summary's filters for the list's: the same window and member filters, no paging or ordering. */
export function summaryFilters({
  status,
  date_from,
  date_to,
  search,
  role,
  department,
  inactive_for,
}: DashboardFilters): UserMetricsSummaryParams {
  return { status, date_from, date_to, search, role, department, inactive_for };
}

export type ReportRange = Pick<UserMetricsSummaryParams, "date_from" | "date_to" | "timezone">;
/**
 * The report's window, and the preset it came from (null for a custom range); `zone` is the
 * zone its days are counted in (the URL's `timezone`, else the company's), `retention` the
 * retention table's period.
 */
export type ReportState = {
  range: ReportRange;
  preset: PresetId | null;
  zone: string;
  retention: RetentionPeriod;
};

/** The URL's `timezone` in its canonical spelling; one that names no zone is left out. */
function zoneOf(params: URLSearchParams): string | undefined {
  const value = params.get("timezone");
  return value ? (canonicalTimeZone(value) ?? undefined) : undefined;
}

/**
 * A custom range (either date) wins over a preset; no range at all is the default preset, its
 * days ending today in the report's zone. The dates are passed on as given: the API's 400 names
 * a bad one, next to the inputs that hold it. `timezone` is sent only when the URL names one, so
 * without it the API counts in the company's zone (whatever it is by then).
 */
export function reportStateFrom(
  params: URLSearchParams,
  today = new Date(),
  companyZone = DEFAULT_TIME_ZONE,
): ReportState {
  const timezone = zoneOf(params);
  const zone = timezone ?? companyZone;
  const retention = RETENTION_PERIODS.find((p) => p === params.get("retention")) ?? "week";
  const preset = PRESETS.find((p) => p.id === params.get("range"))?.id ?? null;
  const date_from = params.get("date_from") ?? "";
  const date_to = params.get("date_to") ?? "";
  const zoned = timezone ? { timezone } : {};
  if (date_from || date_to)
    return {
      range: { date_from: date_from || undefined, date_to: date_to || undefined, ...zoned },
      preset: null,
      zone,
      retention,
    };
  return {
    range: { ...(preset ? presetRange(preset, today, zone) : defaultReportRange(today, zone)), ...zoned },
    preset: preset ?? DEFAULT_PRESET,
    zone,
    retention,
  };
}

export function reportQuery({ range, preset, retention }: ReportState): string {
  const query = new URLSearchParams();
  if (preset === null) {
    if (range.date_from) query.set("date_from", range.date_from);
    if (range.date_to) query.set("date_to", range.date_to);
  } else if (preset !== DEFAULT_PRESET) query.set("range", preset);
  if (range.timezone) query.set("timezone", range.timezone);
  if (retention !== "week") query.set("retention", retention);
  return query.toString();
}
