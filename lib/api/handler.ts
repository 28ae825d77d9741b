import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { isDatabaseUnavailable } from "@/db/errors";
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
import { UUID } from "@/lib/uuid";
import { readJsonBody } from "@/lib/validation/body";
import { fieldErrors, validationError } from "@/lib/validation/query";
import type { StreamOutcome } from "./stream";
import { ApiError, MESSAGES, rateLimitDetail } from "./errors";
import { routeTemplate } from "./routes";

/** A stream's end, with the figures (row counts) its audit row is completed with. */
export type StreamDone = Promise<StreamOutcome & { audit?: Record<string, string> }>;

/**
 * What a handler returns: a Response as is, a JSON body, or a streamed body. `audit` adds figures
 * to the request's audit row; `actor` names the caller when the handler established who it is.
 */
export type HandlerResult =
  | Response
  | ({ json: unknown; status?: number; headers?: Record<string, string> } & ResultExtras)
  | ({
      stream: ReadableStream<Uint8Array>;
      done: StreamDone;
      headers?: Record<string, string>;
    } & ResultExtras);
type ResultExtras = { audit?: Record<string, string>; actor?: string };

/** What every handler is handed. */
export type RequestArgs = {
  req: Request;
  requestId: string;
  /**
   * Writes this request's audit row inside the transaction that makes its change, for the status
   * the handler is about to answer: the change and its row commit together, or neither does.
   */
  auditInTransaction: (tx: Tx, status: number, figures?: Record<string, string>) => Promise<void>;
  /**
   * For wrappers and routes that establish who is asking: the audit row and log line name them
   * (and the company, canonical) even when the request is refused afterwards.
   */
  identify: (who: {
    actor?: string | null;
    actorKey?: string | null;
    company?: string | null;
    rateLimit?: RateLimitState;
    audit?: Record<string, string>;
  }) => void;
};

/** A JSON body's contract: its schema, its size limit, and what of it the audit row records. */
export type BodyContract<B> = {
  schema: z.ZodType<B>;
  maxBytes: number;
  audit?: (body: B) => Record<string, string>;
};

type Handler<P, B> = (args: RequestArgs & { params: P; body: B }) => Promise<HandlerResult>;

