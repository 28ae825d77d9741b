import { DashboardSkeleton } from "@/components/user-metrics/dashboard-skeleton";
import { CompanyShellSkeleton } from "@/components/ui/company-shell-skeleton";

export default function UserMetricsLoading() {
  return (
    <CompanyShellSkeleton current="dashboard">
      <DashboardSkeleton />
    </CompanyShellSkeleton>
  );
}
