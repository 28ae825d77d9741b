import Link from "next/link";
import type { CompanyPageContext } from "@/lib/company-page";
import { COMPANY_PAGES, companyPagePath, type CompanyPageId } from "./company-pages";
import { SignOutButton } from "./sign-out-button";

/** The product's name, home to the company picker. */
export function Brand() {
  return (
    <Link href="/companies" className="brand">
      <span className="brand-mark" aria-hidden="true">
        ▮▮▮
      </span>{" "}
      User Metrics
    </Link>
  );
}

export function CompanyTabs({ companyId, current }: { companyId: string; current: CompanyPageId }) {
  return (
    <nav aria-label="Company pages" className="tabs">
      {(Object.keys(COMPANY_PAGES) as CompanyPageId[]).map((page) => (
        <Link
          key={page}
          href={companyPagePath(companyId, page)}
          aria-current={current === page ? "page" : undefined}
        >
          {COMPANY_PAGES[page].label}
        </Link>
      ))}
    </nav>
  );
}

/** The frame of every company page: product, company, navigation, who is signed in. */
export function CompanyShell({
  ctx,
  current,
  children,
}: {
  ctx: CompanyPageContext;
  current: CompanyPageId;
  children: React.ReactNode;
}) {
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
          {/* Someone without access learns nothing about the company, not even its name. */}
          {ctx.allowed && (
            <>
              <span className="company-chip" title="Company">
                {ctx.company.name}
              </span>
              <CompanyTabs companyId={ctx.company.id} current={current} />
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
