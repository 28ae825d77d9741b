"use client";

import { ErrorAlert } from "@/components/user-metrics/states";
import { useReportRetention, useReportSummary, useTopMembers } from "./use-report";

/** Above the charts: why some could not be drawn, each with its retry. */
export function ReportAlerts({ companyId }: { companyId: string }) {
  const summary = useReportSummary(companyId);
  const top = useTopMembers(companyId);
  const retention = useReportRetention(companyId);
  return (
    <>
      {summary.error && <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />}
      {top.error && <ErrorAlert error={top.error} onRetry={() => top.refetch()} />}
      {retention.error && (
        <ErrorAlert
          error={retention.error}
          onRetry={() => retention.refetch()}
          title="Could not load the retention."
        />
      )}
    </>
  );
}
