"use client";

import { DateRangeFields } from "@/components/ui/date-range-fields";
import { ORDERINGS, USER_STATUSES } from "@/lib/contracts/user-metrics";
import { useDashboardState, useDashboardSummary } from "./use-dashboard";
import { PAGE_SIZES, type DashboardFilters } from "./url-state";

const ORDERING_LABELS: Record<(typeof ORDERINGS)[number], string> = {
  "-last_active": "Most recently active",
  last_active: "Least recently active",
  "-total_sessions": "Most sessions",
  total_sessions: "Fewest sessions",
  "-sessions_this_month": "Most sessions this month",
  sessions_this_month: "Fewest sessions this month",
  "-avg_session_duration": "Longest average session",
  avg_session_duration: "Shortest average session",
};

/** A change from the form: URL parameter names and the values the controls hold ("" clears). */
export type FilterPatch = Partial<Record<keyof DashboardFilters, string>>;

/** Status, ordering, page size and date range, as controlled inputs. */
export function UserMetricsFilters({
  values,
  window,
  onChange,
}: {
  values: DashboardFilters;
  /** The window the API actually used, shown when the dates are left to their defaults. */
  window?: { date_from: string; date_to: string };
  onChange: (patch: FilterPatch) => void;
}) {
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select
          id="f-status"
          value={values.status ?? ""}
          onChange={(e) => onChange({ status: e.target.value })}
        >
          <option value="">All statuses</option>
          {USER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-ordering">Order by</label>
        <select
          id="f-ordering"
          value={values.ordering}
          onChange={(e) => onChange({ ordering: e.target.value })}
        >
          {ORDERINGS.map((o) => (
            <option key={o} value={o}>
              {ORDERING_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-page-size">Per page</label>
        <select
          id="f-page-size"
          value={String(values.page_size)}
          onChange={(e) => onChange({ page_size: e.target.value })}
        >
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <DateRangeFields
        idPrefix="f"
        from={values.date_from || window?.date_from || ""}
        to={values.date_to || window?.date_to || ""}
        onChange={onChange}
      />
    </form>
  );
}

/** The filters bound to the URL: a change goes there, back to the first page. */
export function FiltersBar({ companyId }: { companyId: string }) {
  const { filters, update } = useDashboardState();
  const summary = useDashboardSummary(companyId);
  return (
    <UserMetricsFilters
      values={filters}
      window={summary.data?.window}
      onChange={(patch) => update({ ...patch, page: null })}
    />
  );
}
