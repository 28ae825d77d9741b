import "server-only";
import type { Db, Tx } from "@/db/client";
import { RefreshInProgress, refreshCompanyMetrics } from "@/db/queries/rollups";
import type { RefreshResponse } from "@/lib/contracts/user-metrics";
import { ApiError } from "@/lib/api/errors";
import { invalidateCompany } from "@/lib/cache";
import { metrics } from "@/lib/observability/metrics";

/** Refreshes running in this process, by company. */
const inProcess = new Map<string, Promise<RefreshResponse>>();

const inProgress = () =>
  new ApiError(
    "refresh_in_progress",
    "A refresh of this company is already running. Try again shortly.",
    {},
    { "Retry-After": "5" },
  );

/**
 * One refresh of a company at a time. A second request on this instance gets the running one's
 * result (`shared`: it changed nothing itself); one while another instance refreshes is refused
 * with 409 at once. `audit` runs inside the refresh's transaction. Cached results are retired after.
 */
export async function refreshOnce(
  db: Db,
  companyId: string,
  audit: (tx: Tx, result: RefreshResponse) => Promise<void>,
): Promise<{ result: RefreshResponse; shared: boolean }> {
  const running = inProcess.get(companyId);
  if (running) {
    const result = await running.catch(() => null);
    if (!result) throw inProgress();
    return { result, shared: true };
  }
  const m = metrics();
  const refresh = refreshCompanyMetrics(db, companyId, new Date(), audit);
  inProcess.set(companyId, refresh);
  try {
    const result = await refresh;
    m.refreshRuns.inc({ outcome: "ok" });
    m.refreshDuration.observe(result.duration_ms / 1000);
    await invalidateCompany(companyId);
    return { result, shared: false };
  } catch (error) {
    if (error instanceof RefreshInProgress) throw inProgress();
    m.refreshRuns.inc({ outcome: "failed" });
    throw error;
  } finally {
    inProcess.delete(companyId);
  }
}
