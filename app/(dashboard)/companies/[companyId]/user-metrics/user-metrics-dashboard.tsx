import { DashboardHeader } from "@/components/user-metrics/dashboard-header";
import { FiltersBar } from "@/components/user-metrics/filters";
import { MemberList } from "@/components/user-metrics/member-list";
import { RefusalGate } from "@/components/user-metrics/refusal-gate";
import { SummaryTiles } from "@/components/user-metrics/summary-tiles";

/**
 * The dashboard, composed of parts that each read the URL and ask for their own data; parts that
 * show the same query share it (one key, one request).
 */
export function UserMetricsDashboard({ companyId, canRefresh }: { companyId: string; canRefresh: boolean }) {
  return (
    <RefusalGate companyId={companyId}>
      <DashboardHeader companyId={companyId} canRefresh={canRefresh} />
      <SummaryTiles companyId={companyId} />
      <FiltersBar companyId={companyId} />
      <MemberList companyId={companyId} />
    </RefusalGate>
  );
}
