/**
 * The pages of a company: their tab label, their path under /companies/{id}/, whether only its
 * managers (owners and admins) may open them, and what a refusal of the page guards.
 */
export const COMPANY_PAGES = {
  dashboard: { path: "user-metrics", label: "Dashboard", managersOnly: false, guards: "metrics" },
  report: { path: "reports/activity", label: "Activity report", managersOnly: false, guards: "metrics" },
  apiKeys: { path: "settings/api-keys", label: "API keys", managersOnly: true, guards: "keys" },
  company: { path: "settings/company", label: "Settings", managersOnly: true, guards: "company" },
} as const;
export type CompanyPageId = keyof typeof COMPANY_PAGES;

/** What someone manages: the API keys, the company's settings (or, unknown yet, a guess for both). */
export type Manages = boolean | { keys: boolean; company: boolean };

/** The tabs someone sees: each managers' page only for those who manage what it guards. */
export function visiblePages(manages: Manages): CompanyPageId[] {
  return (Object.keys(COMPANY_PAGES) as CompanyPageId[]).filter((page) => {
    const { managersOnly, guards } = COMPANY_PAGES[page];
    if (!managersOnly) return true;
    return typeof manages === "boolean" ? manages : manages[guards as "keys" | "company"];
  });
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
