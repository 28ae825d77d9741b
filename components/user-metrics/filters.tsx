"use client";

import { DateRangeFields } from "@/components/ui/date-range-fields";
import { ORDERINGS, USER_STATUSES } from "@/lib/validation/user-metrics";

const ORDERING_LABELS: Record<(typeof ORDERINGS)[number], string> = {
  "-last_active": "Most recently active",
  last_active: "Least recently active",
  "-total_sessions": "Most sessions",
  total_sessions: "Fewest sessions",
};

export type FilterValues = {
  status: string;
  ordering: string;
  page_size: string;
  date_from: string;
  date_to: string;
};

/** Status, ordering, page size and date range; every change goes to the URL. */
export function UserMetricsFilters({
  values,
  window,
  onChange,
}: {
  values: FilterValues;
  /** The window the API actually used, shown when the dates are left to their defaults. */
  window?: { date_from: string; date_to: string };
  onChange: (patch: Partial<FilterValues>) => void;
}) {
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select id="f-status" value={values.status} onChange={(e) => onChange({ status: e.target.value })}>
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
          value={values.page_size}
          onChange={(e) => onChange({ page_size: e.target.value })}
        >
          {["10", "20", "50", "100"].map((n) => (
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
