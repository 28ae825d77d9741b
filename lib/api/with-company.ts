import "server-only";
import type { Db } from "@/db/client";
import type { MemberRole } from "@/db/schema";
import { recordBrowserActivity } from "@/lib/activity";
import { authenticateFor, type Caller } from "@/lib/auth/authenticate";
import { limitCompany, retryAfterSeconds } from "@/lib/rate-limit";
import { metrics } from "@/lib/observability/metrics";
import { ApiError, MESSAGES, rateLimitDetail } from "./errors";
import { UUID } from "@/lib/uuid";
import { apiHandler, type RequestContext } from "./handler";

export type CompanyContext = RequestContext & {
  db: () => Promise<Db>;
  database: Db;
  caller: Caller;
  company: { id: string; name: string };
  role: MemberRole;
};

/** Roles that may read a company's metrics: any active member but a viewer (SPEC §4.1). */
export const READ_ROLES: MemberRole[] = ["owner", "admin", "member"];
export const ADMIN_ROLES: MemberRole[] = ["owner", "admin"];

/**
 * A company-scoped v2 handler. Checks run in the order SPEC §4.1 fixes: 401 → 404 → 403 → 429,
 * then the handler (which validates: 400). Refused requests do not count against the company's limit.
 */
export function withCompany(
  options: { action: string; roles: MemberRole[] },
  handler: (req: Request, ctx: CompanyContext) => Promise<Response>,
) {
  return apiHandler<{ companyId: string }>(options.action, async (req, ctx, { companyId }) => {
    // Audit rows and logs name the company canonically (a UUID in lower case), however it was typed.
    ctx.companyRef = UUID.test(companyId) ? companyId.toLowerCase() : companyId;
    const db = await ctx.db();
    const { caller, access } = await authenticateFor(
      req,
      db,
      UUID.test(companyId) ? companyId.toLowerCase() : null,
    );
    ctx.actorId = caller.id;
    if (!access) throw new ApiError("company_not_found", MESSAGES.companyNotFound);
    const { company, membership } = access;

    if (!membership || membership.status !== "active" || !options.roles.includes(membership.role)) {
      throw new ApiError("permission_denied", MESSAGES.permissionDenied, { company_id: company.id });
    }

    const limit = await limitCompany(company.id);
    ctx.rateLimit = limit;
    if (limit.degraded) metrics().rateLimitDegraded.inc();
    if (!limit.success) {
      metrics().rateLimitHits.inc({ company_id: company.id });
      const wait = retryAfterSeconds(limit.reset);
      throw new ApiError(
        "rate_limit_exceeded",
        rateLimitDetail(wait),
        { retry_after: wait },
        { "Retry-After": String(wait) },
      );
    }
    if (caller.via === "cookie" && caller.sessionId) {
      // The product's own use shows up in its metrics; never delays or fails the request.
      void recordBrowserActivity(db, company.id, caller.id, caller.sessionId).catch((error) =>
        console.warn(
          `[user-metrics] ${ctx.requestId} browser activity not recorded: ${(error as Error).message}`,
        ),
      );
    }
    return handler(req, Object.assign(ctx, { database: db, caller, company, role: membership.role }));
  });
}
