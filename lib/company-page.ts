import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { findCompanyAccess } from "@/db/queries/companies";
import { activeCompaniesOf } from "@/db/queries/memberships";
import { can } from "@/lib/auth/policy";
import { requireUser, type SignedInUser } from "@/lib/auth/session";
import { UUID } from "@/lib/uuid";

export type CompanyPageContext = {
  user: SignedInUser;
  company: { id: string; name: string };
  role: string | null;
  allowed: boolean;
  canRefresh: boolean;
  otherCompanies: number;
};

/**
 * What a company page needs before it renders: a signed-in user (else sign-in, then back to
 * `returnTo`), a live company (else 404), and whether this user may read it (the API's rules).
 */
export async function loadCompanyPage(companyId: string, returnTo: string): Promise<CompanyPageContext> {
  const user = await requireUser(returnTo);
  if (!UUID.test(companyId)) notFound();
  const db = await getDb();
  const [access, companies] = await Promise.all([
    findCompanyAccess(db, companyId.toLowerCase(), user.id),
    activeCompaniesOf(db, user.id),
  ]);
  if (!access) notFound();
  const m = access.membership;
  const allowed = can(m, "metrics:read");
  return {
    user,
    company: access.company,
    role: m?.role ?? null,
    allowed,
    canRefresh: can(m, "metrics:refresh"),
    otherCompanies: companies.filter((c) => c.id !== access.company.id).length,
  };
}

/** The path and query string a page was asked for, to come back to after sign-in. */
export function pagePath(path: string, searchParams: Record<string, string | string[] | undefined>) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(searchParams)) {
    for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v]) query.append(k, value);
  }
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}
