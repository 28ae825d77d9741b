import type { Metadata } from "next";
import { Suspense } from "react";
import { AccessDenied, CompanyShell } from "@/components/ui/company-shell";
import { loadCompanyPage, pagePath } from "@/lib/company-page";
import { ActivityReport } from "./activity-report";

export const metadata: Metadata = { title: "Activity report" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ companyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ActivityReportPage({ params, searchParams }: Props) {
  const { companyId } = await params;
  const ctx = await loadCompanyPage(
    companyId,
    pagePath(`/companies/${companyId}/reports/activity`, await searchParams),
  );
  return (
    <CompanyShell ctx={ctx} current="report">
      {ctx.allowed ? (
        <Suspense>
          <ActivityReport companyId={ctx.company.id} />
        </Suspense>
      ) : (
        <AccessDenied companyId={ctx.company.id} />
      )}
    </CompanyShell>
  );
}
