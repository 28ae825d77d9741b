import { z } from "zod";
import { tokenRequestSchema, tokenResponseSchema } from "@/lib/contracts/auth";
import { apiKeyListSchema, createApiKeySchema, createdApiKeySchema } from "@/lib/contracts/api-keys";
import { errorBodySchema } from "@/lib/contracts/errors";
import { ingestResultSchema, sessionBatchBodySchema } from "@/lib/contracts/sessions";
import { isRepeatable } from "@/lib/validation/query";
import { companySchema, updateCompanySchema } from "@/lib/contracts/companies";
import {
  exportParamsSchema,
  memberDetailParamsSchema,
  retentionParamsSchema,
  summaryParamsSchema,
  userMetricsQuerySchema,
} from "@/lib/contracts/user-metrics";
import {
  refreshResponseSchema,
  userMetricsRetentionSchema,
  userMetricDetailSchema,
  userMetricsResponseSchema,
  userMetricsSummarySchema,
} from "@/lib/contracts/user-metrics-responses";

/**
 * The OpenAPI 3.1 document of the v2 API, generated from the resources' contracts (lib/contracts):
 * the schemas the handlers validate with and the responses the client types are inferred from.
 */
const SCHEMAS = [
  userMetricsResponseSchema,
  userMetricsSummarySchema,
  userMetricDetailSchema,
  userMetricsRetentionSchema,
  refreshResponseSchema,
  companySchema,
  updateCompanySchema,
  ingestResultSchema,
  tokenRequestSchema,
  tokenResponseSchema,
  errorBodySchema,
  sessionBatchBodySchema,
  createApiKeySchema,
  createdApiKeySchema,
  apiKeyListSchema,
];

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Every schema with a `.meta({ id })` (those above, and nested ones such as UserMetric) as a component. */
function componentSchemas() {
  void SCHEMAS; // importing them is what registers them
  const out = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: "input",
    unrepresentable: "any",
  }) as { schemas: Record<string, Record<string, unknown>> };
  for (const s of Object.values(out.schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return out.schemas;
}

/** An endpoint's query parameters, from its contract's schema (a subset of the list's). */
function queryParameters(schema: { shape: Record<string, z.ZodOptional> }) {
  return Object.entries(schema.shape).map(([name, field]) => {
    // The parsed value's schema: integers with their bounds, enums, dates.
    const schema = z.toJSONSchema(field.unwrap(), { io: "output", unrepresentable: "any" }) as Record<
      string,
      unknown
    >;
    delete schema.$schema;
    // A repeatable parameter (department) is sent once per value: ?department=a&department=b.
    const repeat = isRepeatable(field) ? { style: "form", explode: true } : {};
    return { name, in: "query", required: false, description: field.description, schema, ...repeat };
  });
}

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("ErrorBody") } },
});
const rateLimitHeaders = {
  "X-RateLimit-Limit": {
    description: "Requests allowed per minute for the company",
    schema: { type: "integer" },
  },
  "X-RateLimit-Remaining": { description: "Requests left in the window", schema: { type: "integer" } },
  "X-RateLimit-Reset": {
    description: "Unix time (seconds) when the window resets",
    schema: { type: "integer" },
  },
  "RateLimit-Policy": { description: 'IETF: "company";q=<limit>;w=60', schema: { type: "string" } },
  RateLimit: { description: 'IETF: "company";r=<remaining>;t=<seconds>', schema: { type: "string" } },
  "X-Request-Id": {
    description: "Echoes the caller's X-Request-Id or a new one",
    schema: { type: "string" },
  },
};
const companyErrors = {
  "401": error(
    "No or bad credentials (`authentication_required`, `invalid_token`); WWW-Authenticate: Bearer",
  ),
  "403": error(
    'Not an active member of the company, or a viewer (`permission_denied`, with company_id); an API key of another company (`permission_denied`) or without the operation\'s scope (`insufficient_scope`, with required_scope and WWW-Authenticate: Bearer error="insufficient_scope"); a session-cookie POST from another origin (`csrf_failed`)',
  ),
  "404": error("Unknown, malformed or soft-deleted company (`company_not_found`)"),
  "429": {
    ...error("Over 100 requests per minute for this company (`rate_limit_exceeded`, with retry_after)"),
    headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
  },
  "405": error("Method not allowed (`method_not_allowed`), with Allow"),
  "503": error("Database unavailable (`service_unavailable`), with Retry-After"),
};
const companyParam = {
  name: "company_id",
  in: "path",
  required: true,
  description: "Company identifier (UUID)",
  schema: { type: "string", format: "uuid" },
};
const listParams = queryParameters(userMetricsQuerySchema);
const cachedJson = (id: string, description: string) => ({
  description,
  headers: {
    ...rateLimitHeaders,
    "Cache-Control": { description: "private, max-age=120", schema: { type: "string" } },
    "X-Cache": { description: "HIT or MISS (server-side cache, 2 minutes)", schema: { type: "string" } },
    ETag: { description: "Weak tag of the body; send it back in If-None-Match", schema: { type: "string" } },
  },
  content: { "application/json": { schema: ref(id) } },
});

