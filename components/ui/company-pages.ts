/** The pages of a company: their tab label and their path under /companies/{id}/. */
export const COMPANY_PAGES = {
  dashboard: { path: "user-metrics", label: "Dashboard" },
  report: { path: "reports/activity", label: "Activity report" },
} as const;
export type CompanyPageId = keyof typeof COMPANY_PAGES;

export function companyPagePath(companyId: string, page: CompanyPageId): string {
  return `/companies/${companyId}/${COMPANY_PAGES[page].path}`;
}

/**
 * The request header through which proxy.ts hands server components the page's path and query
 * (layouts cannot see the query string; the sign-in redirect returns to it). Only the proxy sets
 * it: it replaces any copy a client sends.
 */
export const RETURN_TO_HEADER = "x-return-to";
