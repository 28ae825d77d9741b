import type { Metadata } from "next";
import { CompanyPage, type CompanyPageProps } from "@/components/ui/company-page";
import { MemberView } from "@/components/member/member-view";

export const metadata: Metadata = { title: "Member" };
export const dynamic = "force-dynamic";

type MemberPageProps = CompanyPageProps & { params: Promise<{ companyId: string; userId: string }> };

/** One member of the company: a page under the dashboard's tab. */
export default async function MemberPage(props: MemberPageProps) {
  const { userId } = await props.params;
  return (
    <CompanyPage props={props} page="dashboard" subpage>
      {(ctx) => <MemberView companyId={ctx.company.id} userId={userId} timezone={ctx.company.timezone} />}
    </CompanyPage>
  );
}
