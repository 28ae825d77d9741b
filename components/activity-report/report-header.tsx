"use client";

import { formatDayRange } from "@/components/charts/trends";
import type { UserMetricsSummary } from "@/lib/hooks";
import { useReportSummary } from "./use-report";

/** The report's heading, as the page and its loading state both show it: the days, their zone, the comparison. */
export function ReportHeading({ summary }: { summary: UserMetricsSummary | undefined }) {
  const window = summary?.window;
  const compared = summary?.comparison?.window;
  return (
    <div className="page-head">
      <div>
        <h1>Activity report</h1>
        <p className="report-window">
          {window ? (
            <>
              <span data-testid="report-range">{formatDayRange(window.date_from, window.date_to)}</span>
              {" · "}
              <span data-testid="report-zone">{window.timezone}</span>
            </>
          ) : (
            "Loading…"
          )}
        </p>
        <p className="muted">
          {window
            ? `${window.days} ${window.days === 1 ? "day" : "days"}, from ${window.date_from} to ${window.date_to}` +
              (compared
                ? `, compared with the ${compared.days} before (${formatDayRange(compared.date_from, compared.date_to)}).`
                : ".")
            : " "}
        </p>
      </div>
    </div>
  );
}

export function ReportHeader({ companyId }: { companyId: string }) {
  return <ReportHeading summary={useReportSummary(companyId).data} />;
}
