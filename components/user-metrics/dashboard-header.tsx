"use client";

import { userMetricsExportUrl, useRefreshUserMetrics } from "@/lib/hooks";
import { useDashboardState, useDashboardSummary, useMemberList } from "./use-dashboard";

const number = new Intl.NumberFormat("en");

/** The heading, as the page and its loading state both show it (undefined: not known yet). */
export function DashboardHeading({
  count,
  window,
  inactiveFor,
}: {
  count: number | undefined;
  window: { date_from: string; date_to: string; timezone: string } | undefined;
  /** "Inactive for" replaces the window. */
  inactiveFor: number | undefined;
}) {
  return (
    <div>
      <h1>User Activity ({count === undefined ? "…" : number.format(count)} users)</h1>
      <p className="muted">
        {inactiveFor
          ? `Members with no activity in the last ${inactiveFor} days (today included), or never active${window ? ` · ${window.timezone}` : "."}`
          : window
            ? `Members last active between ${window.date_from} and ${window.date_to} · ${window.timezone}`
            : "Loading the window…"}
      </p>
    </div>
  );
}

function LiveHeading({ companyId }: { companyId: string }) {
  const { count } = useMemberList(companyId);
  const summary = useDashboardSummary(companyId);
  const { filters } = useDashboardState();
  return <DashboardHeading count={count} window={summary.data?.window} inactiveFor={filters.inactive_for} />;
}

/** Heading, CSV export of the current filters, and the refresh (owners and admins) with its outcome. */
export function DashboardHeader({ companyId, canRefresh }: { companyId: string; canRefresh: boolean }) {
  const { filters } = useDashboardState();
  const refresh = useRefreshUserMetrics();
  return (
    <>
      <div className="page-head">
        <LiveHeading companyId={companyId} />
        <div className="actions">
          <a className="button" href={userMetricsExportUrl(companyId, filters)} download>
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
    </>
  );
}
