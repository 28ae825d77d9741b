import {
  BreakdownSection,
  DailyActivitySection,
  TopMembersSection,
} from "@/components/activity-report/chart-sections";
import { RangePicker } from "@/components/activity-report/range-picker";
import { ReportAlerts } from "@/components/activity-report/report-alerts";
import { ReportHeader } from "@/components/activity-report/report-header";

/**
 * The activity report: a date range (presets or custom) and the charts for it. Each section asks
 * for its own data; those drawing the same summary share its query (one key, one request).
 */
export function ActivityReport({ companyId }: { companyId: string }) {
  return (
    <>
      <ReportHeader companyId={companyId} />
      <RangePicker companyId={companyId} />
      <ReportAlerts companyId={companyId} />
      <div className="charts">
        <DailyActivitySection companyId={companyId} />
        <BreakdownSection companyId={companyId} by="status" />
        <BreakdownSection companyId={companyId} by="role" />
        <BreakdownSection companyId={companyId} by="department" />
        <TopMembersSection companyId={companyId} />
      </div>
    </>
  );
}
