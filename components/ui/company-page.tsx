import { Suspense } from "react";
import { loadCompanyPage, type CompanyPageContext } from "@/lib/company-page";
import { COMPANY_PAGES, type CompanyPageId } from "./company-pages";
import { AccessDenied, CompanyShell } from "./company-shell";

/** What Next.js gives a page under /companies/[companyId]/. */
export type CompanyPageProps = {
  params: Promise<{ companyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Every company page: signed in (else sign-in and back here), a live company (else 404), then the
 * shell with the view for those allowed and the refusal for the others (a managers' page also
 * refuses the members who may read the metrics).
 */
export async function CompanyPage({
  props,
  page,
  subpage,
  children,
}: {
  props: CompanyPageProps;
  page: CompanyPageId;
  /** A page under `page`'s tab rather than the tab's own page. */
  subpage?: boolean;
  children: (ctx: CompanyPageContext) => React.ReactNode;
}) {
  const { companyId } = await props.params;
  // The company layout ran this for the same request (cached, one read); on a switch between
  // tabs only the page renders, so this call is then the check.
  const ctx = await loadCompanyPage(companyId);
  const { guards } = COMPANY_PAGES[page];
  // Each managers' page asks for its own permission (today both are the owners' and admins').
  const permitted =
    ctx.allowed && (guards === "metrics" || (guards === "keys" ? ctx.canManageKeys : ctx.canManageCompany));
  return (
    <CompanyShell ctx={ctx} current={page} subpage={subpage}>
      {/* The views read the URL's search params on the client, which needs a boundary. */}
      {permitted ? (
        <Suspense>{children(ctx)}</Suspense>
      ) : (
        <AccessDenied companyId={ctx.company.id} guards={guards} />
      )}
    </CompanyShell>
  );
}
