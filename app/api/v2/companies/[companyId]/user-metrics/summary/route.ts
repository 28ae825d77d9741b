import { readsRawSessions, summarizeUserMetrics } from "@/db/queries/user-metrics-summary";
import { summaryQuery } from "@/lib/contracts/user-metrics";
import { jsonWithETag, otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { cached, CACHE_TTL_SECONDS } from "@/lib/cache";
import { rawSessionWork } from "@/lib/user-metrics/one-at-a-time";
import { toSummary } from "@/lib/user-metrics/summary";

export const dynamic = "force-dynamic";

/** GET /api/v2/companies/{company_id}/user-metrics/summary/ — aggregates for the list's filters. */
export const GET = withCompany(
  { action: "user_metrics.summary", permission: "metrics:read", query: summaryQuery },
  async ({ req, query, read, company }) => {
    const { value, hit } = await cached(
      company.id,
      "summary",
      query,
      async () => {
        const compute = async () =>
          toSummary(company.id, query, await read((db) => summarizeUserMetrics(db, company.id, query)));
        // From raw sessions (member filters, another zone): one at a time per company.
        return readsRawSessions(query) ? rawSessionWork.run(company.id, compute, req.signal) : compute();
      },
      // Summaries cached by an older instance lack `engagement` (and `company_members`), which the pages read.
      (v) => typeof v === "object" && v !== null && "engagement" in v && "company_members" in v,
    );
    const headers = {
      "Cache-Control": `private, max-age=${CACHE_TTL_SECONDS}`,
      "X-Cache": hit ? "HIT" : "MISS",
    };
    return jsonWithETag(req, value, headers);
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.summary", ["GET"]);
