import { listUserMetrics } from "@/db/queries/user-metrics";
import { ApiError, MESSAGES } from "@/lib/api/errors";
import { jsonTextWithETag, otherMethods } from "@/lib/api/handler";
import { pageLinks } from "@/lib/api/pagination";
import { READ_ROLES, withCompany } from "@/lib/api/with-company";
import { cached, CACHE_TTL_SECONDS } from "@/lib/cache";
import { toUserMetric } from "@/lib/user-metrics/serialize";
import type { UserMetric } from "@/lib/user-metrics/types";
import { parseUserMetricsQuery } from "@/lib/validation/user-metrics";

export const dynamic = "force-dynamic";

export const GET = withCompany({ action: "user_metrics.list", roles: READ_ROLES }, async (req, ctx) => {
  const query = parseUserMetricsQuery(new URL(req.url).searchParams);
  // The page's rows are cached as JSON text and spliced into the body as they are: a cache hit
  // neither parses nor re-serialises them.
  const { value, hit } = await cached(ctx.company.id, "list", query, async () => {
    const { count, rows } = await listUserMetrics(ctx.database, ctx.company.id, query);
    return { count, results: JSON.stringify(rows.map(toUserMetric) satisfies UserMetric[]) };
  });
  if (query.page > 1 && value.results === "[]") throw new ApiError("invalid_page", MESSAGES.invalidPage);

  const links = pageLinks(req, query.page, query.pageSize, value.count);
  // Field order and shape as UserMetricsResponse (count, next, previous, results).
  const text = `{"count":${value.count},"next":${JSON.stringify(links.next)},"previous":${JSON.stringify(links.previous)},"results":${value.results}}`;
  return jsonTextWithETag(req, text, {
    "Cache-Control": `private, max-age=${CACHE_TTL_SECONDS}`,
    "X-Cache": hit ? "HIT" : "MISS",
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.list", ["GET"]);
