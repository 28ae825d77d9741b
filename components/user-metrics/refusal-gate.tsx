"use client";

import type { ApiClientError } from "@/lib/api-client";
import { useDashboardSummary, useMemberList } from "./use-dashboard";

/** Refusals of the whole page (not of one query's parameters or page). */
function isRefusal(error: ApiClientError | null): error is ApiClientError {
  return error?.code === "permission_denied" || error?.code === "company_not_found";
}

/**
 * The dashboard, or instead of all of it the API's refusal: access can end after the page was
 * allowed (membership revoked, company removed), and then no part should show stale data.
 */
export function RefusalGate({ companyId, children }: { companyId: string; children: React.ReactNode }) {
  const { active } = useMemberList(companyId);
  const summary = useDashboardSummary(companyId);
  const refusal = [active.error, summary.error].find(isRefusal);
  if (!refusal) return children;
  return (
    <section className="panel state-panel" role="alert">
      <h1>
        {refusal.code === "company_not_found"
          ? "Company not found"
          : "You don't have access to these metrics"}
      </h1>
      <p>{refusal.detail}</p>
    </section>
  );
}
