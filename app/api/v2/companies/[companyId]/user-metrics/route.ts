import { listUserMetrics } from "@/db/queries/user-metrics";
import { userMetricsListQuery, type UserMetric } from "@/lib/contracts/user-metrics";
import { ApiError, MESSAGES } from "@/lib/api/errors";
import { jsonTextWithETag, otherMethods } from "@/lib/api/handler";
import { pageLinks } from "@/lib/api/pagination";
import { withCompany } from "@/lib/api/with-company";
import { cached, CACHE_TTL_SECONDS } from "@/lib/cache";
import { toUserMetric } from "@/lib/user-metrics/serialize";

export const dynamic = "force-dynamic";

/** GET /api/v2/companies/{company_id}/user-metrics/ — one page of the company's members' metrics. */
export const GET = withCompany(
  { action: "user_metrics.list", permission: "metrics:read", query: userMetricsListQuery },
  async ({ req, query, read, company }) => {
    // The page's rows are cached as JSON text and spliced into the body as they are: a cache hit
    // neither parses nor re-serialises them.
    const { value, hit } = await cached(company.id, "list", query, async () => {
      const { count, rows } = await read((db) => listUserMetrics(db, company.id, query));
      return { count, results: JSON.stringify(rows.map(toUserMetric) satisfies UserMetric[]) };
    });
    if (query.page > 1 && value.results === "[]") throw new ApiError("invalid_page", MESSAGES.invalidPage);
    const { next, previous } = pageLinks(req, query.page, query.pageSize, value.count);
    // Field order and shape as UserMetricsResponse (count, next, previous, results).
    const text = `{"count":${value.count},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":${value.results}}`;
    const headers = {
      "Cache-Control": `private, max-age=${CACHE_TTL_SECONDS}`,
      "X-Cache": hit ? "HIT" : "MISS",
    };
    return jsonTextWithETag(req, text, headers);
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.list", ["GET"]);
