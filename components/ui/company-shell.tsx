import { IntentLink } from "./intent-link";
import type { CompanyPageContext } from "@/lib/company-page";
import { COMPANY_PAGES, companyPagePath, visiblePages, type CompanyPageId } from "./company-pages";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

/** The product's name, home to the company picker. */
export function Brand() {
  return (
    <IntentLink href="/companies" className="brand">
      <span className="brand-mark" aria-hidden="true">
        ▮▮▮
      </span>{" "}
      User Metrics
    </IntentLink>
  );
}

export function CompanyTabs({
  companyId,
  current,
  pages,
  subpage = false,
}: {
  companyId: string;
  current: CompanyPageId;
  pages: CompanyPageId[];
  /** A page under the current tab (a member's, under the dashboard): the tab marks the section. */
  subpage?: boolean;
}) {
  return (
    <nav aria-label="Company pages" className="tabs">
      {pages.map((page) => (
        <IntentLink
          key={page}
          href={companyPagePath(companyId, page)}
          aria-current={current === page ? (subpage ? "true" : "page") : undefined}
        >
          {COMPANY_PAGES[page].label}
        </IntentLink>
      ))}
    </nav>
  );
}

/** The frame of every company page: product, company, navigation, who is signed in. */
export function CompanyShell({
  ctx,
  current,
  subpage,
  children,
}: {
  ctx: CompanyPageContext;
  current: CompanyPageId;
  subpage?: boolean;
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
              <CompanyTabs
                companyId={ctx.company.id}
                current={current}
                subpage={subpage}
                pages={visiblePages({ keys: ctx.canManageKeys, company: ctx.canManageCompany })}
              />
            </>
          )}
          <div className="topbar-user">
            {ctx.otherCompanies > 0 && (
              <IntentLink href="/companies" className="button ghost small">
                Switch company
              </IntentLink>
            )}
            <span className="user-name">{ctx.user.name}</span>
            <ThemeToggle />
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

/** The refusal of a page, in the words of what it guards. */
const REFUSALS = {
  metrics: {
    title: "You don't have access to these metrics",
    reason:
      "Only active owners, admins and members of a company can read its user metrics. Viewers and people outside the company cannot.",
  },
  keys: {
    title: "You don't have access to API keys",
    reason: "Only active owners and admins of a company can see and manage its API keys.",
  },
  company: {
    title: "You don't have access to the company's settings",
    reason: "Only active owners and admins of a company can see and change its settings.",
  },
} as const;

export function AccessDenied({
  companyId,
  guards = "metrics",
}: {
  companyId: string;
  guards?: keyof typeof REFUSALS;
}) {
  const { title, reason } = REFUSALS[guards];
  return (
    <section className="panel state-panel" aria-labelledby="denied-title">
      <h1 id="denied-title">{title}</h1>
      <p>{reason}</p>
      <p className="muted">
        Company <code>{companyId}</code> · error <code>permission_denied</code>
      </p>
      <IntentLink href="/companies" className="button">
        Back to your companies
      </IntentLink>
    </section>
  );
}
