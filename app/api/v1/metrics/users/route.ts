import { getDb } from "@/db/client";
import { activeCompaniesOf } from "@/db/queries/memberships";
import { apiHandler, otherMethods } from "@/lib/api/handler";
import { UUID } from "@/lib/uuid";
import { authenticate } from "@/lib/auth/authenticate";
import { requestOrigin } from "@/lib/request";
import { validationError } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

/** When v1 was deprecated (RFC 9745 `Deprecation: @<epoch seconds>`): 2025-07-01T00:00:00Z. */
const DEPRECATED_AT = Date.UTC(2025, 6, 1) / 1000;

/**
 * GET /api/v1/metrics/users/ — the v1 endpoint, kept as a permanent redirect (308) to its v2
 * equivalent (the original API's migration notes). The company comes from `company_id`, or else is the caller's
 * only company; `include_inactive=false` becomes `status=active`; other parameters pass through.
 */
export const GET = apiHandler("v1.metrics.users", async ({ req, identify }) => {
  const url = new URL(req.url);
  const params = new URLSearchParams(url.search);
  let companyId = params.get("company_id");
  params.delete("company_id");

  if (companyId !== null) {
    if (!UUID.test(companyId)) throw validationError({ company_id: ["Must be a valid UUID."] });
  } else {
    // Only the caller's memberships can name the company: that needs credentials.
    const db = await getDb();
    const caller = await authenticate(req, db);
    identify({ actor: caller.id });
    const companies = await activeCompaniesOf(db, caller.id);
    if (companies.length !== 1) {
      throw validationError(
        {
          company_id: [
            companies.length === 0
              ? "You are not an active member of any company."
              : `You belong to ${companies.length} companies: add company_id (one of ${companies.map((c) => c.id).join(", ")}).`,
          ],
        },
        "Cannot determine the company for this v1 request.",
      );
    }
    companyId = companies[0]!.id;
  }
  identify({ company: companyId });

  const includeInactive = params.get("include_inactive");
  params.delete("include_inactive");
  if (includeInactive !== null && includeInactive !== "true" && includeInactive !== "false") {
    throw validationError({ include_inactive: ["Must be true or false."] });
  }
  if (includeInactive === "false" && !params.has("status")) params.set("status", "active");

  const query = params.toString();
  const target = `${requestOrigin(req)}/api/v2/companies/${companyId.toLowerCase()}/user-metrics/${query ? `?${query}` : ""}`;
  return new Response(null, {
    status: 308,
    headers: {
      Location: target,
      Deprecation: `@${DEPRECATED_AT}`,
      Link: `<${target}>; rel="successor-version"`,
      "Cache-Control": "no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("v1.metrics.users", ["GET"]);
