import { RefreshInProgress, refreshCompanyMetrics, type RefreshResult } from "@/db/queries/rollups";
import { ApiError } from "@/lib/api/errors";
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
  const running = inProcess.get(ctx.company.id);
  // A second refresh on this instance gets the running one's result; it changed nothing itself.
  if (running) {
    const shared = await running.catch(() => null);
    if (shared) return jsonResponse(shared, 200, { "Cache-Control": "no-store", "X-Refresh": "shared" });
    throw inProgress();
  }
  const m = metrics();
  const refresh = refreshCompanyMetrics(ctx.database, ctx.company.id, new Date(), (tx, r) =>
    ctx.auditWithin(tx, 200, { members: String(r.members), duration_ms: String(r.duration_ms) }),
  );
  inProcess.set(ctx.company.id, refresh);
  try {
    const result = await refresh;
    m.refreshRuns.inc({ outcome: "ok" });
    m.refreshDuration.observe(result.duration_ms / 1000);
    await invalidateCompany(ctx.company.id);
    return jsonResponse(result, 200, { "Cache-Control": "no-store" });
  } catch (error) {
    if (!(error instanceof RefreshInProgress)) {
      m.refreshRuns.inc({ outcome: "failed" });
      throw error;
    }
    throw inProgress();
  } finally {
    inProcess.delete(ctx.company.id);
  }
});

const inProgress = () =>
  new ApiError(
    "refresh_in_progress",
    "A refresh of this company is already running. Try again shortly.",
    {},
    { "Retry-After": "5" },
  );

/** Refreshes running in this process, by company. */
const inProcess = new Map<string, Promise<RefreshResult>>();

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.refresh", ["POST"]);
