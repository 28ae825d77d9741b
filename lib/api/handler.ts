import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { auditLog, type AuditEntry } from "@/db/schema";
import { auditParams, boundParams, clean, completeAudit, writeAudit } from "@/lib/audit";
import {
  limitRefused,
  policyState,
  rateLimitHeaders,
  retryAfterSeconds,
  type RateLimitState,
} from "@/lib/rate-limit";
import { clientAddress, userAgent } from "@/lib/request";
import { logger } from "@/lib/observability/logger";
import { metrics } from "@/lib/observability/metrics";
import { ApiError, MESSAGES, rateLimitDetail } from "./errors";
import { routeTemplate } from "./routes";

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
  /** For streamed bodies: settles when the body is complete; the audit row is then completed. */
  completion?: Promise<{ ok: boolean; error?: unknown; cancelled?: boolean }>;
  /** For streamed bodies: figures (row counts) recorded in the audit row when the stream ends. */
  progress: Record<string, string>;
  /**
   * Writes this request's audit row inside the transaction that makes its change, for the status
   * the handler is about to answer: the change and its row commit together, or neither does.
   */
  auditWithin: (tx: Tx, status: number, extra?: Record<string, string>) => Promise<void>;
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
  // A statement that ran past its deadline (statement_timeout): the database is too busy for it now.
  "57014",
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
    const url = new URL(req.url);
    const entry = (status: number, code: string | null): AuditEntry => ({
      requestId: ctx.requestId,
      actorUserId: ctx.actorId,
      companyRef: ctx.companyRef === null ? null : clean(ctx.companyRef, 64),
      action,
      method: req.method,
      path: clean(url.pathname, 512),
      params: boundParams({ ...auditParams(url.searchParams), ...ctx.auditExtra }),
      status,
      code,
      clientAddress: clientAddress(req),
      userAgent: userAgent(req),
      durationMs: Math.round(performance.now() - started),
    });
    let inTransaction: { id: number; status: number } | null = null;
    const ctx: RequestContext = {
      requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
      db: getDb,
      actorId: null,
      companyRef: null,
      rateLimit: null,
      auditExtra: {},
      progress: {},
      auditWithin: async (tx, status, extra) => {
        Object.assign(ctx.auditExtra, extra);
        const [row] = await tx.insert(auditLog).values(entry(status, null)).returning({ id: auditLog.id });
        inTransaction = { id: row!.id, status };
      },
    };
    let response: Response;
    let code: string | null = null;
    try {
      response = await handler(req, ctx, await route.params);
    } catch (error) {
      ({ response, code } = toErrorResponse(error, ctx.requestId));
    }
    if (ctx.rateLimit === null && isUnauthenticatedRefusal(req, response.status)) {
      // Refusals are cheap but each is audited: one address may not flood them.
      const state = await limitRefused(clientAddress(req));
      if (state && !state.success) {
        await response.body?.cancel();
        const wait = retryAfterSeconds(state.reset);
        ({ response, code } = toErrorResponse(
          new ApiError(
            "rate_limit_exceeded",
            rateLimitDetail(wait),
            { retry_after: wait },
            { "Retry-After": String(wait) },
          ),
          ctx.requestId,
        ));
      }
    }

    try {
      const db = await getDb();
      const auditId = await auditRow(db, inTransaction, response.status, code, entry);
      if (ctx.completion) {
        const completion = ctx.completion;
        void completion.then(async (outcome) => {
          const result = outcome.ok ? "complete" : outcome.cancelled ? "cancelled" : "failed";
          if (outcome.error) console.error(`[user-metrics] ${ctx.requestId} stream failed`, outcome.error);
          try {
            await completeAudit(
              db,
              auditId,
              { ...ctx.progress, stream: result },
              Math.round(performance.now() - started),
            );
          } catch (error) {
            console.error(
              `[user-metrics] ${ctx.requestId} audit completion failed: ${(error as Error).message}`,
            );
          }
        });
      }
    } catch (error) {
      // No unaudited access: if the row cannot be written, the answer is not given either.
      console.error(`[user-metrics] ${ctx.requestId} audit write failed: ${(error as Error).message}`);
      metrics().auditWriteFailures.inc();
      await response.body?.cancel();
      ({ response } = toErrorResponse(
        new ApiError("service_unavailable", MESSAGES.unavailable, {}, { "Retry-After": "5" }),
        ctx.requestId,
      ));
    }

    const headers = new Headers(response.headers);
    headers.set("X-Request-Id", ctx.requestId);
    if (ctx.companyRef !== null) {
      // Requests refused before the limiter are not counted, and get the policy rather than the
      // company's live window: a stranger must not learn how busy a company is.
      for (const [k, v] of Object.entries(rateLimitHeaders(ctx.rateLimit ?? policyState())))
        headers.set(k, v);
    }
    observe(req, action, ctx, response.status, headers.get("x-cache"), performance.now() - started);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

