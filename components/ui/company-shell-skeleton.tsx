"use client";

import { useParams } from "next/navigation";
import { COMPANY_PAGES, visiblePages, type CompanyPageId } from "./company-pages";
import { Brand, CompanyTabs } from "./company-shell";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

/**
 * The company frame while the page loads: the same bar with placeholders where the company's and
 * the user's names go, so the content below starts where the page's will.
 */
export function CompanyShellSkeleton({
  current,
  subpage,
  children,
}: {
  current: CompanyPageId;
  subpage?: boolean;
  children: React.ReactNode;
}) {
  const { companyId } = useParams<{ companyId: string }>();
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
          {/* Unseen text, not a taller placeholder block, so the chip keeps the bar's height. */}
          <span className="company-chip" aria-hidden="true" style={{ color: "transparent" }}>
            Company name
          </span>
          {/* Who manages what is not known yet: the managers' tabs show only while one of their pages loads. */}
          <CompanyTabs
            companyId={companyId}
            current={current}
            subpage={subpage}
            pages={visiblePages(COMPANY_PAGES[current].managersOnly)}
          />
          <div className="topbar-user">
            <span className="user-name skeleton-text" aria-hidden="true" />
            <ThemeToggle />
            <SignOutButton className="button ghost small" />
          </div>
        </div>
      </header>
      <main id="main" className="page" aria-busy="true">
        {children}
      </main>
    </>
  );
}
