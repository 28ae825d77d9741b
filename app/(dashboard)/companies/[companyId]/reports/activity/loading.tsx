import { ReportSkeleton } from "@/components/activity-report/report-skeleton";
import { CompanyShellSkeleton } from "@/components/ui/company-shell-skeleton";

export default function ActivityReportLoading() {
  return (
    <CompanyShellSkeleton current="report">
      <ReportSkeleton />
    </CompanyShellSkeleton>
  );
}