let cached: ReturnType<typeof build> | null = null;

export function buildOpenApi(serverUrl?: string) {
  cached ??= build();
  return { ...cached, servers: serverUrl ? [{ url: serverUrl }] : [] };
}

function build() {
  // People (a JWT or the browser session) by their role; an API key by its scopes.
  const security = (scope?: string) => [
    { bearerAuth: [] },
    { sessionCookie: [] },
    ...(scope ? [{ apiKey: [scope] }] : []),
  ];
  const people = security();
  return {
    openapi: "3.1.0",
    info: {
      title: "User Metrics API",
      version: "2.0.0",
      description:
        "Multi-tenant user engagement metrics. Authenticate with a JWT from POST /api/v2/auth/token/ " +
        "(Authorization: Bearer), an API key of the company (Authorization: Bearer um_…), or a signed-in browser session. Checks run in the order " +
        "401 → 404 → 403 → 429 → 400. Every error body has detail, code and timestamp.",
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "um_<40 base62 characters>",
          description:
            "An API key of the company, sent as `Authorization: Bearer um_…`; each operation names the scope it needs",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The browser session; named __Secure-next-auth.session-token over HTTPS",
        },
      },
    },
    paths: {
      "/api/v2/auth/token/": {
        post: {
          operationId: "createToken",
          summary: "Exchange email and password for an access token",
          requestBody: { required: true, content: { "application/json": { schema: ref("TokenRequest") } } },
          responses: {
            "200": {
              description: "An HS256 access token",
              content: { "application/json": { schema: ref("TokenResponse") } },
            },
            "400": error("Invalid body (`validation_error`) or malformed JSON (`parse_error`)"),
            "401": error("Wrong email or password (`authentication_failed`)"),
            "413": error("Body too large (`payload_too_large`)"),
            "415": error("Not JSON (`unsupported_media_type`)"),
            "429": error(
              "Too many attempts from the address or for the account, or a delay after failures from this address (`rate_limit_exceeded`, with retry_after)",
            ),
            "503": error(
              "The sign-in limiter's store is unreachable: sign-in fails closed (`service_unavailable`), with Retry-After",
            ),
          },
        },
      },
      "/api/v2/companies/{company_id}/user-metrics/": {
        get: {
          operationId: "listUserMetrics",
          summary: "Members' engagement metrics, paginated",
          security: security("metrics:read"),
          parameters: [companyParam, ...listParams],
          responses: {
            "200": cachedJson(
              "UserMetricsResponse",
              "A page of members whose last_active falls in the window",
            ),
            "304": { description: "Not modified (If-None-Match matched the ETag)" },
            "400": error("Invalid query parameters (`validation_error`, every field reported)"),
            ...companyErrors,
            "404": error("Company not found (`company_not_found`) or page past the last (`invalid_page`)"),
          },
        },
      },
      "/api/v2/companies/{company_id}/user-metrics/summary/": {
        get: {
          operationId: "summarizeUserMetrics",
          summary: "Aggregates for the list's filters, with a zero-filled daily series",
          security: security("metrics:read"),
          parameters: [companyParam, ...queryParameters(summaryParamsSchema)],
          responses: {
            "200": cachedJson("UserMetricsSummary", "Member counts, activity in the window, daily series"),
            "304": { description: "Not modified" },
            "400": error("Invalid query parameters, or a window over 731 days"),
            ...companyErrors,
            "503": error(
              "Database unavailable, or (member filters, another zone) the company's previous such summary still computing after 20 s (`service_unavailable`), with Retry-After",
            ),
          },
        },
      },
      "/api/v2/companies/{company_id}/": {
        get: {
          operationId: "getCompany",
          summary: "The company and its settings (anyone who may read its metrics)",
          security: security("metrics:read"),
          parameters: [companyParam],
          responses: {
            "200": {
              description: "The company",
              content: { "application/json": { schema: ref("Company") } },
            },
            ...companyErrors,
          },
        },
        patch: {
          operationId: "updateCompany",
          summary:
            "Change the company's time zone (owners and admins; people only): its rollups are recomputed in the new zone, after any refresh in progress, and its cached results retired",
          security: people,
          parameters: [companyParam],
          requestBody: { required: true, content: { "application/json": { schema: ref("CompanyUpdate") } } },
          responses: {
            "200": {
              description: "The company as changed",
              content: { "application/json": { schema: ref("Company") } },
            },
            "400": error("Unknown time zone or malformed body (`validation_error`, `parse_error`)"),
            "413": error("Body too large"),
            "415": error("Not JSON"),
            ...companyErrors,
            "403": error("Not an owner or admin, or the caller is an API key (`permission_denied`)"),
          },
        },
      },
      "/api/v2/companies/{company_id}/user-metrics/retention/": {
        get: {
          operationId: "userMetricsRetention",
          summary:
            "Join cohorts (by ISO week or month, in the company's or the request's zone) and the share of each active in every period since",
          security: security("metrics:read"),
          parameters: [companyParam, ...queryParameters(retentionParamsSchema)],
          responses: {
            "200": cachedJson("UserMetricsRetention", "The latest cohorts, oldest first"),
            "304": { description: "Not modified" },
            "400": error("Invalid query parameters (`validation_error`, every field reported)"),
            ...companyErrors,
            "503": error(
              "Database unavailable, or the company's previous retention still computing after 20 s (`service_unavailable`), with Retry-After",
            ),
          },
        },
      },
      "/api/v2/companies/{company_id}/user-metrics/{user_id}/": {
        get: {
          operationId: "getUserMetric",
          summary:
            "One member's metrics (never-active members included), a zero-filled daily series of the window and their latest 20 sessions",
          security: security("metrics:read"),
          parameters: [
            companyParam,
            {
              name: "user_id",
              in: "path",
              required: true,
              description: "The member's user id (UUID)",
              schema: { type: "string", format: "uuid" },
            },
            ...queryParameters(memberDetailParamsSchema),
          ],
          responses: {
            "200": cachedJson(
              "UserMetricDetail",
              "The member's UserMetric fields, daily and recent_sessions",
            ),
            "304": { description: "Not modified" },
            "400": error("Invalid query parameters, or a window over 731 days"),
            ...companyErrors,
            "404": error(
              "Company not found (`company_not_found`), or the user is not a live member of it, or the id is malformed (`member_not_found`)",
            ),
          },
        },
      },
      "/api/v2/companies/{company_id}/user-metrics/export/": {
        get: {
          operationId: "exportUserMetrics",
          summary: "CSV of every row the list returns for the same filters and ordering (no paging)",
          security: security("metrics:export"),
          parameters: [companyParam, ...queryParameters(exportParamsSchema)],
          responses: {
            "200": {
              description: "RFC 4180 CSV, header row = UserMetric field names, streamed",
              headers: {
                ...rateLimitHeaders,
                "Content-Disposition": {
                  description: 'attachment; filename="user-metrics-<company>-<from>_<to>.csv"',
                  schema: { type: "string" },
                },
              },
              content: { "text/csv": { schema: { type: "string" } } },
            },
            "400": error("Invalid query parameters"),
            ...companyErrors,
            "503": error(
              "Too many exports running on this instance, or the database is unavailable; Retry-After",
            ),
          },
        },
      },
      "/api/v2/companies/{company_id}/user-metrics/refresh/": {
        post: {
          operationId: "refreshUserMetrics",
          summary: "Recompute the company's rollups from raw sessions (owner or admin)",
          security: security("metrics:refresh"),
          parameters: [companyParam],
          responses: {
            "200": {
              description: "What the refresh did",
              headers: rateLimitHeaders,
              content: { "application/json": { schema: ref("RefreshResponse") } },
            },
            ...companyErrors,
            "403": error(
              "Not an active owner or admin of the company: members and viewers are refused; a session-cookie POST from another origin (`csrf_failed`)",
            ),
            "409": error(
              "Another instance is refreshing this company (`refresh_in_progress`), with Retry-After; on the same instance the running refresh's result is returned (X-Refresh: shared)",
            ),
          },
        },
      },
      "/api/v2/companies/{company_id}/api-keys/": {
        get: {
          operationId: "listApiKeys",
          summary: "The company's live API keys, newest first (owners and admins; people only)",
          security: people,
          parameters: [companyParam],
          responses: {
            "200": {
              description: "Keys without their secrets",
              content: { "application/json": { schema: ref("ApiKeyList") } },
            },
            ...companyErrors,
            "403": error("Not an owner or admin, or the caller is an API key (`permission_denied`)"),
          },
        },
        post: {
          operationId: "createApiKey",
          summary: "Create an API key; its secret is in this response only (owners and admins; people only)",
          security: people,
          parameters: [companyParam],
          requestBody: { required: true, content: { "application/json": { schema: ref("ApiKeyCreate") } } },
          responses: {
            "201": {
              description: "The key and its secret (`key`)",
              content: { "application/json": { schema: ref("CreatedApiKey") } },
            },
            "400": error("Invalid body: every field reported (`validation_error`)"),
            ...companyErrors,
            "403": error("Not an owner or admin, or the caller is an API key (`permission_denied`)"),
          },
        },
      },
      "/api/v2/companies/{company_id}/api-keys/{key_id}/": {
        delete: {
          operationId: "revokeApiKey",
          summary: "Revoke an API key: every instance refuses it from the next request (owners and admins)",
          security: people,
          parameters: [
            companyParam,
            {
              name: "key_id",
              in: "path",
              required: true,
              description: "The key's id",
              schema: { type: "string", format: "uuid" },
            },
          ],
          responses: {
            "204": { description: "Revoked" },
            ...companyErrors,
            "403": error("Not an owner or admin, or the caller is an API key (`permission_denied`)"),
            "404": error("Unknown company (`company_not_found`) or no such live key (`not_found`)"),
          },
        },
      },
      "/api/v2/companies/{company_id}/sessions/": {
        post: {
          operationId: "ingestSessions",
          summary:
            "Ingest up to 1,000 raw activity sessions, all or nothing, idempotent by id (owner or admin)",
          security: security("sessions:write"),
          parameters: [companyParam],
          requestBody: { required: true, content: { "application/json": { schema: ref("SessionBatch") } } },
          responses: {
            "201": {
              description: "New sessions stored; metrics updated",
              content: { "application/json": { schema: ref("IngestResult") } },
            },
            "200": {
              description: "Nothing new (a re-sent batch)",
              content: { "application/json": { schema: ref("IngestResult") } },
            },
            "400": error("Invalid sessions: errors keyed sessions[i].field"),
            "413": error("Body too large"),
            "415": error("Not JSON"),
            ...companyErrors,
          },
        },
      },
    },
  };
}