/** What the wrapper learns as a request goes (never touched by route handlers). */
type RequestState = {
  requestId: string;
  actorId: string | null;
  actorKeyId: string | null;
  companyRef: string | null;
  rateLimit: RateLimitState | null;
  audit: Record<string, string>;
  inTransaction: { id: number; status: number } | null;
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** Reads and checks a JSON body by its contract (a bad one is the API's 400, 413 or 415). */
export async function parseBody<B>(req: Request, contract: BodyContract<B>): Promise<B> {
  const parsed = contract.schema.safeParse(await readJsonBody(req, contract.maxBytes));
  if (!parsed.success) throw validationError(fieldErrors(parsed.error), "Invalid request body.");
  return parsed.data;
}

function toErrorResponse(error: unknown, requestId: string): { response: Response; code: string } {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof z.ZodError) apiError = validationError(fieldErrors(error));
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
 * The outer wrapper of every v2 handler: request id, errors in the API's shape, rate-limit
 * headers, and exactly one durable audit row per request, allowed or refused. Handlers get plain
 * values and return what the wrapper needs (`HandlerResult`); a body contract, if given, is
 * parsed first (routes with checks before validation, like `withCompany`, parse it themselves).
 */
export function apiHandler<P = Record<string, string>, B = undefined>(
  options: string | { action: string; body?: BodyContract<B> },
  handler: Handler<P, B>,
) {
  const { action, body: bodyContract } = typeof options === "string" ? { action: options } : options;
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id");
    const url = new URL(req.url);
    const state: RequestState = {
      requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
      actorId: null,
      actorKeyId: null,
      companyRef: null,
      rateLimit: null,
      audit: {},
      inTransaction: null,
    };
    const entry = (status: number, code: string | null): AuditEntry => ({
      requestId: state.requestId,
      actorUserId: state.actorId,
      actorKeyId: state.actorKeyId,
      companyRef: state.companyRef === null ? null : clean(state.companyRef, 64),
      action,
      method: req.method,
      path: clean(url.pathname, 512),
      params: boundParams({ ...auditParams(url.searchParams), ...state.audit }),
      status,
      code,
      clientAddress: clientAddress(req),
      userAgent: userAgent(req),
      durationMs: Math.round(performance.now() - started),
    });
    const args: RequestArgs = {
      req,
      requestId: state.requestId,
      auditInTransaction: async (tx, status, figures) => {
        Object.assign(state.audit, figures);
        const [row] = await tx.insert(auditLog).values(entry(status, null)).returning({ id: auditLog.id });
        state.inTransaction = { id: row!.id, status };
      },
      identify: ({ actor, actorKey, company, rateLimit, audit }) => {
        if (actor !== undefined) state.actorId = actor;
        if (actorKey !== undefined) state.actorKeyId = actorKey;
        Object.assign(state.audit, audit);
        // Audit rows and logs name the company canonically (a UUID in lower case), however typed.
        if (company !== undefined)
          state.companyRef = company !== null && UUID.test(company) ? company.toLowerCase() : company;
        if (rateLimit) state.rateLimit = rateLimit;
      },
    };
    let response: Response;
    let code: string | null = null;
    let done: StreamDone | null = null;
    try {
      let body = undefined as B;
      if (bodyContract) {
        body = await parseBody(req, bodyContract);
        Object.assign(state.audit, bodyContract.audit?.(body));
      }
      const result = await handler({ ...args, params: await route.params, body });
      ({ response, done } = toResponse(result, state));
    } catch (error) {
      ({ response, code } = toErrorResponse(error, state.requestId));
    }
    if (state.rateLimit === null && isUnauthenticatedRefusal(req, response.status)) {
      // Refusals are cheap but each is audited: one address may not flood them.
      const limited = await limitRefused(clientAddress(req));
      if (limited && !limited.success) {
        await response.body?.cancel();
        const wait = retryAfterSeconds(limited.reset);
        ({ response, code } = toErrorResponse(
          new ApiError(
            "rate_limit_exceeded",
            rateLimitDetail(wait),
            { retry_after: wait },
            { "Retry-After": String(wait) },
          ),
          state.requestId,
        ));
      }
    }

    try {
      const db = await getDb();
      const auditId = await auditRow(db, state.inTransaction, response.status, code, entry);
      if (done) {
        void done.then(async (outcome) => {
          const result = outcome.ok ? "complete" : outcome.cancelled ? "cancelled" : "failed";
          if (outcome.error) console.error(`[user-metrics] ${state.requestId} stream failed`, outcome.error);
          try {
            await completeAudit(
              db,
              auditId,
              { ...outcome.audit, stream: result },
              Math.round(performance.now() - started),
            );
          } catch (error) {
            console.error(
              `[user-metrics] ${state.requestId} audit completion failed: ${(error as Error).message}`,
            );
          }
        });
      }
    } catch (error) {
      // No unaudited access: if the row cannot be written, the answer is not given either.
      console.error(`[user-metrics] ${state.requestId} audit write failed: ${(error as Error).message}`);
      metrics().auditWriteFailures.inc();
      await response.body?.cancel();
      ({ response } = toErrorResponse(
        new ApiError("service_unavailable", MESSAGES.unavailable, {}, { "Retry-After": "5" }),
        state.requestId,
      ));
    }

    const headers = new Headers(response.headers);
    headers.set("X-Request-Id", state.requestId);
    if (state.companyRef !== null) {
      // Requests refused before the limiter are not counted, and get the policy rather than the
      // company's live window: a stranger must not learn how busy a company is.
      for (const [k, v] of Object.entries(rateLimitHeaders(state.rateLimit ?? policyState())))
        headers.set(k, v);
    }
    observe(req, action, state, response.status, headers.get("x-cache"), performance.now() - started);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** A handler's result as a Response, its figures and actor recorded for the audit row. */
function toResponse(
  result: HandlerResult,
  state: RequestState,
): { response: Response; done: StreamDone | null } {
  if (result instanceof Response) return { response: result, done: null };
  if (result.actor !== undefined) state.actorId = result.actor;
  Object.assign(state.audit, result.audit);
  if ("stream" in result)
    return {
      response: new Response(result.stream, { status: 200, headers: result.headers }),
      done: result.done,
    };
  return { response: jsonResponse(result.json, result.status ?? 200, result.headers), done: null };
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
  ctx: RequestState,
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
 * Handlers for the methods a route does not serve: 405 in the API's error shape (and OPTIONS
 * answered with `Allow`), through the same wrapper so they are audited like everything else.
 */
export function otherMethods(action: string, allowed: (typeof ALL_METHODS)[number][]) {
  const allow = [...allowed, "OPTIONS"].join(", ");
  const refuse = apiHandler(action, async ({ req }) => {
    throw new ApiError("method_not_allowed", `Method "${req.method}" not allowed.`, {}, { Allow: allow });
  });
  const handlers: Partial<Record<(typeof ALL_METHODS)[number] | "OPTIONS", typeof refuse>> = {
    OPTIONS: apiHandler(action, async () => new Response(null, { status: 204, headers: { Allow: allow } })),
  };
  for (const method of ALL_METHODS) if (!allowed.includes(method)) handlers[method] = refuse;
  return handlers;
}
