import type { Metadata } from "next";
import { CompanyPage, type CompanyPageProps } from "@/components/ui/company-page";
import { ApiKeysView } from "./api-keys-view";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default function ApiKeysPage(props: CompanyPageProps) {
  return (
    <CompanyPage props={props} page="apiKeys">
      {(ctx) => (
        <ApiKeysView companyId={ctx.company.id} role={ctx.role} grantableScopes={ctx.grantableScopes} />
      )}
    </CompanyPage>
  );
}
