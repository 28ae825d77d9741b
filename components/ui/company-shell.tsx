import Link from "next/link";
import type { CompanyPageContext } from "@/lib/company-page";
import { SignOutButton } from "./sign-out-button";

/** The frame of every company page: product, company, navigation, who is signed in. */
export function CompanyShell({
  ctx,
  current,
  children,
}: {
  ctx: CompanyPageContext;
  current: "dashboard" | "report";
  children: React.ReactNode;
}) {
  const base = `/companies/${ctx.company.id}`;
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/companies" className="brand">
            <span className="brand-mark" aria-hidden="true">
              ▮▮▮
            </span>{" "}
            User Metrics
          </Link>
          {/* Someone without access learns nothing about the company, not even its name. */}
          {ctx.allowed && (
            <>
              <span className="company-chip" title="Company">
                {ctx.company.name}
              </span>
              <nav aria-label="Company pages" className="tabs">
                <Link
                  href={`${base}/user-metrics`}
                  aria-current={current === "dashboard" ? "page" : undefined}
                >
                  Dashboard
                </Link>
                <Link
                  href={`${base}/reports/activity`}
                  aria-current={current === "report" ? "page" : undefined}
                >
                  Activity report
                </Link>
              </nav>
            </>
          )}
          <div className="topbar-user">
            {ctx.otherCompanies > 0 && (
              <Link href="/companies" className="button ghost small">
                Switch company
              </Link>
            )}
            <span className="user-name">{ctx.user.name}</span>
            <SignOutButton className="button ghost small" />
          </div>
        </div>
      </header>
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}

export function AccessDenied({ companyId }: { companyId: string }) {
  return (
    <section className="panel state-panel" aria-labelledby="denied-title">
      <h1 id="denied-title">You don&apos;t have access to these metrics</h1>
      <p>
        Only active owners, admins and members of a company can read its user metrics. Viewers and people
        outside the company cannot.
      </p>
      <p className="muted">
        Company <code>{companyId}</code> · error <code>permission_denied</code>
      </p>
      <Link href="/companies" className="button">
        Back to your companies
      </Link>
    </section>
  );
}
