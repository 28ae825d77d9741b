import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Db } from "@/db/client";
import { auditParams, writeAudit } from "@/lib/audit";
import { peekCompany, rateLimitHeaders, type RateLimitState } from "@/lib/rate-limit";
import { clientAddress, userAgent } from "@/lib/request";
import { ApiError, MESSAGES } from "./errors";

/** What a request learns as it goes; the wrapper reads it for headers and the audit row. */
export type RequestContext = {
  requestId: string;
  db: () => Promise<Db>;
  actorId: string | null;
  /** The company named in the path, as given. */
  companyRef: string | null;
  /** Set when the request is subject to the per-company limit. */
  rateLimit: RateLimitState | null;
  /** Extra fields for the audit row's params (row counts and the like). */
  auditExtra: Record<string, string>;
};

type Handler<P> = (req: Request, ctx: RequestContext, params: P) => Promise<Response>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const DB_DOWN_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && DB_DOWN_CODES.has(code)) return true;
  }
  return false;
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

function toErrorResponse(error: unknown, requestId: string): { response: Response; code: string } {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (isDatabaseUnavailable(error)) {
    console.error(`[user-metrics] ${requestId} database unavailable: ${(error as Error).message}`);
    apiError = new ApiError("service_unavailable", MESSAGES.unavailable, {}, { "Retry-After": "5" });
  } else {
    console.error(`[user-metrics] ${requestId} unhandled error`, error);
    apiError = new ApiError("internal_error", MESSAGES.internal);
  }
  const response = jsonResponse(apiError.body(), apiError.status, {
    "Cache-Control": "no-store",
    ...apiError.headers,
  });
  return { response, code: apiError.code };
}

/**
 * The outer wrapper of every v2 handler: request id, errors in the seed's shape, rate-limit
 * headers, and exactly one durable audit row per request, allowed or refused.
 */
export function apiHandler<P = Record<string, string>>(action: string, handler: Handler<P>) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id");
    const ctx: RequestContext = {
      requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
      db: getDb,
      actorId: null,
      companyRef: null,
      rateLimit: null,
      auditExtra: {},
    };
    let response: Response;
    let code: string | null = null;
    try {
      response = await handler(req, ctx, await route.params);
    } catch (error) {
      ({ response, code } = toErrorResponse(error, ctx.requestId));
    }

    const headers = new Headers(response.headers);
    headers.set("X-Request-Id", ctx.requestId);
    if (ctx.companyRef !== null) {
      const state = ctx.rateLimit ?? (await peekCompany(UUID.test(ctx.companyRef) ? ctx.companyRef : null));
      for (const [k, v] of Object.entries(rateLimitHeaders(state))) headers.set(k, v);
    }

    const url = new URL(req.url);
    try {
      const db = await getDb();
      await writeAudit(db, {
        requestId: ctx.requestId,
        actorUserId: ctx.actorId,
        companyRef: ctx.companyRef?.slice(0, 64) ?? null,
        action,
        method: req.method,
        path: url.pathname.slice(0, 512),
        params: { ...auditParams(url.searchParams), ...ctx.auditExtra },
        status: response.status,
        code,
        clientAddress: clientAddress(req),
        userAgent: userAgent(req),
        durationMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      console.error(`[user-metrics] ${ctx.requestId} audit write failed: ${(error as Error).message}`);
    }
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
