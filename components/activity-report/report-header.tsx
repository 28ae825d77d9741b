"use client";

import type { UserMetricsSummary } from "@/lib/hooks";
import { useReportSummary } from "./use-report";

/** The report's heading, as the page and its loading state both show it. */
export function ReportHeading({ window }: { window: UserMetricsSummary["window"] | undefined }) {
  return (
    <div className="page-head">
      <div>
        <h1>Activity report</h1>
        <p className="muted">
          {window ? `From ${window.date_from} to ${window.date_to} (${window.days} days), UTC.` : "Loading…"}
        </p>
      </div>
    </div>
  );
}

export function ReportHeader({ companyId }: { companyId: string }) {
  return <ReportHeading window={useReportSummary(companyId).data?.window} />;
}
