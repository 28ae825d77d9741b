"use client";

import { useEffect, useState } from "react";
import { CardSkeletons, EmptyState, ErrorAlert } from "@/components/user-metrics/states";
import { KpiTiles } from "@/components/user-metrics/kpi-tiles";
import { UserMetricCard } from "@/components/user-metrics/metric-card";
import { Pagination } from "@/components/user-metrics/pagination";
import { UserMetricsFilters, type FilterValues } from "@/components/user-metrics/filters";
import { useUrlParams } from "@/components/user-metrics/use-url-params";
import type { ApiClientError } from "@/lib/api-client";
import {
  useInfiniteUserMetrics,
  useRefreshUserMetrics,
  userMetricsExportUrl,
  useUserMetrics,
  useUserMetricsSummary,
} from "@/lib/hooks";
import type { UserMetricsParams } from "@/lib/user-metrics/types";
import { ORDERINGS, USER_STATUSES, type Ordering, type UserStatus } from "@/lib/validation/user-metrics";

const number = new Intl.NumberFormat("en");

/** "now" for relative times, moved on every minute so "just now" does not go stale. */
function useNow() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** Refusals of the whole page (not of one query's parameters or page). */
function isRefusal(error: unknown): boolean {
  const code = (error as ApiClientError | null)?.code;
  return code === "permission_denied" || code === "company_not_found";
}

export const PAGE_SIZES = ["10", "20", "50", "100"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Values from the URL, each checked: anything the API would refuse falls back to its default. */
function filtersFrom(params: URLSearchParams): FilterValues {
  const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T | "") =>
    value !== null && (allowed as readonly string[]).includes(value) ? value : fallback;
  const day = (value: string | null) => (value && DAY.test(value) ? value : "");
  return {
    status: pick(params.get("status"), USER_STATUSES, ""),
    ordering: pick(params.get("ordering"), ORDERINGS, "-last_active"),
    page_size: pick(params.get("page_size"), PAGE_SIZES, "20"),
    date_from: day(params.get("date_from")),
    date_to: day(params.get("date_to")),
  };
}

export function UserMetricsDashboard({ companyId, canRefresh }: { companyId: string; canRefresh: boolean }) {
  const { params, update } = useUrlParams();
  const now = useNow();
  const filters = filtersFrom(params);
  const page = Math.max(1, Math.floor(Number(params.get("page") ?? "1")) || 1);
  const view = params.get("view") === "infinite" ? "infinite" : "pages";
  const apiParams: Omit<UserMetricsParams, "page"> = {
    status: (filters.status || undefined) as UserStatus | undefined,
    ordering: filters.ordering as Ordering,
    page_size: Number(filters.page_size),
    date_from: filters.date_from || undefined,
    date_to: filters.date_to || undefined,
  };

  const list = useUserMetrics(view === "pages" ? companyId : "", { ...apiParams, page });
  const infinite = useInfiniteUserMetrics(view === "infinite" ? companyId : "", apiParams);
  const summary = useUserMetricsSummary(companyId, {
    status: apiParams.status,
    date_from: apiParams.date_from,
    date_to: apiParams.date_to,
  });
  const refresh = useRefreshUserMetrics();

  const active = view === "pages" ? list : infinite;
  const count = view === "pages" ? list.data?.count : infinite.data?.pages[0]?.count;
  const results =
    view === "pages" ? (list.data?.results ?? []) : (infinite.data?.pages.flatMap((p) => p.results) ?? []);
  const pageSize = Number(filters.page_size);
  const window = summary.data?.window;

  const setFilters = (patch: Partial<FilterValues>) => update({ ...patch, page: null });

  const refusal = [active.error, summary.error].find(isRefusal) as ApiClientError | undefined;
  if (refusal) {
    return (
      <section className="panel state-panel" role="alert">
        <h1>
          {refusal.code === "company_not_found"
            ? "Company not found"
            : "You don't have access to these metrics"}
        </h1>
        <p>{refusal.detail}</p>
      </section>
    );
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1>User Activity ({count === undefined ? "…" : number.format(count)} users)</h1>
          <p className="muted">
            {window
              ? `Members last active between ${window.date_from} and ${window.date_to}.`
              : "Loading the window…"}
          </p>
        </div>
        <div className="actions">
          <a className="button" href={userMetricsExportUrl(companyId, apiParams)} download>
            Export CSV
          </a>
          {canRefresh && (
            <button
              type="button"
              className="button primary"
              onClick={() => refresh.mutate(companyId)}
              disabled={refresh.isPending}
            >
              {refresh.isPending ? "Refreshing…" : "Refresh metrics"}
            </button>
          )}
        </div>
      </div>
      <p className="status-line" role="status" aria-live="polite">
        {refresh.isSuccess &&
          `Metrics refreshed: ${number.format(refresh.data.members)} members, ${number.format(refresh.data.sessions)} sessions in ${refresh.data.duration_ms} ms.`}
        {refresh.isError && `Refresh failed: ${refresh.error.detail}`}
      </p>

      {summary.error && <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />}
      <KpiTiles summary={summary.data} failed={!!summary.error} />

      <UserMetricsFilters values={filters} window={window} onChange={setFilters} />

      <div className="view-toggle" role="group" aria-label="How to page through members">
        <button
          type="button"
          aria-pressed={view === "pages"}
          onClick={() => update({ view: null, page: null })}
        >
          Pages
        </button>
        <button
          type="button"
          aria-pressed={view === "infinite"}
          onClick={() => update({ view: "infinite", page: null })}
        >
          Load more
        </button>
      </div>

      <h2 className="visually-hidden">Members</h2>
      {active.error?.code === "invalid_page" ? (
        <EmptyState title="That page is past the last one">
          <button type="button" className="button" onClick={() => update({ page: null })}>
            Go to the first page
          </button>
        </EmptyState>
      ) : active.error ? (
        <ErrorAlert error={active.error} onRetry={() => active.refetch()} />
      ) : active.isPending ? (
        <CardSkeletons count={Math.min(pageSize, 12)} />
      ) : results.length === 0 ? (
        <EmptyState title="No members in this view">
          <p>
            Nobody matching these filters was active in the selected dates. Try a wider date range or all
            statuses.
          </p>
        </EmptyState>
      ) : (
        <div className="metrics-grid" data-testid="metric-cards">
          {results.map((user) => (
            <UserMetricCard key={user.user_id} user={user} now={now} />
          ))}
        </div>
      )}

      {view === "pages" && list.data && list.data.count > 0 && (
        <Pagination
          page={page}
          pageSize={pageSize}
          count={list.data.count}
          onPage={(p) => update({ page: p > 1 ? p : null })}
        />
      )}
      {view === "infinite" && infinite.data && (
        <div className="load-more">
          <p aria-live="polite">
            Showing {results.length} of {count}
          </p>
          {infinite.hasNextPage && (
            <button
              type="button"
              className="button"
              onClick={() => infinite.fetchNextPage()}
              disabled={infinite.isFetchingNextPage}
            >
              {infinite.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          )}
        </div>
      )}
    </>
  );
}
