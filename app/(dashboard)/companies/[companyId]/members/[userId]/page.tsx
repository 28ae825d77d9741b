import type { Metadata } from "next";
import { CompanyPage, searchParamsOf, type CompanyPageProps } from "@/components/ui/company-page";
import { memberRangeFrom } from "@/components/member/member-range";
import { MemberView } from "@/components/member/member-view";
import { userMetricQueryOptions } from "@/lib/hooks/use-user-metric";

export const metadata: Metadata = { title: "Member" };
export const dynamic = "force-dynamic";

type MemberPageProps = CompanyPageProps & { params: Promise<{ companyId: string; userId: string }> };

/** One member of the company: a page under the dashboard's tab. */
export default async function MemberPage(props: MemberPageProps) {
  const { userId } = await props.params;
  const range = memberRangeFrom(searchParamsOf(await props.searchParams));
  return (
    <CompanyPage
      props={props}
      page="dashboard"
      subpage
      firstView={({ company }) =>
        (client, queries) => [
          queries.prefetchQuery(userMetricQueryOptions(client, company.id, userId, range)),
        ]}
    >
      {(ctx) => <MemberView companyId={ctx.company.id} userId={userId} timezone={ctx.company.timezone} />}
    </CompanyPage>
  );
}
