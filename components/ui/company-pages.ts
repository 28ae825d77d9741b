/**
 * The pages of a company: their tab label, their path under /companies/{id}/, and whether only
 * those who manage the company's keys (owners and admins) may open them.
 */
export const COMPANY_PAGES = {
  dashboard: { path: "user-metrics", label: "Dashboard", managersOnly: false },
  report: { path: "reports/activity", label: "Activity report", managersOnly: false },
  apiKeys: { path: "settings/api-keys", label: "API keys", managersOnly: true },
} as const;
export type CompanyPageId = keyof typeof COMPANY_PAGES;

/** The tabs someone sees: the managers' pages only for managers. */
export function visiblePages(canManage: boolean): CompanyPageId[] {
  return (Object.keys(COMPANY_PAGES) as CompanyPageId[]).filter(
    (page) => canManage || !COMPANY_PAGES[page].managersOnly,
  );
}

export function companyPagePath(companyId: string, page: CompanyPageId): string {
  return `/companies/${companyId}/${COMPANY_PAGES[page].path}`;
}

/** One member's page, under the dashboard's tab (not a tab of its own). */
export function memberPagePath(companyId: string, userId: string): string {
  return `/companies/${companyId}/members/${userId}`;
}

/**
 * The request header through which proxy.ts hands server components the page's path and query
 * (layouts cannot see the query string; the sign-in redirect returns to it). Only the proxy sets
 * it: it replaces any copy a client sends.
 */
export const RETURN_TO_HEADER = "x-return-to";
