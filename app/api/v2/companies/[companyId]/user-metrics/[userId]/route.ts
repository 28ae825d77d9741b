import { memberActivity } from "@/db/queries/member-detail";
import { findMemberMetric } from "@/db/queries/user-metrics";
import { memberDetailQuery, type MemberDetailWindow } from "@/lib/contracts/user-metrics";
import { ApiError, MESSAGES } from "@/lib/api/errors";
import { jsonWithETag, otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { cached, CACHE_TTL_SECONDS } from "@/lib/cache";
import { toUserMetricDetail } from "@/lib/user-metrics/detail";
import { UUID } from "@/lib/uuid";

export const dynamic = "force-dynamic";

/** GET /api/v2/companies/{company_id}/user-metrics/{user_id}/ — one member's figures, days and sessions. */
export const GET = withCompany<MemberDetailWindow, undefined, { companyId: string; userId: string }>(
  { action: "user_metrics.detail", permission: "metrics:read", query: memberDetailQuery },
  async ({ req, query, read, company, params }) => {
    // A malformed id names nobody: the same 404 as a stranger's, never a database error.
    if (!UUID.test(params.userId)) throw new ApiError("member_not_found", MESSAGES.memberNotFound);
    const userId = params.userId.toLowerCase();
    const { value, hit } = await cached(company.id, "detail", { userId, ...query }, async () => {
      const [row, activity] = await read((db) =>
        Promise.all([
          findMemberMetric(db, company.id, userId, query),
          memberActivity(db, company.id, userId, query),
        ]),
      );
      return row && toUserMetricDetail(row, activity);
    });
    if (!value) throw new ApiError("member_not_found", MESSAGES.memberNotFound);
    const headers = {
      "Cache-Control": `private, max-age=${CACHE_TTL_SECONDS}`,
      "X-Cache": hit ? "HIT" : "MISS",
    };
    return jsonWithETag(req, value, headers);
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.detail", ["GET"]);
