import { otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { refreshOnce } from "@/lib/user-metrics/refresh";

export const dynamic = "force-dynamic";

/**
 * POST /api/v2/companies/{company_id}/user-metrics/refresh/ — recompute the company's rollups from
 * raw sessions (owner/admin), then retire its cached results.
 */
export const POST = withCompany(
  { action: "user_metrics.refresh", permission: "metrics:refresh" },
  async ({ db, company, auditInTransaction }) => {
    const { result, shared } = await refreshOnce(db, company.id, (tx, r) =>
      auditInTransaction(tx, 200, { members: String(r.members), duration_ms: String(r.duration_ms) }),
    );
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (shared) headers["X-Refresh"] = "shared";
    return { json: result, headers };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.refresh", ["POST"]);
