import "server-only";
import { getDb, type Db } from "@/db/client";
import { reading } from "@/db/replica";
import { touchApiKey } from "@/db/queries/api-keys";
import type { MemberRole } from "@/db/schema";
import { recordBrowserActivity } from "@/lib/activity";
import { authenticateFor, type Caller } from "@/lib/auth/authenticate";
import { can, PEOPLE_ONLY, type Permission } from "@/lib/auth/policy";
import { metrics } from "@/lib/observability/metrics";
import { limitCompany, retryAfterSeconds } from "@/lib/rate-limit";
import { UUID } from "@/lib/uuid";
import { parseQuery, type QueryContract } from "@/lib/validation/query";
import type { z } from "zod";
import { ApiError, MESSAGES, rateLimitDetail } from "./errors";
import { apiHandler, parseBody, type BodyContract, type HandlerResult, type RequestArgs } from "./handler";

/** What a company-scoped handler is handed: checked, parsed, typed. */
export type CompanyArgs<Q, B, P = { companyId: string }> = Omit<RequestArgs, "identify"> & {
  /** The route's path parameters (the company's id as given). */
  params: P;
  query: Q;
  body: B;
  /** The primary: writes, and reads that must see every write (the caller's access). */
  db: Db;
  /**
   * Runs a read of this company's metrics where it may: a caught-up replica when one is
   * configured, else the primary (db/replica.ts). `canRetry`: whether a read the replica failed
   * may run again on the primary (not once part of it has been sent).
   */
  read: <T>(work: (db: Db) => Promise<T>, canRetry?: () => boolean) => Promise<T>;
  caller: Caller;
  company: { id: string; name: string; timezone: string };
  role: MemberRole;
};

/**
 * A company-scoped v2 handler. Checks run in a fixed order: 401 → 404 → 403 (the role policy's
 * `permission`) → 429, then the query and body contracts (400), then the handler. Refused
 * requests do not count against the company's limit.
 */
export function withCompany<
  Q = undefined,
  B = undefined,
  P extends { companyId: string } = { companyId: string },
>(
  options: {
    action: string;
    permission: Permission;
    query?: QueryContract<z.ZodObject, Q>;
    body?: BodyContract<B>;
  },
  handler: (args: CompanyArgs<Q, B, P>) => Promise<HandlerResult>,
) {
  return apiHandler<P>(options.action, async ({ identify, params, ...request }) => {
    const { req } = request;
    const { companyId } = params;
    identify({ company: companyId });
    const db = await getDb();
    const { caller, access } = await authenticateFor(
      req,
      db,
      UUID.test(companyId) ? companyId.toLowerCase() : null,
    );
    identify({ actor: caller.id, actorKey: caller.key?.id ?? null });
    if (!access) throw new ApiError("company_not_found", MESSAGES.companyNotFound);
    const { company, membership } = access;
    // People by their role; a key by its scopes (already cut down to its creator's current role).
    if (caller.key) checkKey(caller.key, company.id, options.permission);
    else if (!can(membership, options.permission))
      throw new ApiError("permission_denied", MESSAGES.permissionDenied, { company_id: company.id });

    const limit = await limitCompany(company.id);
    identify({ rateLimit: limit });
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
    // Days, "today" included, are the company's unless the request names a zone.
    const query = (
      options.query
        ? parseQuery(options.query, new URL(req.url).searchParams, new Date(), { timezone: company.timezone })
        : undefined
    ) as Q;
    let body = undefined as B;
    if (options.body) {
      body = await parseBody(req, options.body);
      identify({ audit: options.body.audit?.(body) });
    }
    if (caller.key) markKeyUsed(db, caller.key.id);
    if (caller.via === "cookie" && caller.sessionId) {
      // The product's own use shows up in its metrics; never delays or fails the request.
      void recordBrowserActivity(db, company.id, caller.id, caller.sessionId).catch((error) =>
        console.warn(
          `[user-metrics] ${request.requestId} browser activity not recorded: ${(error as Error).message}`,
        ),
      );
    }
    const read: CompanyArgs<Q, B, P>["read"] = (work, canRetry) => reading(company.id, work, canRetry);
    return handler({ ...request, params, query, body, db, read, caller, company, role: membership!.role });
  });
}

/**
 * An API key acts only in its own company (else 403, as for a non-member), only with the scope
 * the endpoint needs (403 insufficient_scope, RFC 6750), and never manages keys.
 */
function checkKey(key: NonNullable<Caller["key"]>, companyId: string, permission: Permission) {
  if (key.companyId !== companyId || PEOPLE_ONLY.includes(permission))
    throw new ApiError("permission_denied", MESSAGES.permissionDenied, { company_id: companyId });
  if (!(key.scopes as Permission[]).includes(permission))
    throw new ApiError(
      "insufficient_scope",
      `This API key lacks the "${permission}" scope.`,
      { required_scope: permission },
      { "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${permission}"` },
    );
}

/** When each key was last marked used by this instance: one write a minute at most. */
const lastMarked = new Map<string, number>();
const MARK_EVERY_MS = 60_000;

function markKeyUsed(db: Db, keyId: string) {
  const now = Date.now();
  if (now - (lastMarked.get(keyId) ?? 0) < MARK_EVERY_MS) return;
  if (lastMarked.size >= 10_000) lastMarked.delete(lastMarked.keys().next().value!);
  lastMarked.set(keyId, now);
  void touchApiKey(db, keyId).catch((error) =>
    console.warn(`[user-metrics] api key last use not recorded: ${(error as Error).message}`),
  );
}
