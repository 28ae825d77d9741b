"use client";

import { KpiTiles } from "./kpi-tiles";
import { ErrorAlert } from "./states";
import { useDashboardState, useDashboardSummary } from "./use-dashboard";

/** The KPI tiles of the current filters, with the summary's error (and its retry) above them. */
export function SummaryTiles({ companyId }: { companyId: string }) {
  const summary = useDashboardSummary(companyId);
  const { filters } = useDashboardState();
  return (
    <>
      {summary.error && <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />}
      <KpiTiles summary={summary.data} inactiveFor={filters.inactive_for} failed={!!summary.error} />
    </>
  );
}
