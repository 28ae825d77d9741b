import type { Metadata } from "next";
import { CompanyPage, searchParamsOf, type CompanyPageProps } from "@/components/ui/company-page";
import { dashboardStateFrom, summaryFilters } from "@/components/user-metrics/url-state";
import { userMetricsQueryOptions } from "@/lib/hooks/use-user-metrics";
import { userMetricsSummaryQueryOptions } from "@/lib/hooks/use-user-metrics-summary";
import { UserMetricsDashboard } from "./user-metrics-dashboard";

export const metadata: Metadata = { title: "User activity" };
export const dynamic = "force-dynamic";

export default async function UserMetricsPage(props: CompanyPageProps) {
  // The state the dashboard reads from the URL in the browser: the same queries, the same keys.
  const { filters, page, view } = dashboardStateFrom(searchParamsOf(await props.searchParams));
  return (
    <CompanyPage
      props={props}
      page="dashboard"
      firstView={({ company }) =>
        (client, queries) => [
          queries.prefetchQuery(userMetricsSummaryQueryOptions(client, company.id, summaryFilters(filters))),
          // "Load more" starts from its own first page, which the browser asks for.
          ...(view === "infinite"
            ? []
            : [queries.prefetchQuery(userMetricsQueryOptions(client, company.id, { ...filters, page }))]),
        ]}
    >
      {(ctx) => <UserMetricsDashboard companyId={ctx.company.id} canRefresh={ctx.canRefresh} />}
    </CompanyPage>
  );
}
