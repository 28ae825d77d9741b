import type { Metadata } from "next";
import { CompanyPage, type CompanyPageProps } from "@/components/ui/company-page";
import { apiKeysQueryOptions } from "@/lib/hooks/use-api-keys";
import { ApiKeysView } from "./api-keys-view";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default function ApiKeysPage(props: CompanyPageProps) {
  return (
    <CompanyPage
      props={props}
      page="apiKeys"
      firstView={({ company }) =>
        (client, queries) => [queries.prefetchQuery(apiKeysQueryOptions(client, company.id))]}
    >
      {(ctx) => (
        <ApiKeysView companyId={ctx.company.id} role={ctx.role} grantableScopes={ctx.grantableScopes} />
      )}
    </CompanyPage>
  );
}
