"use client";

import type { UserMetricsSummary } from "@/lib/contracts/user-metrics";
import { useEffect, useEffectEvent, useState } from "react";
import { DateRangeFields } from "@/components/ui/date-range-fields";
import {
  INACTIVE_CHOICES,
  MAX_SEARCH_LENGTH,
  MEMBER_ROLES,
  ORDERINGS,
  USER_STATUSES,
} from "@/lib/contracts/user-metrics-constants";
import { MultiSelect, type Choice } from "./multi-select";
import { useDashboardState, useDashboardSummary } from "./use-dashboard";
import {
  CLEAR_FILTERS,
  filterPatch,
  hasFilters,
  PAGE_SIZES,
  rolesOf,
  type DashboardFilters,
  type UrlPatch,
} from "./url-state";

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

/** How long the search box waits after the last keystroke before it changes the URL. */
export const SEARCH_DEBOUNCE_MS = 300;

const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/**
 * The search box: typing shows at once, the URL follows once typing pauses (Enter sends it
 * straight away). A change of the URL from elsewhere (Clear all, the back button) replaces the text,
 * but the echo of what the box itself sent does not, so keys typed meanwhile are kept.
 */
function SearchField({ value, onSearch }: { value: string; onSearch: (search: string) => void }) {
  const [text, setText] = useState(value);
  const [sent, setSent] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) {
      setSent(value);
      setText(value);
    }
  }
  const commit = (search: string) => {
    setSent(search);
    onSearch(search);
  };
  const send = useEffectEvent(commit);
  useEffect(() => {
    const search = text.trim();
    if (search === sent) return;
    const id = setTimeout(() => send(search), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [text, sent]);
  return (
    <div className="field filter-search">
      <label htmlFor="f-search">Search members</label>
      <input
        id="f-search"
        type="search"
        value={text}
        maxLength={MAX_SEARCH_LENGTH}
        placeholder="Name or email"
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && text.trim() !== sent) commit(text.trim());
        }}
      />
    </div>
  );
}

/** The department choices: the company's departments (its members without one as ""), with counts. */
export function departmentChoices(summary: UserMetricsSummary | undefined): Choice[] {
  return (summary?.company_members.by_department ?? []).map(({ department, members }) => ({
    value: department ?? "",
    label: department ?? "No department",
    count: members,
  }));
}

/** Every filter, ordering and page size, as controlled inputs; "Clear all filters" under them. */
export function UserMetricsFilters({
  values,
  window,
  summary,
  onChange,
}: {
  values: DashboardFilters;
  /** The window the API actually used, shown when the dates are left to their defaults. */
  window?: { date_from: string; date_to: string };
  /** The summary whose company-wide breakdown gives the role counts and the departments. */
  summary?: UserMetricsSummary;
  /** A change to the URL: parameter names and the values the controls hold ("" or null clears). */
  onChange: (patch: UrlPatch) => void;
}) {
  const byRole = summary?.company_members.by_role;
  const roleChoices = MEMBER_ROLES.map((r) => ({ value: r, label: capitalised(r), count: byRole?.[r] }));
  const dated = !values.inactive_for;
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <SearchField value={values.search ?? ""} onSearch={(search) => onChange({ search })} />
      <MultiSelect
        id="f-role"
        label="Role"
        allLabel="All roles"
        choices={roleChoices}
        selected={rolesOf(values.role)}
        onChange={(roles) => onChange({ role: rolesOf(roles.join(",")).join(",") })}
      />
      <MultiSelect
        id="f-department"
        label="Department"
        allLabel="All departments"
        choices={departmentChoices(summary)}
        selected={values.department ?? []}
        onChange={(department) => onChange({ department })}
        align="end"
      />
      <div className="field">
        <label htmlFor="f-inactive">Inactive for</label>
        <select
          id="f-inactive"
          value={values.inactive_for ?? ""}
          onChange={(e) => onChange({ inactive_for: e.target.value })}
        >
          <option value="">Any time</option>
          {INACTIVE_CHOICES.map((days) => (
            <option key={days} value={days}>
              {days} days
            </option>
          ))}
        </select>
      </div>
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
              {capitalised(s)}
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
      {/* With "Inactive for" the window does not apply: the dates show empty, and choosing one clears it. */}
      <DateRangeFields
        idPrefix="f"
        from={values.date_from || (dated && window?.date_from) || ""}
        to={values.date_to || (dated && window?.date_to) || ""}
        onChange={onChange}
      />
      <div className="filters-foot">
        <button
          type="button"
          className="button small"
          disabled={!hasFilters(values)}
          onClick={() => onChange(CLEAR_FILTERS)}
        >
          Clear all filters
        </button>
      </div>
    </form>
  );
}

/** The filters bound to the URL: a change goes there, back to the first page. */
export function FiltersBar({ companyId }: { companyId: string }) {
  const { filters, update } = useDashboardState();
  const summary = useDashboardSummary(companyId);
  // Every filter change is a new summary: the choices stay those of the last one until it arrives.
  const [latest, setLatest] = useState(summary.data);
  if (summary.data && summary.data !== latest) setLatest(summary.data);
  return (
    <UserMetricsFilters
      values={filters}
      window={summary.data?.window}
      summary={latest}
      onChange={(patch) => update(filterPatch(patch))}
    />
  );
}
