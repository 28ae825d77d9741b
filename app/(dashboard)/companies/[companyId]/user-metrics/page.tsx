import type { Metadata } from "next";
import { CompanyPage, type CompanyPageProps } from "@/components/ui/company-page";
import { UserMetricsDashboard } from "./user-metrics-dashboard";

export const metadata: Metadata = { title: "User activity" };
export const dynamic = "force-dynamic";

export default function UserMetricsPage(props: CompanyPageProps) {
  return (
    <CompanyPage props={props} page="dashboard">
      {(ctx) => <UserMetricsDashboard companyId={ctx.company.id} canRefresh={ctx.canRefresh} />}
    </CompanyPage>
  );
}
