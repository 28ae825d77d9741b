import type { Metadata } from "next";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { IntentLink } from "@/components/ui/intent-link";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { activeCompaniesOf } from "@/db/queries/memberships";
import { requireUser } from "@/lib/auth/session";
import { SignOutButton } from "@/components/ui/sign-out-button";

export const metadata: Metadata = { title: "Your companies" };
export const dynamic = "force-dynamic";

/** After sign-in: the user's company, or a picker when they belong to several. */
export default async function CompaniesPage() {
  const user = await requireUser("/companies");
  const companies = await activeCompaniesOf(await getDb(), user.id);
  if (companies.length === 1) redirect(`/companies/${companies[0]!.id}/user-metrics`);
  return (
    <main id="main" className="auth-page">
      <ThemeToggle className="button ghost small auth-theme" />
      <div className="auth-card wide">
        <h1>Choose a company</h1>
        <p className="muted">Signed in as {user.email}.</p>
        {companies.length === 0 ? (
          <p className="empty">
            You are not an active member of any company yet. Ask an admin to invite you.
          </p>
        ) : (
          <ul className="company-list">
            {companies.map((c) => (
              <li key={c.id}>
                <IntentLink href={`/companies/${c.id}/user-metrics`} className="company-link">
                  <span className="company-name">{c.name}</span>
                  <span className="badge">{c.role}</span>
                </IntentLink>
              </li>
            ))}
          </ul>
        )}
        <SignOutButton />
      </div>
    </main>
  );
}
