import { refreshCompanyMetrics } from "@/db/queries/rollups";
import { jsonResponse, otherMethods } from "@/lib/api/handler";
import { ADMIN_ROLES, withCompany } from "@/lib/api/with-company";
import { invalidateCompany } from "@/lib/cache";
import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

/**
 * POST /api/v2/companies/{company_id}/user-metrics/refresh/ — recompute the company's rollups from
 * raw sessions (owner/admin), then retire its cached results.
 */
export const POST = withCompany({ action: "user_metrics.refresh", roles: ADMIN_ROLES }, async (_req, ctx) => {
  const m = metrics();
  const result = await refreshCompanyMetrics(ctx.database, ctx.company.id).catch((error) => {
    m.refreshRuns.inc({ outcome: "failed" });
    throw error;
  });
  m.refreshRuns.inc({ outcome: "ok" });
  m.refreshDuration.observe(result.duration_ms / 1000);
  await invalidateCompany(ctx.company.id);
  ctx.auditExtra.members = String(result.members);
  ctx.auditExtra.duration_ms = String(result.duration_ms);
  return jsonResponse(result, 200, { "Cache-Control": "no-store" });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.refresh", ["POST"]);
