import type { Metadata } from "next";
import { Suspense } from "react";
import { AccessDenied, CompanyShell } from "@/components/ui/company-shell";
import { loadCompanyPage, pagePath } from "@/lib/company-page";
import { UserMetricsDashboard } from "./user-metrics-dashboard";

export const metadata: Metadata = { title: "User activity" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ companyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function UserMetricsPage({ params, searchParams }: Props) {
  const { companyId } = await params;
  const ctx = await loadCompanyPage(
    companyId,
    pagePath(`/companies/${companyId}/user-metrics`, await searchParams),
  );
  return (
    <CompanyShell ctx={ctx} current="dashboard">
      {ctx.allowed ? (
        <Suspense>
          <UserMetricsDashboard companyId={ctx.company.id} canRefresh={ctx.canRefresh} />
        </Suspense>
      ) : (
        <AccessDenied companyId={ctx.company.id} />
      )}
    </CompanyShell>
  );
}
