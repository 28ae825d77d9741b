import { listUserMetrics } from "@/db/queries/user-metrics";
import { ApiError, MESSAGES } from "@/lib/api/errors";
import { jsonWithETag, otherMethods } from "@/lib/api/handler";
import { pageLinks } from "@/lib/api/pagination";
import { READ_ROLES, withCompany } from "@/lib/api/with-company";
import { cached, CACHE_TTL_SECONDS } from "@/lib/cache";
import { toUserMetric } from "@/lib/user-metrics/serialize";
import type { UserMetric, UserMetricsResponse } from "@/lib/user-metrics/types";
import { parseUserMetricsQuery } from "@/lib/validation/user-metrics";

export const dynamic = "force-dynamic";

export const GET = withCompany({ action: "user_metrics.list", roles: READ_ROLES }, async (req, ctx) => {
  const query = parseUserMetricsQuery(new URL(req.url).searchParams);
  const { value, hit } = await cached(ctx.company.id, "list", query, async () => {
    const { count, rows } = await listUserMetrics(ctx.database, ctx.company.id, query);
    return { count, results: rows.map(toUserMetric) as UserMetric[] };
  });
  if (query.page > 1 && value.results.length === 0) throw new ApiError("invalid_page", MESSAGES.invalidPage);

  const body: UserMetricsResponse = {
    count: value.count,
    ...pageLinks(req, query.page, query.pageSize, value.count),
    results: value.results,
  };
  return jsonWithETag(req, body, {
    "Cache-Control": `private, max-age=${CACHE_TTL_SECONDS}`,
    "X-Cache": hit ? "HIT" : "MISS",
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.list", ["GET"]);
