import {
  BreakdownSection,
  DailyActivitySection,
  TopMembersSection,
} from "@/components/activity-report/chart-sections";
import { ReportFigures } from "@/components/activity-report/figures";
import { RangePicker } from "@/components/activity-report/range-picker";
import { ReportAlerts } from "@/components/activity-report/report-alerts";
import { ReportHeader } from "@/components/activity-report/report-header";
import { RetentionSection } from "@/components/activity-report/retention";
import { CompanyZoneProvider } from "@/components/activity-report/use-report";

/**
 * The activity report: a date range (presets or custom) and a zone, the headline figures against
 * the previous period, engagement, the charts for the range and the retention of recent cohorts.
 * Each section asks for its own data; those drawing the same summary share its query (one key,
 * one request). Without `timezone` in the URL the days are the company's.
 */
export function ActivityReport({ companyId, timezone }: { companyId: string; timezone: string }) {
  return (
    <CompanyZoneProvider zone={timezone}>
      <ReportHeader companyId={companyId} />
      <RangePicker companyId={companyId} />
      <ReportAlerts companyId={companyId} />
      <ReportFigures companyId={companyId} />
      <div className="charts">
        <DailyActivitySection companyId={companyId} />
        <RetentionSection companyId={companyId} />
        <BreakdownSection companyId={companyId} by="status" />
        <BreakdownSection companyId={companyId} by="role" />
        <BreakdownSection companyId={companyId} by="department" />
        <TopMembersSection companyId={companyId} />
      </div>
    </CompanyZoneProvider>
  );
}
