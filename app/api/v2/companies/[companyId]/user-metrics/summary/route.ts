import { summarizeUserMetrics } from "@/db/queries/user-metrics-summary";
import { jsonWithETag, otherMethods } from "@/lib/api/handler";
import { READ_ROLES, withCompany } from "@/lib/api/with-company";
import { cached, CACHE_TTL_SECONDS } from "@/lib/cache";
import { toSummary } from "@/lib/user-metrics/summary";
import { parseSummaryQuery } from "@/lib/validation/user-metrics";

export const dynamic = "force-dynamic";

/** GET /api/v2/companies/{company_id}/user-metrics/summary/ — aggregates for the list's filters. */
export const GET = withCompany({ action: "user_metrics.summary", roles: READ_ROLES }, async (req, ctx) => {
  const filters = parseSummaryQuery(new URL(req.url).searchParams);
  const { value, hit } = await cached(
    ctx.company.id,
    "summary",
    filters,
    async () =>
      toSummary(ctx.company.id, filters, await summarizeUserMetrics(ctx.database, ctx.company.id, filters)),
    // Summaries cached before `company_members` existed lack it, and the dashboard reads it.
    (v) => typeof v === "object" && v !== null && "company_members" in v,
  );
  return jsonWithETag(req, value, {
    "Cache-Control": `private, max-age=${CACHE_TTL_SECONDS}`,
    "X-Cache": hit ? "HIT" : "MISS",
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.summary", ["GET"]);
