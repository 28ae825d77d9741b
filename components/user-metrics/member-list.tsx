"use client";

import { useNow } from "@/components/ui/use-now";
import { activeFilters, emptyTitle } from "./active-filters";
import { MemberTable } from "./member-table";
import { UserMetricCard } from "./metric-card";
import { Pagination } from "./pagination";
import { CardSkeletons, EmptyState, ErrorAlert } from "./states";
import { useDashboardState, useMemberList } from "./use-dashboard";
import { CLEAR_FILTERS, filterPatch } from "./url-state";
import { ViewToggle } from "./view-toggle";

/** Nobody in the list: which filters emptied it, each with a way to remove it, or all at once. */
function NoMembers() {
  const { filters, update } = useDashboardState();
  const active = activeFilters(filters);
  return (
    <EmptyState title={emptyTitle(active)}>
      {active.length === 0 ? (
        <p>Nobody was active in the selected dates. Try a wider date range.</p>
      ) : (
        <div className="actions empty-actions">
          {active.length > 1 &&
            active.map((f) => (
              <button
                key={f.key}
                type="button"
                className="button small"
                onClick={() => update(filterPatch(f.clear))}
              >
                {f.clearLabel}
              </button>
            ))}
          <button type="button" className="button small primary" onClick={() => update(CLEAR_FILTERS)}>
            Clear all filters
          </button>
        </div>
      )}
    </EmptyState>
  );
}

/** The members in the chosen view, or why there are none: loading, an error, nobody, a page too far. */
function Members({ companyId }: { companyId: string }) {
  const { view, active, results, pageSize } = useMemberList(companyId);
  const { filters, update } = useDashboardState();
  const now = useNow();
  if (active.error?.code === "invalid_page")
    return (
      <EmptyState title="That page is past the last one">
        <button type="button" className="button" onClick={() => update({ page: null })}>
          Go to the first page
        </button>
      </EmptyState>
    );
  if (active.error) return <ErrorAlert error={active.error} onRetry={() => active.refetch()} />;
  if (!active.isPending && results.length === 0) return <NoMembers />;
  if (view === "table")
    return (
      <MemberTable
        companyId={companyId}
        users={active.isPending ? null : results}
        rows={Math.min(pageSize, 12)}
        now={now}
        ordering={filters.ordering}
        onSort={(ordering) => update({ ordering, page: null })}
      />
    );
  if (active.isPending) return <CardSkeletons count={Math.min(pageSize, 12)} />;
  return (
    <div className="metrics-grid" data-testid="metric-cards">
      {results.map((user) => (
        <UserMetricCard key={user.user_id} user={user} now={now} companyId={companyId} />
      ))}
    </div>
  );
}

/** Under the members: previous/next in the pages and table views, "Load more" in the other. */
function MemberPaging({ companyId }: { companyId: string }) {
  const { view, page, pageSize, list, infinite, results, count } = useMemberList(companyId);
  const { update } = useDashboardState();
  if (view !== "infinite")
    return list.data && list.data.count > 0 ? (
      <Pagination
        page={page}
        pageSize={pageSize}
        count={list.data.count}
        onPage={(p) => update({ page: p > 1 ? p : null })}
      />
    ) : null;
  if (!infinite.data) return null;
  return (
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
  );
}

/** The members: the choice of view, the cards or the table, and the way to the next ones. */
export function MemberList({ companyId }: { companyId: string }) {
  const { view, update } = useDashboardState();
  return (
    <>
      <ViewToggle view={view} onChange={(v) => update({ view: v === "pages" ? null : v, page: null })} />
      <h2 className="visually-hidden">Members</h2>
      <Members companyId={companyId} />
      <MemberPaging companyId={companyId} />
    </>
  );
}
