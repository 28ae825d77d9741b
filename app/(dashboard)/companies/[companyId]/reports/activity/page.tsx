import type { Metadata } from "next";
import { CompanyPage, type CompanyPageProps } from "@/components/ui/company-page";
import { ActivityReport } from "./activity-report";

export const metadata: Metadata = { title: "Activity report" };
export const dynamic = "force-dynamic";

export default function ActivityReportPage(props: CompanyPageProps) {
  return (
    <CompanyPage props={props} page="report">
      {(ctx) => <ActivityReport companyId={ctx.company.id} timezone={ctx.company.timezone} />}
    </CompanyPage>
  );
}
