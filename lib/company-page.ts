import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { findCompanyAccess } from "@/db/queries/companies";
import { activeCompaniesOf } from "@/db/queries/memberships";
import { RETURN_TO_HEADER } from "@/components/ui/company-pages";
import { can } from "@/lib/auth/policy";
import { API_KEY_SCOPES, type ApiKeyScope } from "@/lib/contracts/api-keys";
import { requireUser, type SignedInUser } from "@/lib/auth/session";
import { UUID } from "@/lib/uuid";

export type CompanyPageContext = {
  user: SignedInUser;
  company: { id: string; name: string; timezone: string };
  role: string | null;
  allowed: boolean;
  canRefresh: boolean;
  /** Owners and admins: the API keys page and its tab. */
  canManageKeys: boolean;
  canManageCompany: boolean;
  /** The scopes this user's role holds, so may grant to a key. */
  grantableScopes: ApiKeyScope[];
  otherCompanies: number;
};

/**
 * What a company page needs before it renders: a signed-in user (else sign-in, then back to the
 * requested page), a live company (else 404), and whether this user may read it (the API's rules).
 * The company layout calls it before any loading.tsx streams, so the redirect is an HTTP 307 and
 * the not-found a 404; the page calls it again for its context, and `cache` makes that one read.
 */
export const loadCompanyPage = cache(async (companyId: string): Promise<CompanyPageContext> => {
  const requested = (await headers()).get(RETURN_TO_HEADER) ?? "/companies";
  // Spelled as the app's links spell pages (companyPagePath), without the canonical slash.
  const user = await requireUser(requested.replace(/^([^?]+?)\/(?=\?|$)/, "$1"));
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
    canManageKeys: can(m, "keys:manage"),
    canManageCompany: can(m, "company:manage"),
    grantableScopes: API_KEY_SCOPES.filter((scope) => can(m, scope)),
    otherCompanies: companies.filter((c) => c.id !== access.company.id).length,
  };
});
