import type { Metadata } from "next";
import { CompanyPage, searchParamsOf, type CompanyPageProps } from "@/components/ui/company-page";
import { reportStateFrom } from "@/components/user-metrics/url-state";
import { userMetricsQueryOptions } from "@/lib/hooks/use-user-metrics";
import { userMetricsRetentionQueryOptions } from "@/lib/hooks/use-user-metrics-retention";
import { userMetricsSummaryQueryOptions } from "@/lib/hooks/use-user-metrics-summary";
import { ActivityReport } from "./activity-report";

export const metadata: Metadata = { title: "Activity report" };
export const dynamic = "force-dynamic";

export default async function ActivityReportPage(props: CompanyPageProps) {
  const params = searchParamsOf(await props.searchParams);
  return (
    <CompanyPage
      props={props}
      page="report"
      firstView={({ company }) => {
        // The report's own queries (components/activity-report/use-report.ts), for the URL's range.
        const { range, retention } = reportStateFrom(params, new Date(), company.timezone);
        return (client, queries) => [
          queries.prefetchQuery(
            userMetricsSummaryQueryOptions(client, company.id, { ...range, compare: "previous_period" }),
          ),
          queries.prefetchQuery(
            userMetricsQueryOptions(client, company.id, {
              ...range,
              ordering: "-total_sessions",
              page_size: 10,
            }),
          ),
          queries.prefetchQuery(
            userMetricsRetentionQueryOptions(client, company.id, {
              period: retention,
              timezone: range.timezone,
            }),
          ),
        ];
      }}
    >
      {(ctx) => <ActivityReport companyId={ctx.company.id} timezone={ctx.company.timezone} />}
    </CompanyPage>
  );
}
