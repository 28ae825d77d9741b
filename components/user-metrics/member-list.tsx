"use client";

import { useNow } from "@/components/ui/use-now";
import { UserMetricCard } from "./metric-card";
import { Pagination } from "./pagination";
import { CardSkeletons, EmptyState, ErrorAlert } from "./states";
import { useDashboardState, useMemberList } from "./use-dashboard";
import { ViewToggle } from "./view-toggle";

/** The cards of the chosen view, or why there are none: loading, an error, nobody, a page too far. */
function MemberCards({ companyId }: { companyId: string }) {
  const { active, results, pageSize } = useMemberList(companyId);
  const { update } = useDashboardState();
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
  if (active.isPending) return <CardSkeletons count={Math.min(pageSize, 12)} />;
  if (results.length === 0)
    return (
      <EmptyState title="No members in this view">
        <p>
          Nobody matching these filters was active in the selected dates. Try a wider date range or all
          statuses.
        </p>
      </EmptyState>
    );
  return (
    <div className="metrics-grid" data-testid="metric-cards">
      {results.map((user) => (
        <UserMetricCard key={user.user_id} companyId={companyId} user={user} now={now} />
      ))}
    </div>
  );
}

/** Under the cards: previous/next in the pages view, "Load more" in the other. */
function MemberPaging({ companyId }: { companyId: string }) {
  const { view, page, pageSize, list, infinite, results, count } = useMemberList(companyId);
  const { update } = useDashboardState();
  if (view === "pages")
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

/** The members: the choice of view, their cards, and the way to the next ones. */
export function MemberList({ companyId }: { companyId: string }) {
  const { view, update } = useDashboardState();
  return (
    <>
      <ViewToggle view={view} onChange={(v) => update({ view: v === "infinite" ? v : null, page: null })} />
      <h2 className="visually-hidden">Members</h2>
      <MemberCards companyId={companyId} />
      <MemberPaging companyId={companyId} />
    </>
  );
}
