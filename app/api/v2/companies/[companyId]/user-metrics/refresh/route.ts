import { refreshCompanyMetrics } from "@/db/queries/rollups";
import { jsonResponse, otherMethods } from "@/lib/api/handler";
import { ADMIN_ROLES, withCompany } from "@/lib/api/with-company";
import { invalidateCompany } from "@/lib/cache";

export const dynamic = "force-dynamic";

/**
 * POST /api/v2/companies/{company_id}/user-metrics/refresh/ — recompute the company's rollups from
 * raw sessions (owner/admin), then retire its cached results.
 */
export const POST = withCompany({ action: "user_metrics.refresh", roles: ADMIN_ROLES }, async (_req, ctx) => {
  const result = await refreshCompanyMetrics(ctx.database, ctx.company.id);
  await invalidateCompany(ctx.company.id);
  ctx.auditExtra.members = String(result.members);
  ctx.auditExtra.duration_ms = String(result.duration_ms);
  return jsonResponse(result, 200, { "Cache-Control": "no-store" });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.refresh", ["POST"]);