const isUnauthenticatedRefusal = (req: Request, status: number) =>
  status === 401 || status === 405 || req.method === "OPTIONS";

/**
 * The request's one audit row: written now, or — when the handler wrote it inside its own
 * transaction — only corrected if the answer turned out otherwise (or written after all if that
 * transaction rolled back).
 */
async function auditRow(
  db: Db,
  inTransaction: { id: number; status: number } | null,
  status: number,
  code: string | null,
  entry: (status: number, code: string | null) => AuditEntry,
): Promise<number> {
  if (inTransaction) {
    if (inTransaction.status === status && code === null) return inTransaction.id;
    const [kept] = await db
      .update(auditLog)
      .set({ status, code })
      .where(eq(auditLog.id, inTransaction.id))
      .returning({ id: auditLog.id });
    if (kept) return kept.id;
  }
  return writeAudit(db, entry(status, code));
}

/** One metrics sample and one structured log line per request; never a token, password or cookie. */
function observe(
  req: Request,
  action: string,
  ctx: RequestContext,
  status: number,
  cache: string | null,
  ms: number,
) {
  const route = routeTemplate(action);
  const m = metrics();
  m.requestDuration.observe({ route, method: req.method, status: String(status) }, ms / 1000);
  m.responses.inc({ route, status: String(status) });
  const rateLimit = ctx.rateLimit
    ? ctx.rateLimit.degraded
      ? "degraded"
      : ctx.rateLimit.success
        ? "allowed"
        : "limited"
    : "not_applied";
  logger().info(
    {
      request_id: ctx.requestId,
      route,
      method: req.method,
      status,
      duration_ms: Math.round(ms * 10) / 10,
      company: ctx.companyRef === null ? null : clean(ctx.companyRef, 64),
      actor: ctx.actorId,
      cache: cache ?? undefined,
      rate_limit: rateLimit,
    },
    "request",
  );
}

/**
 * A JSON 200 with a weak ETag of its body; `If-None-Match` with the same tag gets 304 and no body.
 */
export function jsonWithETag(req: Request, body: unknown, headers: Record<string, string>) {
  return jsonTextWithETag(req, JSON.stringify(body), headers);
}

/** `jsonWithETag` for a body already serialised. */
export function jsonTextWithETag(req: Request, text: string, headers: Record<string, string>) {
  const etag = `W/"${createHash("sha1").update(text).digest("base64url")}"`;
  const match = req.headers
    .get("if-none-match")
    ?.split(",")
    .map((t) => t.trim())
    .some((t) => t === etag || t === "*" || t === etag.slice(2));
  // The answer depends on who asks: never let a cache hand one caller's copy to another.
  const all = { ...headers, ETag: etag, Vary: "Authorization, Cookie" };
  if (match) return new Response(null, { status: 304, headers: all });
  return new Response(text, { status: 200, headers: { "Content-Type": "application/json", ...all } });
}

const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Handlers for the methods a route does not serve: 405 in the seed's error shape (and OPTIONS
 * answered with `Allow`), through the same wrapper so they are audited like everything else.
 */
export function otherMethods(action: string, allowed: (typeof ALL_METHODS)[number][]) {
  const allow = [...allowed, "OPTIONS"].join(", ");
  const refuse = apiHandler(action, async (req) => {
    throw new ApiError("method_not_allowed", `Method "${req.method}" not allowed.`, {}, { Allow: allow });
  });
  const handlers: Partial<Record<(typeof ALL_METHODS)[number] | "OPTIONS", typeof refuse>> = {
    OPTIONS: apiHandler(action, async () => new Response(null, { status: 204, headers: { Allow: allow } })),
  };
  for (const method of ALL_METHODS) if (!allowed.includes(method)) handlers[method] = refuse;
  return handlers;
}
