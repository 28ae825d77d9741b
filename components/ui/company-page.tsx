import { HydrationBoundary } from "@tanstack/react-query";
import { prefetchFirstView, type FirstViewQueries } from "@/lib/api/in-process";
import { loadCompanyPage, type CompanyPageContext } from "@/lib/company-page";
import { COMPANY_PAGES, type CompanyPageId } from "./company-pages";
import { AccessDenied, CompanyShell } from "./company-shell";

/** What Next.js gives a page under /companies/[companyId]/. */
export type CompanyPageProps = {
  params: Promise<{ companyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** A page's search params as the browser's URL has them (repeated names kept). */
export function searchParamsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record))
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  return params;
}

/**
 * Every company page: signed in (else sign-in and back here), a live company (else 404), then the
 * shell with the view for those allowed and the refusal for the others (a managers' page also
 * refuses the members who may read the metrics). `firstView` names the queries the view makes on
 * its first render: they are answered here, before anything is sent, and handed to React Query
 * (lib/api/in-process.ts), so the page arrives whole, drawn with its data, in one piece.
 */
export async function CompanyPage({
  props,
  page,
  subpage,
  firstView,
  children,
}: {
  props: CompanyPageProps;
  page: CompanyPageId;
  /** A page under `page`'s tab rather than the tab's own page. */
  subpage?: boolean;
  firstView?: (ctx: CompanyPageContext) => FirstViewQueries;
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
  const state = permitted && firstView ? await prefetchFirstView(firstView(ctx)) : null;
  return (
    <CompanyShell ctx={ctx} current={page} subpage={subpage}>
      {/*
        No Suspense boundary of its own: the views read the URL's search params, which can suspend
        for a moment, and a boundary here would send the view apart from the shell, hidden until a
        script reveals it (the first paint would then be the empty shell). Every company page is
        rendered per request, so the whole page goes out in one piece, drawn with its data.
      */}
      {permitted ? (
        <HydrationBoundary state={state ?? undefined}>{children(ctx)}</HydrationBoundary>
      ) : (
        <AccessDenied companyId={ctx.company.id} guards={guards} />
      )}
    </CompanyShell>
  );
}
