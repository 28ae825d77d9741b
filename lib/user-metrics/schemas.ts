import { z } from "zod";
import { ERROR_STATUS } from "@/lib/api/errors";
import { USER_STATUSES } from "@/lib/validation/user-metrics";

/**
 * The wire format of the v2 API as zod schemas: the seed's interfaces are inferred from them
 * (lib/user-metrics/types.ts) and the OpenAPI document is generated from them (lib/api/openapi.ts).
 */
const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .describe("UTC, ISO 8601 with Z, whole seconds: 2025-07-13T14:30:00Z");
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe("YYYY-MM-DD (UTC)");
const duration = z
  .string()
  .regex(/^\d{2,}:\d{2}:\d{2}$/)
  .describe("HH:MM:SS");
const count = z.int().min(0);
const statusEnum = z.enum(USER_STATUSES);

export const userMetricSchema = z
  .object({
    user_id: z.uuid(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    last_active: timestamp.describe("End of the member's latest session"),
    total_sessions: count.describe("All-time sessions in this company"),
    sessions_this_month: count.describe("Sessions started in the current UTC month"),
    avg_session_duration: duration,
    status: statusEnum,
    role: z.string().describe("owner | admin | member | viewer"),
    department: z.string().nullable(),
    created_at: timestamp,
    last_login: timestamp.describe("The later of the last sign-in and the latest session start"),
  })
  .meta({ id: "UserMetric" });

export const userMetricsResponseSchema = z
  .object({
    count: count.describe("Members whose last_active falls in the window"),
    next: z.url().nullable(),
    previous: z.url().nullable(),
    results: z.array(userMetricSchema),
  })
  .meta({ id: "UserMetricsResponse" });

const dailyPoint = z.object({
  date: day,
  active_users: count,
  sessions: count,
  avg_session_duration: duration,
  avg_session_seconds: count,
});

const memberBreakdown = z.object({
  total: count,
  by_status: z.object({ active: count, inactive: count, pending: count }),
  by_role: z.object({ owner: count, admin: count, member: count, viewer: count }),
  by_department: z.array(z.object({ department: z.string().nullable(), members: count })),
});

export const userMetricsSummarySchema = z
  .object({
    company_id: z.uuid(),
    window: z
      .object({ date_from: day, date_to: day, days: z.int().min(1) })
      .describe("The window actually used"),
    status: statusEnum.nullable(),
    members: memberBreakdown.describe(
      "The members the list returns for the same filters (last_active in the window, status), by status, role and department",
    ),
    company_members: memberBreakdown.describe(
      "Every live member of the company (status filter applied, window not), by status, role and department",
    ),
    activity: z.object({
      listed_members: count.describe("The list's count for the same filters"),
      active_users: count.describe("Members with a session started in the window"),
      sessions: count,
      avg_session_duration: duration,
      avg_session_seconds: count,
    }),
    daily: z.array(dailyPoint).describe("One entry per day of the window, zero-filled"),
  })
  .meta({ id: "UserMetricsSummary" });

export const refreshResponseSchema = z
  .object({
    company_id: z.uuid(),
    members: count,
    daily_rows: count,
    sessions: count,
    duration_ms: count,
    refreshed_at: timestamp,
  })
  .meta({ id: "RefreshResponse" });

export const ingestResultSchema = z
  .object({ received: count, inserted: count, unchanged: count, members_updated: count })
  .meta({ id: "IngestResult" });

export const tokenResponseSchema = z
  .object({
    access: z.string().describe('HS256 JWT ({"alg":"HS256","typ":"JWT"}), sub = user id'),
    token_type: z.literal("Bearer"),
    expires_in: z.int().min(1).describe("Seconds"),
  })
  .meta({ id: "TokenResponse" });

export const errorBodySchema = z
  .object({
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
    company_id: z.uuid().optional().describe("On 403"),
    errors: z.record(z.string(), z.array(z.string())).optional().describe("On 400: messages per field"),
    retry_after: z.int().min(1).optional().describe("On 429: seconds, equal to Retry-After"),
    timestamp,
  })
  .meta({ id: "ErrorBody" });
