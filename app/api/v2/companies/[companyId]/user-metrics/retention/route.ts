import { retentionCohorts } from "@/db/queries/retention";
import { retentionQuery } from "@/lib/contracts/user-metrics";
import { jsonWithETag, otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { cached, CACHE_TTL_SECONDS } from "@/lib/cache";
import { rawSessionWork } from "@/lib/user-metrics/one-at-a-time";
import { toRetention } from "@/lib/user-metrics/retention";

export const dynamic = "force-dynamic";

/** GET /api/v2/companies/{company_id}/user-metrics/retention/ — join cohorts and how they keep coming back. */
export const GET = withCompany(
  { action: "user_metrics.retention", permission: "metrics:read", query: retentionQuery },
  async ({ req, query, read, company }) => {
    // Always from raw sessions: one at a time per company.
    const { value, hit } = await cached(company.id, "retention", query, () =>
      rawSessionWork.run(
        company.id,
        async () =>
          toRetention(company.id, query, await read((db) => retentionCohorts(db, company.id, query))),
        req.signal,
      ),
    );
    const headers = {
      "Cache-Control": `private, max-age=${CACHE_TTL_SECONDS}`,
      "X-Cache": hit ? "HIT" : "MISS",
    };
    return jsonWithETag(req, value, headers);
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.retention", ["GET"]);
